#include "api/terminal_socket.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "sim/json_text.hpp"

namespace ec2sim::api {
namespace {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = beast::websocket;

// The most one browser message may carry: keystrokes and pastes, not files.
constexpr std::size_t kMaxMessage = 1 << 20;

class TerminalSocket : public std::enable_shared_from_this<TerminalSocket> {
 public:
  TerminalSocket(beast::tcp_stream stream, connect::TerminalSession session, std::shared_ptr<void> held)
      : ws_(std::move(stream)), terminal_(ws_.get_executor()), exit_timer_(ws_.get_executor()),
        session_(std::move(session)), held_(std::move(held)) {
    beast::error_code ec;
    if (const int fd = std::exchange(session_.terminal, -1); fd >= 0) {
      terminal_.assign(fd, ec);
      if (ec) ::close(fd);
    }
    if (ec) {  // the descriptor could not join the event loop: said to the browser like any failure
      session_.status = 503;
      session_.error = "ConnectUnavailable";
      session_.message = "the terminal could not be served: " + ec.message();
    }
  }

  // The browser left first: the shell gets a hangup, as when an ssh client goes away.
  ~TerminalSocket() { hang_up_shell(); }

  void run(beast::http::request<beast::http::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) { res.set(beast::http::field::server, "ec2sim"); }));
    ws_.read_message_max(kMaxMessage);
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      if (self->session_.status != 200) return self->refuse();
      self->read_terminal();
      self->read_browser();
    });
  }

 private:
  void refuse() { say_and_close({{"error", session_.error}, {"message", session_.message}}, websocket::close_code::policy_error); }

  // The last message (a text frame), then the close. json_text: the message may quote the
  // request's own bytes (an instance id from the path), which need not be UTF-8.
  void say_and_close(const nlohmann::ordered_json& message, websocket::close_code code) {
    last_message_ = sim::json_text(message);
    ws_.text(true);
    ws_.async_write(net::buffer(last_message_), [self = shared_from_this(), code](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->ws_.async_close(websocket::close_reason(code), [self](beast::error_code) {});
    });
  }

  // The shell's output, to the browser as binary frames; at its end, the exit status.
  void read_terminal() {
    terminal_.async_read_some(net::buffer(output_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->await_exit(20);  // EIO: the terminal's last holder has gone
      self->ws_.binary(true);
      self->ws_.async_write(net::buffer(self->output_.data(), n), [self](beast::error_code error, std::size_t) {
        if (!error) self->read_terminal();
      });
    });
  }

  // The shell may still be exiting when its terminal closes: asked again every 50 ms, for at
  // most a second, then the status is reported as the hangup's.
  void await_exit(int tries) {
    int status = 0;
    // A shell already hung up on is reaped elsewhere: its pid is not ours to wait for again.
    const pid_t done = exited_ ? -1 : ::waitpid(session_.pid, &status, WNOHANG);
    if (done == 0 && tries > 0) {
      exit_timer_.expires_after(std::chrono::milliseconds(50));
      exit_timer_.async_wait([self = shared_from_this(), tries](beast::error_code ec) {
        if (!ec) self->await_exit(tries - 1);
      });
      return;
    }
    int code = 128 + SIGHUP;
    if (done == session_.pid) {
      exited_ = true;
      code = connect::exit_code(status);
    }
    say_and_close({{"exit", code}}, websocket::close_code::normal);
  }

  // The browser's keystrokes (binary) to the terminal, one message at a time; its resizes
  // (text) to the terminal's window size.
  void read_browser() {
    input_.clear();
    ws_.async_read(input_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) {  // closed or broken: the shell gets a hangup and the terminal goes, which ends the output loop
        self->hang_up_shell();
        beast::error_code ignored;
        self->terminal_.close(ignored);
        return;
      }
      if (self->ws_.got_text()) {
        self->resize(beast::buffers_to_string(self->input_.data()));
        return self->read_browser();
      }
      net::async_write(self->terminal_, self->input_.data(), [self](beast::error_code error, std::size_t) {
        if (!error) self->read_browser();
      });
    });
  }

  // Once: a hangup for a shell still running, and its reaping.
  void hang_up_shell() {
    if (session_.pid > 0 && !exited_) connect::hang_up(session_.pid);
    exited_ = true;
  }

  // {"resize": {"cols": C, "rows": R}}; anything else (the browser's to send, so anything at
  // all) is ignored.
  void resize(const std::string& text) {
    const auto message = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!message.is_object() || !message.contains("resize") || !message["resize"].is_object()) return;
    const auto& size = message["resize"];
    const auto number = [&size](const char* name) {
      const auto it = size.find(name);
      return it != size.end() && it->is_number_integer() ? it->get<long long>() : 0LL;
    };
    const auto cols = number("cols"), rows = number("rows");
    if (cols < 1 || cols > 1000 || rows < 1 || rows > 1000 || !terminal_.is_open()) return;
    winsize window{static_cast<unsigned short>(rows), static_cast<unsigned short>(cols), 0, 0};
    ::ioctl(terminal_.native_handle(), TIOCSWINSZ, &window);
  }

  websocket::stream<beast::tcp_stream> ws_;
  net::posix::stream_descriptor terminal_;
  net::steady_timer exit_timer_;
  connect::TerminalSession session_;
  std::shared_ptr<void> held_;
  std::string last_message_;  // say_and_close's, alive while it is written
  std::array<char, 16384> output_{};
  beast::flat_buffer input_;
  bool exited_ = false;
};

}  // namespace

void serve_terminal_socket(beast::tcp_stream stream, beast::http::request<beast::http::string_body> request,
                           connect::TerminalSession session, std::shared_ptr<void> held) {
  std::make_shared<TerminalSocket>(std::move(stream), std::move(session), std::move(held))->run(std::move(request));
}

}  // namespace ec2sim::api
