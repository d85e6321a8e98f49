// The credentials a strict server accepts (`--auth strict --credentials FILE`), read once
// at start-up from JSON:
//   {"credentials": [{"access_key": "AKIA…", "secret_key": "…", "account_id": "111122223333",
//                     "name": "student01", "session_token": "…"}]}
// `name` (the IAM user GetCallerIdentity reports) and `session_token` (for temporary
// credentials: requests must then carry it as X-Amz-Security-Token) are optional.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ec2sim::api {

struct CredentialEntry {
  std::string access_key;
  std::string secret_key;
  std::string account_id;
  std::string name;
  std::string session_token;
};

class CredentialFile {
 public:
  // Throws std::invalid_argument naming the entry and what is wrong with it.
  static CredentialFile parse(std::string_view json_text);
  static CredentialFile load(const std::string& path);

  const CredentialEntry* find(std::string_view access_key) const;
  // Every entry, in no particular order.
  std::vector<const CredentialEntry*> entries() const;

 private:
  std::unordered_map<std::string, CredentialEntry> by_key_;
};

}  // namespace ec2sim::api
