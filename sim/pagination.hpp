// MaxResults/NextToken paging, shared by every Describe operation that has it.
//
// Results are paged over a list kept in a stable order by a unique key (an id, an
// instance-type name …). The NextToken names the key of the first item of the next page,
// so a page boundary stays put when items before it come or go. Tokens are opaque to
// clients (base64 text with a version tag); one we did not issue is
// InvalidPaginationToken, as on AWS. MaxResults bounds are checked by the model codec.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ec2sim::sim {

struct PageRequest {
  std::size_t max_results = 0;  // 0: everything that is left
  std::optional<std::string> after_key;  // resume at the first key >= this one
};

// Reads MaxResults/NextToken from a decoded request. `default_max` applies when the
// request has no MaxResults (0 = unbounded).
PageRequest page_request(const nlohmann::ordered_json& input, std::size_t default_max);

std::string encode_page_token(std::string_view key);

// Pages `items` (sorted by `key_of`, keys unique). Returns the items of this page and
// sets `next_token` when more follow.
template <class Item, class KeyOf>
std::vector<const Item*> take_page(const std::vector<const Item*>& items, const PageRequest& page, KeyOf key_of,
                                   std::optional<std::string>& next_token) {
  std::size_t begin = 0;
  if (page.after_key) {
    auto first = std::lower_bound(items.begin(), items.end(), std::string_view(*page.after_key),
                                  [&](const Item* item, std::string_view key) { return std::string_view(key_of(*item)) < key; });
    begin = static_cast<std::size_t>(first - items.begin());
  }
  std::size_t end = items.size();
  if (page.max_results && end - begin > page.max_results) end = begin + page.max_results;
  next_token.reset();
  if (end < items.size()) next_token = encode_page_token(key_of(*items[end]));
  return {items.begin() + static_cast<std::ptrdiff_t>(begin), items.begin() + static_cast<std::ptrdiff_t>(end)};
}

// The usual Describe result: {member: [show(item) for this page], NextToken when more
// follow}.
template <class Item, class KeyOf, class Show>
nlohmann::ordered_json paged_result(std::string_view member, const std::vector<const Item*>& items,
                                    const PageRequest& page, KeyOf key_of, Show show) {
  std::optional<std::string> next;
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto* item : take_page(items, page, key_of, next)) out.push_back(show(*item));
  nlohmann::ordered_json result = {{std::string(member), std::move(out)}};
  if (next) result["NextToken"] = *next;
  return result;
}

// The same over rows a caller built that keep no key of their own: `keys[i]` is `rows[i]`'s
// (unique); the rows are listed in key order.
nlohmann::ordered_json paged_rows(std::string_view member, const std::vector<nlohmann::ordered_json>& rows,
                                  const std::vector<std::string>& keys, const PageRequest& page);

}  // namespace ec2sim::sim
