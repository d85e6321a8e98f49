// The instance metadata service, as a guest reaches it at http://169.254.169.254: the
// categories of /latest/meta-data/ (ami-id, instance-id, placement/availability-zone,
// local-ipv4, public-keys/0/openssh-key, network/interfaces/macs/…, tags/instance/ when
// allowed …), /latest/user-data, /latest/dynamic/instance-identity/document, and IMDSv2's
// tokens (PUT /latest/api/token) with the instance's MetadataOptions applied on every
// request: HttpTokens=required refuses a request without a token (401), HttpEndpoint=
// disabled refuses everything (403).
//
// It is served on a socket ec2sim holds in the sandbox's own network namespace
// (connect/sandbox.hpp listen_inside): whatever arrives there comes from that instance, so
// nothing the guest sends decides which instance it is.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

namespace ec2sim::connect {

struct ImdsRequest {
  std::string method;  // "GET", "PUT" …
  std::string target;  // "/latest/meta-data/instance-id"
  std::string token;   // X-aws-ec2-metadata-token
  std::string ttl;     // X-aws-ec2-metadata-token-ttl-seconds
  bool forwarded = false;  // X-Forwarded-For: a proxy's request, refused a token
};

struct ImdsReply {
  int status = 200;
  std::string body;
  std::string content_type = "text/plain";
  std::string ttl;  // for a token: X-aws-ec2-metadata-token-ttl-seconds
};

// IMDSv2 session tokens of one instance.
class ImdsTokens {
 public:
  std::string issue(std::chrono::seconds ttl);
  bool valid(const std::string& token);

 private:
  std::mutex mutex_;
  std::map<std::string, std::chrono::steady_clock::time_point> expiry_;
};

// The answer to `request` for the instance `metadata` (sim::instance_metadata), or nullopt
// for an instance that is gone (the connection is closed).
ImdsReply imds_answer(const ImdsRequest& request, const std::optional<nlohmann::ordered_json>& metadata, ImdsTokens& tokens);

// Serves HTTP on `listener` until the io_context stops or the returned handle is dropped:
// every request is answered from `metadata()` as above.
class ImdsServer;
std::shared_ptr<ImdsServer> serve_imds(boost::asio::io_context& ioc, int listener,
                                       std::function<std::optional<nlohmann::ordered_json>()> metadata);
void stop_imds(const std::shared_ptr<ImdsServer>& server);

}  // namespace ec2sim::connect
