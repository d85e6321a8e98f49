#include "api/query_params.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

// Percent-decodes one key or value (`+` is a space). Boost.URL validates and decodes a
// piece we have already cut out, so every read stays inside `encoded`. (Boost 1.81's
// parse_query measures its input with strlen — past the end of a string_view into the
// HTTP buffer — so it is not used: it leaked earlier requests' bytes into the last value.)
std::string decode_piece(std::string_view piece) {
  auto checked = boost::urls::make_pct_string_view(piece);
  if (!checked)
    throw ApiError(400, "MalformedQueryString",
                   "The query string is malformed: " + checked.error().message() + " in '" +
                       std::string(piece.substr(0, 64)) + "'");
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  return checked->decode(opts);
}

}  // namespace

void parse_query_params(std::string_view encoded, QueryParams& out) {
  while (!encoded.empty()) {
    auto amp = encoded.find('&');
    std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;  // stray '&'
    auto eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    out.emplace_back(decode_piece(key), decode_piece(value));
  }
}

const std::string* find_param(const QueryParams& params, std::string_view key) {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace ec2sim::api
