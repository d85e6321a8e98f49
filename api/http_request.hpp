// A request as the Dispatcher sees it: views into the HTTP server's parsed message (or a
// test's strings), valid while the request is handled. Headers are kept as sent, since a
// signature covers the ones its client chose.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ec2sim::api {

struct HttpRequest {
  using Header = std::pair<std::string_view, std::string_view>;  // name, value

  std::string_view method;
  std::string_view target;  // path and query, as sent
  std::string_view body;
  std::vector<Header> headers;
  std::string_view peer_address = {};  // the client's IP address ("" when not over a socket)

  // The first header called `name` (any case), or "" when there is none.
  std::string_view header(std::string_view name) const {
    for (const auto& [n, v] : headers)
      if (equal_ignoring_case(n, name)) return v;
    return {};
  }

  static bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (lower(a[i]) != lower(b[i])) return false;
    return true;
  }
  static char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
  static std::string lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
  }
};

}  // namespace ec2sim::api
