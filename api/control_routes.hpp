// ec2sim's own routes under /_ec2sim/ (JSON in and out), for tests, scenarios and
// teachers — never part of the EC2 API:
//   GET  /_ec2sim/health  200 once the server is ready
//   GET  /_ec2sim/my-ip   {"address": "…"}: the caller's address as ec2sim (and so a
//                         security group rule) sees it — the console's "My IP"
//   POST /_ec2sim/reset   forget every account and resource, or one account's
//                         ({"account_id": "111122223333"})
//   GET  /_ec2sim/clock   the simulated time and its offset from wall-clock time
//   POST /_ec2sim/clock   {"advance_seconds": N} jumps the simulated clock ahead and
//                         performs every transition that became due
//   GET/PUT/DELETE /_ec2sim/instances/{id}/files/{device}/{path}
//                         a running instance's disks (sim/guest_files.hpp)
//   GET  /_ec2sim/instances/{id}/connect
//                         where ssh reaches a running instance: {"host", "port", "user"}
//                         (409 unless it runs; connect/connect_service.hpp)
//   GET  /_ec2sim/hosts/{name}/connect
//                         the same for the instance a public DNS name or IP names (the
//                         ProxyCommand of `ec2sim ssh-config`), with its "instance_id"
//   GET/POST /_ec2sim/scenarios, POST /_ec2sim/check
//                         load scenarios, grade accounts (scenarios/scenario_routes.hpp)
//   POST /_ec2sim/instances/{id}/shutdown
//                         the guest shuts itself down: stop or terminate, as the
//                         instance's InstanceInitiatedShutdownBehavior says
//
// Every route but health, my-ip and the two connect routes (a port is no secret: the instance's
// key and security groups guard it) is the admin's when the server has an admin token (it listens
// beyond loopback, or runs strict): `Authorization: Bearer <token>`. In strict mode the
// files route also serves an instance's own account, by a signed request.
#pragma once

#include <string_view>

#include "api/dispatcher.hpp"

namespace ec2sim::connect {
class ConnectService;
}

namespace ec2sim::scenarios {
class ScenarioHost;
}

namespace ec2sim::api {

// The most the clock route moves simulated time at once: a century.
inline constexpr double kMaxAdvanceSeconds = 100.0 * 365 * 86400;

struct ControlContext {
  const catalog::Catalog& catalog;
  store::Store& store;
  sim::SimClock& clock;
  const sim::Settings& settings;
  const std::string& default_region;
  connect::ConnectService* connect = nullptr;  // null: connect is not served
  scenarios::ScenarioHost* scenarios = nullptr;  // null: scenarios are not served
  std::string_view request_host;               // the Host header's host, for "host" above
  std::string_view peer_address;               // the caller's IP address (my-ip)
};

// Fills `reply` (status, JSON body) for a request to a control route from `caller`.
void handle_control(const ControlContext& ctx, const ControlCaller& caller, std::string_view method,
                    std::string_view path, std::string_view body, HttpReply& reply);

}  // namespace ec2sim::api
