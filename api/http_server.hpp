// The HTTP/1.1 front door (Boost.Beast, shaped like Beast's async server example): a
// listener accepts connections, each connection is a session that reads a request, hands
// it to the Dispatcher and writes the reply, keeping the connection alive as long as the
// client wants. Reads time out, bodies are capped (an oversized one gets a 413 error
// reply, not a crash), and every request leaves one access-log line.
#pragma once

#include <cstddef>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "api/dispatcher.hpp"

namespace ec2sim::api {

struct HttpServerOptions {
  std::size_t body_limit = 1 << 20;   // bytes; AWS's Query requests are far smaller
  int read_timeout_seconds = 60;      // idle keep-alive connections are closed after this
  bool access_log = true;             // one line per request on stderr
  std::size_t max_connections = 1024; // beyond: a 503 (RequestLimitExceeded), then the connection is closed
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint, const Dispatcher& dispatcher,
             HttpServerOptions options);
  ~HttpServer();

  // The address actually bound (port 0 asks the OS for a free one).
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  void start();
  // Stops accepting; sessions finish the request they are serving.
  void stop();

 private:
  struct Listener;
  std::shared_ptr<Listener> listener_;
};

}  // namespace ec2sim::api
