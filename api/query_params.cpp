#include "api/query_params.hpp"

#include <boost/url/parse_query.hpp>
#include <boost/url/params_view.hpp>

#include "sim/errors.hpp"

namespace ec2sim::api {

void parse_query_params(std::string_view encoded, QueryParams& out) {
  if (encoded.empty()) return;
  auto parsed = boost::urls::parse_query(encoded);
  if (!parsed) throw ApiError(400, "MalformedQueryString", "The query string is malformed: " + parsed.error().message());
  boost::urls::encoding_opts opts;
  opts.space_as_plus = true;
  for (auto param : boost::urls::params_view(encoded, opts)) {  // valid: parse_query accepted it
    if (param.key.empty() && !param.has_value) continue;  // stray '&'
    out.emplace_back(std::move(param.key), std::move(param.value));
  }
}

const std::string* find_param(const QueryParams& params, std::string_view key) {
  for (const auto& [k, v] : params)
    if (k == key) return &v;
  return nullptr;
}

}  // namespace ec2sim::api
