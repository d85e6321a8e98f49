#include "cli/connect_commands.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>

#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

namespace ec2sim::cli {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;

// The connect route's answer, or nullopt after saying why not on stderr.
std::optional<json> ask(const ControlEndpoint& endpoint, const std::string& path, bool quiet = false) {
  try {
    const Answer answer = call(endpoint, http::verb::get, path, "");
    json body = json::parse(answer.body, nullptr, false);
    if (answer.status == 200 && body.is_object()) return body;
    if (!quiet)
      std::cerr << "ec2sim: " << (body.is_object() ? body.value("message", answer.body) : answer.body) << "\n";
  } catch (const std::exception& e) {
    if (!quiet) std::cerr << "ec2sim: " << e.what() << "\n";
  }
  return std::nullopt;
}

// Copies bytes both ways between stdin/stdout and `socket` until ssh closes our stdin.
// When the server closes first, stdout is closed and stdin still drained: ssh's last words
// (its disconnect message) must find a reader, or ssh reports a broken pipe and fails.
int relay(int socket) {
  pollfd fds[2] = {{0, POLLIN, 0}, {socket, POLLIN, 0}};
  bool input_open = true, server_open = true;
  char buffer[32768];
  auto write_all = [](int fd, const char* data, ssize_t size) {
    for (ssize_t done = 0; done < size;) {
      const ssize_t n = ::write(fd, data + done, static_cast<std::size_t>(size - done));
      if (n <= 0) return false;
      done += n;
    }
    return true;
  };
  while (input_open) {
    fds[1].fd = server_open ? socket : -1;
    if (::poll(fds, 2, -1) < 0) return 1;
    if (fds[0].revents & (POLLIN | POLLHUP)) {
      const ssize_t n = ::read(0, buffer, sizeof buffer);
      if (n <= 0) {
        input_open = false;
        if (server_open) ::shutdown(socket, SHUT_WR);
      } else if (server_open && !write_all(socket, buffer, n)) {
        server_open = false;  // gone: what ssh still says is read and dropped
      }
    }
    if (server_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      const ssize_t n = ::read(socket, buffer, sizeof buffer);
      if (n > 0 && write_all(1, buffer, n)) continue;
      server_open = false;
      ::close(1);  // ssh sees the end of the connection
    }
  }
  return 0;
}

int connect_tcp(const std::string& host, const std::string& port) {
  addrinfo hints{}, *found = nullptr;
  hints.ai_socktype = SOCK_STREAM;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd >= 0 && ::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

}  // namespace

int connect_info_command(const ControlEndpoint& endpoint, const std::string& instance_id) {
  const auto info = ask(endpoint, "/_ec2sim/instances/" + instance_id + "/connect");
  if (!info) return 1;
  // One line, spaced as Python's json.dumps prints it, for eyes and for scripts alike.
  std::cout << "{\"host\": " << json((*info)["host"]).dump() << ", \"port\": " << (*info)["port"].dump()
            << ", \"user\": " << json((*info)["user"]).dump() << "}\n";
  return 0;
}

int ssh_config_command(const ControlEndpoint& endpoint) {
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  const std::string proxy = (ec ? std::string("ec2sim") : self) + " ssh-proxy --endpoint " + endpoint.url;
  std::cout << "# ec2sim (" << endpoint.url << "): ssh to its instances by public DNS name or IP, as on AWS:\n"
            << "#   ssh -i aws-course.pem ec2-user@ec2-3-35-….compute.amazonaws.com\n"
            << "# Add it to ~/.ssh/config: ec2sim ssh-config >> ~/.ssh/config\n"
            << "Match exec \"" << proxy << " --check %h\"\n"
            << "    ProxyCommand " << proxy << " %h\n";
  return 0;
}

int ssh_proxy_command(const ControlEndpoint& endpoint, const std::string& host, bool check) {
  const auto info = ask(endpoint, "/_ec2sim/hosts/" + host + "/connect", check);
  if (check) return info ? 0 : 1;
  if (!info) return 255;
  // The endpoint's host, not the answer's: a server elsewhere says where it listens from its side.
  auto url = boost::urls::parse_uri(endpoint.url);
  const std::string server = url ? std::string(url->host()) : (*info)["host"].get<std::string>();
  const int fd = connect_tcp(server, std::to_string((*info)["port"].get<int>()));
  if (fd < 0) {
    std::cerr << "ec2sim: cannot reach " << host << " (" << (*info)["instance_id"].get<std::string>() << ") at " << server
              << ":" << (*info)["port"] << ": " << std::strerror(errno) << "\n";
    return 255;
  }
  return relay(fd);
}

}  // namespace ec2sim::cli
