// libFuzzer target: the HTTP front door as a connection sees it — request line, headers,
// chunked or sized bodies — parsed by Beast with the server's limits, then handed to the
// Dispatcher (every EC2 operation, STS and the control routes, on an in-memory store).
// Whatever arrives, the answer is never a 500 (a fault of ours).
#include <cstdint>
#include <cstdlib>
#include <string>

#include <boost/beast/http/parser.hpp>

#include "api/beast_request.hpp"
#include "api/dispatcher.hpp"
#include "api/http_server.hpp"

namespace {

using namespace ec2sim;
namespace http = boost::beast::http;

struct Server {
  catalog::Catalog catalog = catalog::Catalog::load_builtin();
  store::Store store{":memory:"};
  sim::SimClock clock;
  api::Dispatcher dispatcher{catalog, store, clock, {"ap-northeast-2", {sim::Timing::instant(), {}, {}, {}}, {}, ""}};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Server server;
  const api::HttpServerOptions limits;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(limits.body_limit);
  boost::beast::error_code ec;
  boost::asio::const_buffer rest(bytes.data(), bytes.size());
  while (rest.size() > 0 && !parser.is_done()) {  // as async_read feeds it: piece by piece
    std::size_t used = parser.put(rest, ec);
    if (ec == http::error::need_more) ec = {};
    if (ec || used == 0) break;
    rest += used;
  }
  if (!ec && !parser.is_done() && parser.got_some()) parser.put_eof(ec);  // the connection closed here
  if (ec || !parser.is_done()) return 0;  // the server answers MalformedRequest and hangs up
  auto reply = server.dispatcher.handle(api::request_view(parser.get()));
  if (reply.status == 500) std::abort();
  return 0;
}
