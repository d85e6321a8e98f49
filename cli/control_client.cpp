#include "cli/control_client.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

#include "api/control_routes.hpp"

namespace ec2sim::cli {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;

}  // namespace

namespace {

struct HostPort {
  std::string host, port;
};

HostPort host_port(const ControlEndpoint& endpoint) {
  auto url = boost::urls::parse_uri(endpoint.url);
  if (!url || url->scheme() != "http" || url->host().empty())
    throw std::runtime_error("--endpoint " + endpoint.url + " is not an http://HOST:PORT URL");
  return {url->host(), url->has_port() ? std::string(url->port()) : "80"};
}

}  // namespace

std::string host_header(const ControlEndpoint& endpoint) {
  const auto [host, port] = host_port(endpoint);
  return host + ":" + port;
}

Answer call(const ControlEndpoint& endpoint, http::verb method, const std::string& path, const std::string& body,
            const Headers& headers) {
  const auto [host, port] = host_port(endpoint);
  net::io_context ioc;
  boost::beast::tcp_stream stream(ioc);
  boost::system::error_code ec;
  auto addresses = net::ip::tcp::resolver(ioc).resolve(host, port, ec);
  if (!ec) stream.connect(addresses, ec);
  if (ec)
    throw std::runtime_error("no ec2sim answers at " + endpoint.url + " (" + ec.message() +
                             "); start one with `ec2sim serve`, or name it with --endpoint");
  http::request<http::string_body> request{method, path, 11};
  request.set(http::field::host, host + ":" + port);
  request.set(http::field::content_type, "application/json");
  if (!endpoint.admin_token.empty()) request.set(http::field::authorization, "Bearer " + endpoint.admin_token);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  stream.expires_after(std::chrono::seconds(30));  // a server that accepts but never answers
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return {static_cast<int>(response.result_int()), response.body()};
}

namespace {

// Prints the server's answer (its JSON, indented) and turns its status into an exit status.
int report(const Answer& answer) {
  auto doc = nlohmann::json::parse(answer.body, nullptr, false);
  const std::string text = doc.is_discarded() ? answer.body : doc.dump(2);
  if (answer.status / 100 == 2) {
    std::cout << text << "\n";
    return 0;
  }
  std::cerr << "ec2sim: the server answered " << answer.status << ": " << text << "\n";
  if (answer.status == 401)
    std::cerr << "ec2sim: pass the admin token the server printed when it started: --admin-token TOKEN "
                 "(or EC2SIM_ADMIN_TOKEN)\n";
  return 1;
}

int run(const ControlEndpoint& endpoint, http::verb method, const std::string& path, const std::string& body) {
  try {
    return report(call(endpoint, method, path, body));
  } catch (const std::exception& e) {
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace

std::optional<double> parse_duration_seconds(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
  if (ec != std::errc() || !std::isfinite(value) || value < 0) return std::nullopt;
  const std::string_view unit(end, text.data() + text.size() - end);
  double seconds = 0;
  if (unit.empty() || unit == "s") seconds = value;
  else if (unit == "m") seconds = value * 60;
  else if (unit == "h") seconds = value * 3600;
  else if (unit == "d") seconds = value * 86400;
  else return std::nullopt;
  if (seconds > api::kMaxAdvanceSeconds) return std::nullopt;
  return seconds;
}

int reset_command(const ControlEndpoint& endpoint, const std::optional<std::string>& account) {
  const nlohmann::json body = account ? nlohmann::json{{"account_id", *account}} : nlohmann::json::object();
  return run(endpoint, http::verb::post, "/_ec2sim/reset", body.dump());
}

int clock_command(const ControlEndpoint& endpoint, const std::optional<std::string>& advance) {
  if (!advance) return run(endpoint, http::verb::get, "/_ec2sim/clock", "");
  const auto seconds = parse_duration_seconds(*advance);
  if (!seconds) {
    std::cerr << "ec2sim: clock: '" << *advance << "' is not a duration (examples: +3600, 90m, 1h, 2d)\n";
    return 2;
  }
  return run(endpoint, http::verb::post, "/_ec2sim/clock", nlohmann::json{{"advance_seconds", *seconds}}.dump());
}

}  // namespace ec2sim::cli
