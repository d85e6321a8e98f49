#include "api/sts.hpp"

#include "api/sigv4.hpp"
#include "api/xml_writer.hpp"
#include "sim/errors.hpp"

namespace ec2sim::api {

namespace {

// An IAM user's unique id: "AIDA" and 17 characters of [A-Z2-7], here derived from the
// access key so that it is the same on every call and every server.
std::string user_id_for(std::string_view access_key) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const std::string digest = sha256_hex(access_key);
  std::string id = "AIDA";
  for (std::size_t i = 0; i < 17; ++i) id += alphabet[std::stoi(digest.substr(i * 2, 2), nullptr, 16) % 32];
  return id;
}

}  // namespace

std::string handle_sts(const QueryParams& params, const Caller& caller, std::string_view request_id) {
  const auto* action = find_param(params, "Action");
  if (!action) throw ApiError(400, "MissingAction", "The request must contain the parameter Action");
  if (*action != "GetCallerIdentity")
    throw ApiError::invalid_action("Could not find operation " + *action + " for version 2011-06-15 (ec2sim serves "
                                   "only GetCallerIdentity of STS)");
  // A named credential (strict mode) is an IAM user of its account; otherwise the caller
  // is the account's root user, whose user id is the account id, as AWS reports it.
  const bool user = !caller.user_name.empty();
  const std::string& account = caller.account;
  std::string out;
  XmlWriter xml(out);
  xml.declaration();
  xml.open("GetCallerIdentityResponse", kStsNamespace);
  xml.open("GetCallerIdentityResult");
  xml.element("Arn", "arn:aws:iam::" + account + (user ? ":user/" + caller.user_name : std::string(":root")));
  xml.element("UserId", user ? user_id_for(caller.access_key) : account);
  xml.element("Account", account);
  xml.close("GetCallerIdentityResult");
  xml.open("ResponseMetadata");
  xml.element("RequestId", request_id);
  xml.close("ResponseMetadata");
  xml.close("GetCallerIdentityResponse");
  return out;
}

}  // namespace ec2sim::api
