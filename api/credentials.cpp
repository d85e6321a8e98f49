#include "api/credentials.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "api/sigv4.hpp"

namespace ec2sim::api {

CredentialFile CredentialFile::parse(std::string_view json_text) {
  auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("credentials") || !doc["credentials"].is_array())
    throw std::invalid_argument("expected {\"credentials\": [{\"access_key\": …, \"secret_key\": …, \"account_id\": …}]}");
  CredentialFile file;
  std::size_t index = 0;
  for (const auto& item : doc["credentials"]) {
    auto where = "credentials[" + std::to_string(index++) + "]";
    if (!item.is_object()) throw std::invalid_argument(where + " is not an object");
    auto text = [&](const char* key, bool required) {
      if (!item.contains(key)) {
        if (required) throw std::invalid_argument(where + " has no \"" + key + "\"");
        return std::string();
      }
      if (!item[key].is_string() || item[key].get_ref<const std::string&>().empty())
        throw std::invalid_argument(where + "." + key + " must be a non-empty string");
      return item[key].get<std::string>();
    };
    CredentialEntry entry{text("access_key", true), text("secret_key", true), text("account_id", true),
                          text("name", false), text("session_token", false)};
    if (!is_account_id(entry.account_id))
      throw std::invalid_argument(where + ".account_id must be 12 digits, not '" + entry.account_id + "'");
    if (entry.access_key.find_first_of("/ ,=") != std::string::npos)
      throw std::invalid_argument(where + ".access_key may not contain '/', ' ', ',' or '='");
    auto key = entry.access_key;
    if (!file.by_key_.emplace(key, std::move(entry)).second)
      throw std::invalid_argument(where + ": access key " + key + " is listed twice");
  }
  if (file.by_key_.empty()) throw std::invalid_argument("the file lists no credentials");
  return file;
}

CredentialFile CredentialFile::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot read credentials file " + path);
  std::stringstream text;
  text << in.rdbuf();
  try {
    return parse(text.str());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("credentials file " + path + ": " + e.what());
  }
}

std::vector<const CredentialEntry*> CredentialFile::entries() const {
  std::vector<const CredentialEntry*> out;
  for (const auto& [key, entry] : by_key_) out.push_back(&entry);
  return out;
}

const CredentialEntry* CredentialFile::find(std::string_view access_key) const {
  auto it = by_key_.find(std::string(access_key));
  return it == by_key_.end() ? nullptr : &it->second;
}

}  // namespace ec2sim::api
