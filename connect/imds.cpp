#include "connect/imds.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <openssl/rand.h>

#include <charconv>

#include "sim/ssh_keys.hpp"

namespace ec2sim::connect {
namespace {

using json = nlohmann::ordered_json;
namespace net = boost::asio;
namespace http = boost::beast::http;

// Text of a member, "" when absent or not a string.
std::string text(const json& doc, const char* key) {
  const auto it = doc.find(key);
  return it != doc.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string short_device(const std::string& device) {
  return device.starts_with("/dev/") ? device.substr(5) : device;
}

// Every leaf of the metadata tree, by path under /latest/meta-data/ ("placement/region").
std::map<std::string, std::string> meta_data(const json& i) {
  std::map<std::string, std::string> m;
  auto put = [&](const std::string& path, const std::string& value) {
    if (!value.empty()) m[path] = value;
  };
  put("ami-id", text(i, "ImageId"));
  put("ami-launch-index", std::to_string(i.value("AmiLaunchIndex", 0)));
  put("ami-manifest-path", "(unknown)");
  put("hostname", text(i, "PrivateDnsName"));
  put("local-hostname", text(i, "PrivateDnsName"));
  put("instance-action", "none");
  put("instance-id", text(i, "InstanceId"));
  put("instance-life-cycle", text(i, "InstanceLifecycle").empty() ? "on-demand" : text(i, "InstanceLifecycle"));
  put("instance-type", text(i, "InstanceType"));
  put("local-ipv4", text(i, "PrivateIpAddress"));
  put("public-hostname", text(i, "PublicDnsName"));
  put("public-ipv4", text(i, "PublicIpAddress"));
  put("reservation-id", text(i, "_ReservationId"));
  put("services/domain", "amazonaws.com");
  put("services/partition", "aws");
  const json placement = i.value("Placement", json::object());
  put("placement/availability-zone", text(placement, "AvailabilityZone"));
  put("placement/region", text(i, "_Region"));
  if (!text(placement, "GroupName").empty()) put("placement/group-name", text(placement, "GroupName"));
  // A Spot Instance's interruption notice (sim/faults.hpp): present only once it is given.
  if (const auto action = i.find("_SpotAction"); action != i.end()) {
    put("spot/instance-action", action->dump());
    if ((*action)["action"] == "terminate") put("spot/termination-time", text(*action, "time"));
  }
  std::string groups, group_ids;
  for (const auto& g : i.value("SecurityGroups", json::array())) {
    groups += (groups.empty() ? "" : "\n") + text(g, "GroupName");
    group_ids += (group_ids.empty() ? "" : "\n") + text(g, "GroupId");
  }
  put("security-groups", groups);
  if (!text(i, "_PublicKey").empty()) {
    put("public-keys/0/openssh-key", text(i, "_PublicKey") + " " + text(i, "KeyName"));
  }
  // Block devices as the AMI's cloud-init sees them: the root as "ami" and "root", other EBS
  // volumes as ebsN, instance store under its virtual name.
  const std::string root = text(i, "RootDeviceName");
  put("block-device-mapping/ami", short_device(root));
  put("block-device-mapping/root", root);
  int ebs = 1;
  for (const auto& b : i.value("BlockDeviceMappings", json::array()))
    if (text(b, "DeviceName") != root) put("block-device-mapping/ebs" + std::to_string(ebs++), short_device(text(b, "DeviceName")));
  for (const auto& v : i.value("_InstanceStore", json::array()))
    put("block-device-mapping/" + text(v, "VirtualName"), short_device(text(v, "DeviceName")));
  const json interfaces = i.value("NetworkInterfaces", json::array());
  if (!interfaces.empty()) {
    const json& eni = interfaces[0];
    const std::string mac = text(eni, "MacAddress");
    put("mac", mac);
    const std::string base = "network/interfaces/macs/" + mac + "/";
    put(base + "device-number", "0");
    put(base + "interface-id", text(eni, "NetworkInterfaceId"));
    put(base + "local-hostname", text(i, "PrivateDnsName"));
    put(base + "local-ipv4s", text(i, "PrivateIpAddress"));
    put(base + "mac", mac);
    put(base + "owner-id", text(i, "_Account"));
    put(base + "public-hostname", text(i, "PublicDnsName"));
    put(base + "public-ipv4s", text(i, "PublicIpAddress"));
    put(base + "security-group-ids", group_ids);
    put(base + "security-groups", groups);
    put(base + "subnet-id", text(i, "SubnetId"));
    put(base + "vpc-id", text(i, "VpcId"));
  }
  if (i.value("MetadataOptions", json::object()).value("InstanceMetadataTags", "disabled") == "enabled")
    for (const auto& t : i.value("Tags", json::array())) put("tags/instance/" + text(t, "Key"), text(t, "Value"));
  return m;
}

json identity_document(const json& i) {
  return {{"accountId", text(i, "_Account")},
          {"architecture", text(i, "Architecture")},
          {"availabilityZone", text(i.value("Placement", json::object()), "AvailabilityZone")},
          {"billingProducts", nullptr},
          {"devpayProductCodes", nullptr},
          {"marketplaceProductCodes", nullptr},
          {"imageId", text(i, "ImageId")},
          {"instanceId", text(i, "InstanceId")},
          {"instanceType", text(i, "InstanceType")},
          {"kernelId", nullptr},
          {"pendingTime", text(i, "LaunchTime")},
          {"privateIp", text(i, "PrivateIpAddress")},
          {"ramdiskId", nullptr},
          {"region", text(i, "_Region")},
          {"version", "2017-09-30"}};
}

// The answer for a path under a tree of leaves: a leaf's value, or a directory's listing
// (children one per line, subdirectories with a trailing "/"), or nullopt.
std::optional<std::string> lookup(const std::map<std::string, std::string>& leaves, std::string path) {
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (const auto leaf = leaves.find(path); leaf != leaves.end()) return leaf->second;
  std::vector<std::string> children;
  const std::string prefix = path.empty() ? "" : path + "/";
  for (auto it = leaves.lower_bound(prefix); it != leaves.end() && it->first.starts_with(prefix); ++it) {
    const std::string rest = it->first.substr(prefix.size());
    const auto slash = rest.find('/');
    const std::string child = slash == std::string::npos ? rest : rest.substr(0, slash + 1);
    if (children.empty() || children.back() != child) children.push_back(child);
  }
  if (children.empty()) return std::nullopt;
  std::string out;
  for (const auto& c : children) out += (out.empty() ? "" : "\n") + c;
  return out;
}

ImdsReply status_page(int status) {
  const char* reason = status == 400 ? "Bad Request" : status == 401 ? "Unauthorized" : status == 403 ? "Forbidden"
                       : status == 404 ? "Not Found" : status == 405 ? "Method Not Allowed" : "Error";
  ImdsReply r;
  r.status = status;
  r.content_type = "text/html";
  r.body = "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
           "\t\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
           "xml:lang=\"en\" lang=\"en\">\n <head>\n  <title>" + std::to_string(status) + " - " + reason +
           "</title>\n </head>\n <body>\n  <h1>" + std::to_string(status) + " - " + reason + "</h1>\n </body>\n</html>\n";
  return r;
}

ImdsReply ok(std::string body, const char* type = "text/plain") {
  ImdsReply r;
  r.body = std::move(body);
  r.content_type = type;
  return r;
}

}  // namespace

std::string ImdsTokens::issue(std::chrono::seconds ttl) {
  unsigned char bytes[42];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no randomness for an IMDS token");
  std::string token = sim::base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  std::erase_if(expiry_, [&](const auto& entry) { return entry.second < now; });
  // A guest asking for tokens in a loop holds a bounded number: past it, some older ones go.
  constexpr std::size_t kMaxTokens = 1000;
  while (expiry_.size() >= kMaxTokens) expiry_.erase(expiry_.begin());
  expiry_[token] = now + ttl;
  return token;
}

bool ImdsTokens::valid(const std::string& token) {
  std::lock_guard lock(mutex_);
  const auto it = expiry_.find(token);
  return it != expiry_.end() && it->second >= std::chrono::steady_clock::now();
}

ImdsReply imds_answer(const ImdsRequest& request, const std::optional<json>& metadata, ImdsTokens& tokens) {
  if (!metadata) return status_page(404);
  const json& i = *metadata;
  const json options = i.value("MetadataOptions", json::object());
  if (options.value("HttpEndpoint", "enabled") == "disabled") return status_page(403);
  std::string path = request.target.substr(0, request.target.find('?'));
  if (request.method == "PUT") {
    if (path != "/latest/api/token") return status_page(405);
    if (request.forwarded) return status_page(403);
    int ttl = 0;
    const auto [end, ec] = std::from_chars(request.ttl.data(), request.ttl.data() + request.ttl.size(), ttl);
    if (request.ttl.empty() || ec != std::errc() || end != request.ttl.data() + request.ttl.size() || ttl < 1 ||
        ttl > 21600)
      return status_page(400);
    ImdsReply r = ok(tokens.issue(std::chrono::seconds(ttl)));
    r.ttl = std::to_string(ttl);
    return r;
  }
  if (request.method != "GET" && request.method != "HEAD") return status_page(405);
  if (!request.token.empty() && !tokens.valid(request.token)) return status_page(401);
  if (request.token.empty() && options.value("HttpTokens", "optional") == "required") return status_page(401);

  if (path == "/") return ok("1.0\n2007-01-19\n2007-03-01\n2008-09-01\n2009-04-04\n2011-01-01\n2012-01-12\n2014-02-25\n"
                             "2014-11-05\n2016-04-19\n2016-06-30\n2016-09-02\n2018-03-28\n2018-08-17\n2018-09-24\n"
                             "2019-10-01\n2020-10-27\n2021-01-03\n2021-03-23\n2021-07-15\n2022-09-24\nlatest");
  // Any dated version answers as the latest does.
  if (path.size() > 1 && path[1] >= '0' && path[1] <= '9') path = "/latest" + path.substr(path.find('/', 1) == std::string::npos ? path.size() : path.find('/', 1));
  const bool has_user_data = !text(i, "_UserData").empty();
  if (path == "/latest" || path == "/latest/")
    return ok(std::string("dynamic\nmeta-data") + (has_user_data ? "\nuser-data" : ""));
  if (path == "/latest/user-data") return has_user_data ? ok(sim::base64_decode(text(i, "_UserData")), "application/octet-stream") : status_page(404);
  if (path.starts_with("/latest/dynamic")) {
    const std::map<std::string, std::string> dynamic = {
        {"instance-identity/document", identity_document(i).dump(2)},
        {"fws/instance-monitoring", "disabled"}};
    const std::string rest = path.size() > 16 ? path.substr(16) : "";
    if (auto found = lookup(dynamic, rest)) return ok(*found, rest.ends_with("document") ? "application/json" : "text/plain");
    return status_page(404);
  }
  if (path == "/latest/meta-data" || path.starts_with("/latest/meta-data/")) {
    const std::string rest = path.size() > 18 ? path.substr(18) : "";
    // The key list names each key: "0=aws-course" (its directory is plain "0/").
    if ((rest == "public-keys" || rest == "public-keys/") && !text(i, "_PublicKey").empty())
      return ok("0=" + text(i, "KeyName"));
    if (auto found = lookup(meta_data(i), rest)) return ok(*found);
  }
  return status_page(404);
}

// One guest's IMDS: an acceptor on the socket inside its network namespace, and a
// keep-alive HTTP session per connection.
class ImdsServer : public std::enable_shared_from_this<ImdsServer> {
 public:
  ImdsServer(net::io_context& ioc, int listener, std::function<std::optional<json>()> metadata)
      : ioc_(ioc), strand_(net::make_strand(ioc)), acceptor_(strand_, net::ip::tcp::v4(), listener), metadata_(std::move(metadata)) {}

