#include "api/http_server.hpp"

#include <atomic>
#include <stdexcept>
#include <string>
#include <chrono>
#include <cstdio>

#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "api/beast_request.hpp"
#include "api/error_envelope.hpp"
#include "api/terminal_socket.hpp"
#include "connect/peer_address.hpp"
#include "sim/errors.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

void write_access_log(const HttpReply& reply, std::string_view method, double millis) {
  // One fwrite per line: stdio locks the stream per call, so lines from the two
  // worker threads never interleave.
  char line[1024];
  int n = std::snprintf(line, sizeof line, "%s %s account=%s region=%s action=%.*s method=%.*s status=%d ms=%.3f\n",
                        sim::format_iso8601(std::chrono::system_clock::now()).c_str(), reply.request_id.c_str(),
                        reply.account.empty() ? "-" : reply.account.c_str(),
                        reply.region.empty() ? "-" : reply.region.c_str(),
                        static_cast<int>(std::min<std::size_t>(reply.action.empty() ? 1 : reply.action.size(), 400)),
                        reply.action.empty() ? "-" : reply.action.c_str(), static_cast<int>(method.size()),
                        method.data(), reply.status, millis);
  if (n > 0) std::fwrite(line, 1, std::min<std::size_t>(static_cast<std::size_t>(n), sizeof line - 1), stderr);
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `open` counts the server's connections; this one is counted until it is destroyed.
  Session(tcp::socket&& socket, const Dispatcher& dispatcher, const HttpServerOptions& options,
          std::shared_ptr<std::atomic<std::size_t>> open)
      : stream_(std::move(socket)), dispatcher_(dispatcher), options_(options), open_(std::move(open)) {
    over_limit_ = open_->fetch_add(1) >= options_.max_connections;
    beast::error_code ec;
    const auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_address_ = connect::plain_address(peer.address());
  }
  ~Session() { open_->fetch_sub(1); }

  void run() {
    if (over_limit_)  // one connection too many: say so, then hang up
      return net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->refuse(ApiError::throttled());
      });
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this()));
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(options_.body_limit);
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::connection_reset ||
        ec == net::error::eof)
      return close();
    if (ec) {
      // Malformed HTTP or a body over the limit: answer with an EC2 error, then hang up,
      // since the rest of the stream cannot be trusted.
      bool too_large = ec == http::error::body_limit || ec == http::error::header_limit;
      return refuse(too_large ? ApiError(413, "RequestEntityTooLarge", "The request is larger than ec2sim accepts (" +
                                                                           std::to_string(options_.body_limit) + " bytes).")
                              : ApiError(400, "MalformedRequest", "The HTTP request could not be parsed: " + ec.message()));
    }

    const auto& req = parser_->get();
    auto started = std::chrono::steady_clock::now();
    if (beast::websocket::is_upgrade(req) && is_terminal_path(split_target(req.target()).first))
      return open_terminal(started);
    auto view = request_view(req);
    view.peer_address = peer_address_;
    HttpReply reply = dispatcher_.handle(view);
    if (options_.access_log) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      write_access_log(reply, req.method_string(), ms);
    }
    send(std::move(reply), req.keep_alive(), req.version());
  }

  // The browser terminal: the connection becomes its WebSocket (api/terminal_socket.hpp) and
  // leaves this session.
  void open_terminal(std::chrono::steady_clock::time_point started) {
    auto view = request_view(parser_->get());
    view.peer_address = peer_address_;
    auto session = dispatcher_.open_terminal(view);
    if (options_.access_log) {
      HttpReply logged;
      logged.status = session.status == 200 ? 101 : session.status;
      logged.action = "terminal" + (session.error.empty() ? std::string() : " " + session.error);
      write_access_log(logged, "GET", std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    // The terminal stays one of the server's connections (--max-connections) while it lasts.
    open_->fetch_add(1);
    std::shared_ptr<void> counted(nullptr, [open = open_](void*) { open->fetch_sub(1); });
    serve_terminal_socket(std::move(stream_), parser_->release(), std::move(session), std::move(counted));
  }

  // An EC2 error before (or instead of) reading a whole request; then the connection
  // closes, since the rest of the stream cannot be trusted.
  void refuse(const ApiError& error) {
    HttpReply reply;
    reply.request_id = new_request_id();
    reply.status = error.status();
    reply.body = ec2_error_body(error, reply.request_id);
    reply.action = error.code();
    if (options_.access_log) write_access_log(reply, "-", 0);
    lingering_ = true;
    send(std::move(reply), /*keep_alive=*/false, 11);
  }

  void send(HttpReply reply, bool keep_alive, unsigned version) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(reply.status), version);
    res->set(http::field::server, "ec2sim");
    res->set(http::field::content_type, reply.content_type);
    res->set("x-amzn-RequestId", reply.request_id);
    for (const auto& [name, value] : reply.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = std::move(reply.body);
    res->prepare_payload();
    response_ = res;
    // The answer gets a window of its own: the read's (set before the client sent its
    // request, so partly spent waiting) must not cut a response off mid-body.
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    http::async_write(stream_, *res, [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
      self->response_.reset();
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (lingering_) drain();
  }

  // After an early error reply the client may still be sending its body; closing at once
  // would reset the connection before it reads our answer. Read and discard what is in
  // flight (bounded in time and bytes), as web servers' "lingering close" does.
  void drain() {
    if (drained_ == 0) stream_.expires_after(std::chrono::seconds(5));
    if (!discard_) discard_ = std::make_unique<char[]>(kDiscardSize);
    stream_.async_read_some(net::buffer(discard_.get(), kDiscardSize),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (!ec && self->drained_ < kDrainLimit) self->drain();
                            });
  }

  static constexpr std::size_t kDiscardSize = 64 * 1024;
  static constexpr std::size_t kDrainLimit = 64 * 1024 * 1024;
  bool lingering_ = false;
  std::size_t drained_ = 0;
  std::unique_ptr<char[]> discard_;

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<void> response_;
  const Dispatcher& dispatcher_;
  const HttpServerOptions options_;
  std::shared_ptr<std::atomic<std::size_t>> open_;
  bool over_limit_ = false;
  std::string peer_address_;
};

}  // namespace

