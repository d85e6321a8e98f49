// The console's browser terminal (EC2 Instance Connect in the page): a WebSocket (Boost.Beast)
// that carries a login shell's terminal — connect::ConnectService::open_terminal — to xterm
// in the browser. Binary frames both ways are the terminal's bytes; text frames are JSON:
// {"resize": {"cols": C, "rows": R}} from the browser, and from here {"error": code,
// "message": …} when the shell could not be opened (then the socket closes) or
// {"exit": status} when it ended.
#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "connect/connect_service.hpp"

namespace ec2sim::api {

// Accepts the WebSocket upgrade `request` on `stream`, then serves `session` (or, when it
// holds an error, says so and closes) until either side ends. `held` is kept as long as the
// socket lives (the HTTP server's count of open connections).
void serve_terminal_socket(boost::beast::tcp_stream stream, boost::beast::http::request<boost::beast::http::string_body> request,
                           connect::TerminalSession session, std::shared_ptr<void> held);

}  // namespace ec2sim::api