  void start() { net::post(strand_, [self = shared_from_this()] { self->accept(); }); }
  void stop() {
    net::post(strand_, [self = shared_from_this()] {
      boost::system::error_code ignored;
      self->acceptor_.close(ignored);
    });
  }

 private:
  struct Session {
    boost::beast::tcp_stream stream;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
    explicit Session(net::ip::tcp::socket socket) : stream(std::move(socket)) {}
  };

  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           [self = shared_from_this()](const boost::system::error_code& ec, net::ip::tcp::socket socket) {
                             if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
                             if (!ec) self->read(std::make_shared<Session>(std::move(socket)));
                             self->accept();
                           });
  }

  void read(const std::shared_ptr<Session>& s) {
    s->request = {};
    s->stream.expires_after(std::chrono::seconds(30));
    http::async_read(s->stream, s->buffer, s->request, [self = shared_from_this(), s](const boost::system::error_code& ec, std::size_t) {
      if (ec) return;
      ImdsRequest request{std::string(s->request.method_string()), std::string(s->request.target()),
                          std::string(s->request["X-aws-ec2-metadata-token"]),
                          std::string(s->request["X-aws-ec2-metadata-token-ttl-seconds"]),
                          s->request.count("X-Forwarded-For") > 0};
      ImdsReply reply = imds_answer(request, self->metadata_(), self->tokens_);
      s->response = {static_cast<http::status>(reply.status), s->request.version()};
      s->response.set(http::field::server, "EC2ws");
      s->response.set(http::field::content_type, reply.content_type);
      if (!reply.ttl.empty()) s->response.set("X-aws-ec2-metadata-token-ttl-seconds", reply.ttl);
      s->response.keep_alive(s->request.keep_alive());
      if (s->request.method() != http::verb::head) s->response.body() = std::move(reply.body);
      s->response.prepare_payload();
      http::async_write(s->stream, s->response, [self, s](const boost::system::error_code& error, std::size_t) {
        if (!error && s->response.keep_alive()) self->read(s);
      });
    });
  }

  net::io_context& ioc_;
  net::strand<net::io_context::executor_type> strand_;
  net::ip::tcp::acceptor acceptor_;
  std::function<std::optional<json>()> metadata_;
  ImdsTokens tokens_;
};

std::shared_ptr<ImdsServer> serve_imds(net::io_context& ioc, int listener, std::function<std::optional<json>()> metadata) {
  auto server = std::make_shared<ImdsServer>(ioc, listener, std::move(metadata));
  server->start();
  return server;
}

void stop_imds(const std::shared_ptr<ImdsServer>& server) {
  if (server) server->stop();
}

}  // namespace ec2sim::connect
