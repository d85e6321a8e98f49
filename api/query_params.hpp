// Decoding of the AWS Query wire format: `a=1&b=two+words&c=%2F` from a URL's query string
// or an application/x-www-form-urlencoded body, with `+` as a space.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ec2sim::api {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Appends the decoded pairs of `encoded` to `out`, in order. Throws ApiError
// (MalformedQueryString) when the text is not a valid query (a bad %-escape, say).
void parse_query_params(std::string_view encoded, QueryParams& out);

// The value of the first pair named `key`, or nullptr.
const std::string* find_param(const QueryParams& params, std::string_view key);

}  // namespace ec2sim::api