struct HttpServer::Listener : std::enable_shared_from_this<HttpServer::Listener> {
  Listener(net::io_context& ioc, const tcp::endpoint& endpoint, const Dispatcher& dispatcher, HttpServerOptions options)
      : ioc(ioc), acceptor(net::make_strand(ioc)), dispatcher(dispatcher), options(options) {
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    beast::error_code ec;
    acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error(cannot_listen(endpoint, ec));
  }

  // What to tell whoever started the server, instead of Boost's error text.
  static std::string cannot_listen(const tcp::endpoint& endpoint, const beast::error_code& ec) {
    const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    if (ec == net::error::address_in_use)
      return "port " + std::to_string(endpoint.port()) + " on " + endpoint.address().to_string() +
             " is taken (another ec2sim, LocalStack or moto?); stop it, or choose another port with --port "
             "(--port 0 picks a free one)";
    if (ec == net::error::access_denied)
      return "not allowed to listen on " + where + " (ports below 1024 need root); choose another port with --port";
    if (ec == std::errc::address_not_available)
      return "cannot listen on " + where + ": no network interface of this machine has that address (--host)";
    return "cannot listen on " + where + ": " + ec.message();
  }

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted || !self->acceptor.is_open()) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), self->dispatcher, self->options, self->open)->run();
      }
      self->accept();
    });
  }

  net::io_context& ioc;
  tcp::acceptor acceptor;
  const Dispatcher& dispatcher;
  HttpServerOptions options;
  std::shared_ptr<std::atomic<std::size_t>> open = std::make_shared<std::atomic<std::size_t>>(0);  // connections
};

HttpServer::HttpServer(net::io_context& ioc, const tcp::endpoint& endpoint, const Dispatcher& dispatcher,
                       HttpServerOptions options)
    : listener_(std::make_shared<Listener>(ioc, endpoint, dispatcher, options)) {}

HttpServer::~HttpServer() = default;

tcp::endpoint HttpServer::local_endpoint() const { return listener_->acceptor.local_endpoint(); }

void HttpServer::start() { listener_->accept(); }

void HttpServer::stop() {
  net::post(listener_->acceptor.get_executor(), [l = listener_] {
    beast::error_code ignored;
    l->acceptor.close(ignored);
  });
}

}  // namespace ec2sim::api
