#include "sim/pagination.hpp"

#include <openssl/evp.h>

#include "sim/errors.hpp"

namespace ec2sim::sim {
namespace {

constexpr std::string_view kTokenTag = "ec2sim.v1:";

ApiError invalid_token(std::string_view token) {
  return ApiError::client("InvalidPaginationToken", "The pagination token '" + std::string(token) + "' is invalid.");
}

}  // namespace

std::string encode_page_token(std::string_view key) {
  std::string plain = std::string(kTokenTag) + std::string(key);
  std::string out(4 * ((plain.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

PageRequest page_request(const nlohmann::ordered_json& input, std::size_t default_max) {
  PageRequest page;
  page.max_results = default_max;
  if (auto it = input.find("MaxResults"); it != input.end()) page.max_results = it->get<std::size_t>();
  auto it = input.find("NextToken");
  if (it == input.end()) return page;
  const auto& token = it->get_ref<const std::string&>();
  if (token.empty()) return page;  // some SDKs send an empty token on the first call
  if (token.size() % 4 != 0 || token.size() > 4096) throw invalid_token(token);
  std::string plain(3 * token.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(plain.data()),
                          reinterpret_cast<const unsigned char*>(token.data()), static_cast<int>(token.size()));
  if (n < 0) throw invalid_token(token);
  // EVP_DecodeBlock keeps the zero bytes that stand for '=' padding: drop them.
  std::size_t padding = token.ends_with("==") ? 2 : token.ends_with("=") ? 1 : 0;
  plain.resize(static_cast<std::size_t>(n) - padding);
  if (!plain.starts_with(kTokenTag)) throw invalid_token(token);
  page.after_key = plain.substr(kTokenTag.size());
  return page;
}

nlohmann::ordered_json paged_rows(std::string_view member, const std::vector<nlohmann::ordered_json>& rows,
                                  const std::vector<std::string>& keys, const PageRequest& page) {
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::vector<const std::size_t*> items;
  for (const auto& i : order) items.push_back(&i);
  return paged_result(
      member, items, page, [&](const std::size_t& i) -> const std::string& { return keys[i]; },
      [&](const std::size_t& i) { return rows[i]; });
}

}  // namespace ec2sim::sim
