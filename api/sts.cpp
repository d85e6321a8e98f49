#include "api/sts.hpp"

#include "api/xml_writer.hpp"
#include "sim/errors.hpp"

namespace ec2sim::api {

std::string handle_sts(const QueryParams& params, std::string_view account, std::string_view request_id) {
  const auto* action = find_param(params, "Action");
  if (!action) throw ApiError(400, "MissingAction", "The request must contain the parameter Action");
  if (*action != "GetCallerIdentity")
    throw ApiError::invalid_action("Could not find operation " + *action + " for version 2011-06-15 (ec2sim serves "
                                   "only GetCallerIdentity of STS)");
  // The caller is the account's root user: its ARN names the account and its user id is
  // the account id, as AWS reports for root credentials.
  std::string out;
  XmlWriter xml(out);
  xml.declaration();
  xml.open("GetCallerIdentityResponse", kStsNamespace);
  xml.open("GetCallerIdentityResult");
  xml.element("Arn", "arn:aws:iam::" + std::string(account) + ":root");
  xml.element("UserId", account);
  xml.element("Account", account);
  xml.close("GetCallerIdentityResult");
  xml.open("ResponseMetadata");
  xml.element("RequestId", request_id);
  xml.close("ResponseMetadata");
  xml.close("GetCallerIdentityResponse");
  return out;
}

}  // namespace ec2sim::api
