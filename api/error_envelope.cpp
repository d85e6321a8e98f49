#include "api/error_envelope.hpp"

#include <nlohmann/json.hpp>

#include "api/sts.hpp"
#include "api/xml_writer.hpp"

namespace ec2sim::api {

std::string ec2_error_body(const ApiError& error, std::string_view request_id) {
  std::string out;
  XmlWriter xml(out);
  xml.declaration();
  xml.open("Response");
  xml.open("Errors");
  xml.open("Error");
  xml.element("Code", error.code());
  xml.element("Message", error.what());
  xml.close("Error");
  xml.close("Errors");
  xml.element("RequestID", request_id);
  xml.close("Response");
  return out;
}

std::string sts_error_body(const ApiError& error, std::string_view request_id) {
  std::string out;
  XmlWriter xml(out);
  xml.declaration();
  xml.open("ErrorResponse", kStsNamespace);
  xml.open("Error");
  xml.element("Type", error.status() >= 500 ? "Receiver" : "Sender");
  xml.element("Code", error.code());
  xml.element("Message", error.what());
  xml.close("Error");
  xml.element("RequestId", request_id);
  xml.close("ErrorResponse");
  return out;
}

std::string json_error_body(const ApiError& error) {
  return nlohmann::ordered_json{{"__type", error.code()}, {"message", error.what()}}.dump();
}

}  // namespace ec2sim::api
