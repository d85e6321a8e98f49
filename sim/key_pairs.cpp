// Key pairs: CreateKeyPair, ImportKeyPair, DescribeKeyPairs, DeleteKeyPair.
//
// Only the public half is stored: a created key's private key is returned once, in the
// CreateKeyPair response, and can never be read again — as on AWS.
#include <algorithm>

#include "sim/errors.hpp"
#include "sim/quotas.hpp"
#include "sim/filters.hpp"
#include "sim/handlers.hpp"
#include "sim/resource_ids.hpp"
#include "sim/ssh_keys.hpp"
#include "sim/tags.hpp"
#include "sim/time_format.hpp"
#include "sim/resource_kinds.hpp"

namespace ec2sim::sim {
namespace {

using json = nlohmann::ordered_json;

const FilterTable& key_pair_filters() {
  static const FilterTable table{{
                                     {"key-pair-id", FilterTable::path("KeyPairId")},
                                     {"key-name", FilterTable::path("KeyName")},
                                     {"fingerprint", FilterTable::path("KeyFingerprint")},
                                     {"key-type", FilterTable::path("KeyType")},
                                 },
                                 /*has_tags=*/true};
  return table;
}

void validate_name(const std::string& name) {
  bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
  if (name.empty() || name.size() > 255 || !ascii)
    throw ApiError::invalid_value("Key pair names must be 1 to 255 ASCII characters; '" + name + "' is not.");
}

const json* find_key_pair_by_name(const store::Documents& docs, const std::string& name) {
  for (const auto& [id, doc] : docs)
    if (doc.at("KeyName") == name) return &doc;
  return nullptr;
}

ApiError duplicate(const std::string& name) {
  return ApiError::client("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
}

ApiError not_found(const std::string& what) {
  return ApiError::client("InvalidKeyPair.NotFound", "The key pair '" + what + "' does not exist");
}

// Stores a new key pair and returns its document.
json store_key_pair(const RequestContext& ctx, const json& input, const std::string& type, const std::string& public_key,
                    const std::string& fingerprint) {
  const std::string name = input.at("KeyName").get<std::string>();
  json tags = tags_for(input, kind::key_pair);
  return ctx.store.write([&](store::Writer& w) {
    if (find_key_pair_by_name(w.all(ctx.scope(), kind::key_pair), name)) throw duplicate(name);
    require_within(ctx.settings.quotas, "key-pairs", static_cast<std::int64_t>(w.all(ctx.scope(), kind::key_pair).size()),
                   1, "KeyPairLimitExceeded", "Maximum of " + std::to_string(ctx.settings.quotas["key-pairs"]) +
                                                  " key pairs reached in " + ctx.region.name + ".");
    json doc = {{"KeyPairId", new_id("key")},
                {"KeyFingerprint", fingerprint},
                {"KeyName", name},
                {"KeyType", type},
                {"Tags", tags},
                {"PublicKey", public_key},
                {"CreateTime", format_iso8601(ctx.now)}};
    w.put(ctx.scope(), kind::key_pair, doc["KeyPairId"].get<std::string>(), doc);
    return doc;
  });
}

}  // namespace

json create_key_pair(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("KeyName").get<std::string>();
  validate_name(name);
  const std::string type = input.value("KeyType", "rsa");
  // Fail before generating a key when the name is taken (generation costs milliseconds).
  // store_key_pair checks again inside its transaction; this early check only spares
  // generating a key (milliseconds of RSA work) for a name that is taken.
  for (const auto& doc : ctx.store.list(ctx.scope(), kind::key_pair))
    if (doc.at("KeyName") == name) throw duplicate(name);
  GeneratedKey key = generate_key(type, name, input.value("KeyFormat", "pem"));
  json doc = store_key_pair(ctx, input, type, key.public_key, key.fingerprint);
  return {{"KeyFingerprint", doc["KeyFingerprint"]},
          {"KeyMaterial", key.private_key},
          {"KeyName", name},
          {"KeyPairId", doc["KeyPairId"]},
          {"Tags", doc["Tags"]}};
}

json import_key_pair(const RequestContext& ctx, const json& input) {
  const std::string name = input.at("KeyName").get<std::string>();
  validate_name(name);
  // The material is a blob, which clients send base64-encoded; accept the bare text too
  // (what decodes to no text was not encoded: base64 DER given once).
  const std::string material = input.at("PublicKeyMaterial").get<std::string>();
  std::string text;
  try {
    text = base64_decode(material);
  } catch (const ApiError&) {
    text = material;
  }
  const bool is_text = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
  });
  if (!is_text || text.empty()) text = material;
  ImportedKey key = import_public_key(text);
  json doc = store_key_pair(ctx, input, key.type, key.public_key, key.fingerprint);
  return {{"KeyFingerprint", doc["KeyFingerprint"]},
          {"KeyName", name},
          {"KeyPairId", doc["KeyPairId"]},
          {"Tags", doc["Tags"]}};
}

json describe_key_pairs(const RequestContext& ctx, const json& input) {
  auto filters = filters_from_request(input);
  key_pair_filters().validate(filters);
  auto docs = ctx.store.list(ctx.scope(), kind::key_pair);
  auto named = [&](const char* member, const char* field) {
    std::vector<std::string> wanted;
    for (const auto& v : input.value(member, json::array())) wanted.push_back(v.get<std::string>());
    std::vector<std::string> missing;
    for (const auto& w : wanted)
      if (std::none_of(docs.begin(), docs.end(), [&](const json& d) { return d.at(field) == w; })) missing.push_back(w);
    if (!missing.empty()) throw ApiError::not_found("InvalidKeyPair.NotFound", "key pair", "key pairs", missing);
    return wanted;
  };
  auto names = named("KeyNames", "KeyName");
  auto ids = named("KeyPairIds", "KeyPairId");
  const bool include_public_key = input.value("IncludePublicKey", false);

  json out = json::array();
  for (auto& doc : docs) {
    auto listed = [&](const std::vector<std::string>& wanted, const char* field) {
      return wanted.empty() || std::find(wanted.begin(), wanted.end(), doc.at(field).get<std::string>()) != wanted.end();
    };
    if (!listed(names, "KeyName") || !listed(ids, "KeyPairId")) continue;
    if (!key_pair_filters().matches(filters, doc)) continue;
    if (!include_public_key) doc.erase("PublicKey");
    out.push_back(std::move(doc));
  }
  return {{"KeyPairs", std::move(out)}};
}

json delete_key_pair(const RequestContext& ctx, const json& input) {
  const std::string name = input.value("KeyName", "");
  const std::string id = input.value("KeyPairId", "");
  if (name.empty() && id.empty())
    throw ApiError::missing_parameter("The request must contain the parameter KeyName or KeyPairId");
  return ctx.store.write([&](store::Writer& w) {
    const json* doc = id.empty() ? find_key_pair_by_name(w.all(ctx.scope(), kind::key_pair), name) : w.find(ctx.scope(), kind::key_pair, id);
    // Deleting a name that does not exist succeeds, as on AWS; an unknown id does not.
    if (!doc) {
      if (!id.empty()) throw not_found(id);
      return json::object();
    }
    if (!name.empty() && doc->at("KeyName") != name)
      throw ApiError::invalid_combination("KeyName and KeyPairId name different key pairs.");
    const std::string deleted = doc->at("KeyPairId").get<std::string>();
    w.erase(ctx.scope(), kind::key_pair, deleted);
    return json{{"KeyPairId", deleted}};  // the answer names the key pair it deleted
  });
}

}  // namespace ec2sim::sim
