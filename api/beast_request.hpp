// The Dispatcher's view of a request Boost.Beast parsed: one place, used by the HTTP server
// and by the HTTP fuzz target, so both hand the Dispatcher exactly the same thing.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "api/http_request.hpp"

namespace ec2sim::api {

inline HttpRequest request_view(const boost::beast::http::request<boost::beast::http::string_body>& req) {
  HttpRequest view{req.method_string(), req.target(), req.body(), {}};
  view.headers.reserve(16);
  for (const auto& field : req) view.headers.emplace_back(field.name_string(), field.value());
  return view;
}

}  // namespace ec2sim::api
