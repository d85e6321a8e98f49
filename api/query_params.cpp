#include "api/query_params.hpp"

#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>

#include "sim/errors.hpp"

namespace ec2sim::api {
namespace {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF). Every EC2 parameter is text; bytes that are not would reach stored documents.
bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
    if (extra < 0 || c > 0xF4 || text.size() - i <= static_cast<std::size_t>(extra)) return false;
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if ((c == 0xE0 && next < 0xA0) || (c == 0xED && next > 0x9F) || (c == 0xF0 && next < 0x90) ||
        (c == 0xF4 && next > 0x8F))
      return false;
    for (int k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

// Percent-decodes one key or value (`+` is a space). Boost.URL validates and decodes a
// piece we have already cut out, so every read stays inside `encoded`. (Boost 1.81's
// parse_query measures its input with strlen — past the end of a string_view into the
// HTTP buffer — so it is not used: it leaked earlier requests' bytes into the last value.)
std::string decode_piece(std::string_view piece) {
  // The piece is named in the message only when it is text itself.
  auto where = [&] { return valid_utf8(piece) ? " in '" + std::string(piece.substr(0, 64)) + "'" : std::string(); };
  auto checked = boost::urls::make_pct_string_view(piece);
  if (!checked)
    throw ApiError(400, "MalformedQueryString", "The query string is malformed: " + checked.error().message() + where());
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  std::string decoded = checked->decode(opts);
  if (!valid_utf8(decoded))
    throw ApiError(400, "MalformedQueryString", "The query string is malformed: a parameter is not UTF-8 text" + where());
  return decoded;
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
