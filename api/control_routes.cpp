#include "api/control_routes.hpp"

#include <boost/url/pct_string_view.hpp>
#include <nlohmann/json.hpp>

#include "api/operation_table.hpp"
#include "api/sigv4.hpp"
#include "connect/connect_service.hpp"
#include "scenarios/scenario_routes.hpp"
#include "sim/account_reset.hpp"
#include "sim/errors.hpp"
#include "sim/guest_files.hpp"
#include "sim/instance_lifecycle.hpp"
#include "sim/json_text.hpp"
#include "sim/time_format.hpp"
#include "sim/timed_kinds.hpp"

namespace ec2sim::api {
namespace {

using json = nlohmann::ordered_json;

json clock_state(const ControlContext& ctx) {
  return {{"now", sim::format_iso8601(ctx.clock.now())},
          {"offset_seconds", static_cast<double>(ctx.clock.offset().count()) / 1000.0}};
}

// A URL path's %-escapes decoded (a file called "my notes.txt" arrives as my%20notes.txt).
std::optional<std::string> percent_decoded(std::string_view text) {
  auto valid = boost::urls::make_pct_string_view(text);
  if (!valid) return std::nullopt;
  std::string out;
  for (char c : valid->decode()) out.push_back(c);
  return out;
}

}  // namespace

void handle_control(const ControlContext& ctx, const ControlCaller& caller, std::string_view method,
                    std::string_view path, std::string_view body, HttpReply& reply) {
  reply.content_type = "application/json";
  reply.action = std::string(method) + " " + std::string(path);
  json out;
  auto fail = [&](int status, const char* error, const std::string& message) {
    reply.status = status;
    out = {{"error", error}, {"message", message}};
  };
  const auto files = path.find("/files/");
  const bool files_route = path.starts_with("/_ec2sim/instances/") && files != std::string_view::npos;
  const bool health = path == "/_ec2sim/health" && method == "GET";
  const bool my_ip = path == "/_ec2sim/my-ip" && method == "GET";
  const bool connect_route = method == "GET" && path.ends_with("/connect") &&
                             (path.starts_with("/_ec2sim/instances/") || path.starts_with("/_ec2sim/hosts/"));
  // A strict server's student may read their own instance's files and grade their own account.
  const bool own_account_route = files_route || (path == "/_ec2sim/check" && method == "POST");
  if (!caller.admin && !health && !my_ip && !connect_route && !is_terminal_path(path) &&
      !(own_account_route && !caller.account.empty())) {
    if (own_account_route && !caller.refused.empty()) fail(403, "AccessDenied", caller.refused);
    else
      fail(401, "AdminTokenRequired",
           "this route needs the admin token: 'Authorization: Bearer <token>' (printed when ec2sim started, or "
           "set with --admin-token)" +
               std::string(files_route ? "; or, on a strict server, a request signed by the instance's account"
                           : own_account_route ? "; or, on a strict server, a request signed by the account to check"
                                               : ""));
    reply.body = sim::json_text(out);
    return;
  }
  if (health) {
    out = {{"status", "ok"},
           {"service", "ec2sim"},
           {"default_region", ctx.default_region},
           {"catalog", {{"regions", ctx.catalog.regions().size()}}},
           {"implemented_operations", implemented_operations().size()},
           {"clock", clock_state(ctx)}};
  } else if (my_ip) {
    out = {{"address", ctx.peer_address}};
  } else if (path == "/_ec2sim/reset" && method == "POST") {
    json request = json::parse(body.empty() ? std::string_view("{}") : body, nullptr, false);
    const json* account = request.is_object() && request.contains("account_id") ? &request["account_id"] : nullptr;
    const bool valid_account = account && account->is_string() && is_account_id(account->get_ref<const std::string&>());
    if (request.is_discarded() || !request.is_object() || (account && !valid_account)) {
      fail(400, "InvalidRequest", "expected {} (everything) or {\"account_id\": \"<12 digits>\"} (one account)");
    } else {
      const std::string only = account ? account->get<std::string>() : std::string();
      sim::forget_accounts(ctx.store, ctx.settings, only);
      out = {{"reset", true}};
      if (account) out["account_id"] = only;
    }
  } else if (scenarios::RouteReply scenario_reply;
             scenarios::handle_scenario_route(ctx.scenarios, ctx.store, method, path, body,
                                              caller.admin ? std::string_view{} : std::string_view(caller.account),
                                              scenario_reply)) {
    reply.status = scenario_reply.status;
    out = std::move(scenario_reply.body);
  } else if (path == "/_ec2sim/clock" && method == "GET") {
    out = clock_state(ctx);
  } else if (path == "/_ec2sim/clock" && method == "POST") {
    json request = json::parse(body.empty() ? std::string_view("{}") : body, nullptr, false);
    if (request.is_discarded() || !request.is_object() || !request.contains("advance_seconds") ||
        !request["advance_seconds"].is_number() || !(request["advance_seconds"].get<double>() >= 0) ||
        request["advance_seconds"].get<double>() > kMaxAdvanceSeconds) {
      fail(400, "InvalidRequest",
           "expected {\"advance_seconds\": N} with 0 <= N <= 3153600000 (the clock only moves forward, a century at most)");
    } else {
      ctx.clock.advance(std::chrono::milliseconds(static_cast<std::int64_t>(request["advance_seconds"].get<double>() * 1000)));
      // Kept, so that simulated time does not jump back when the server restarts.
      ctx.store.set_meta("clock_offset_ms", std::to_string(ctx.clock.offset().count()));
      sim::settle_all(ctx.store, ctx.catalog, ctx.clock.now(), ctx.settings);
      out = clock_state(ctx);
    }
  } else if (files_route) {
    const std::string_view prefix = "/_ec2sim/instances/";
    const auto id = path.substr(prefix.size(), files - prefix.size());
    const auto device_and_path = percent_decoded(path.substr(files + 7));
    if (!device_and_path) {
      fail(400, "InvalidPath", "the path has a malformed %-escape");
      reply.body = sim::json_text(out);
      return;
    }
    try {
      auto result = sim::guest_files(ctx.store, ctx.catalog, ctx.clock.now(), ctx.settings, method, id, *device_and_path,
                                     body, caller.admin ? std::string_view{} : std::string_view(caller.account));
      reply.status = result.status;
      reply.content_type = result.content_type;
      reply.body = std::move(result.body);
    } catch (const std::exception& e) {  // the disk failed us (full, unreadable): ours, not the caller's
      reply.status = 500;
      reply.body = sim::json_text(json{{"error", "GuestStorageFailed"}, {"message", e.what()}});
    }
    return;
  } else if (connect_route) {
    const bool by_host = path.starts_with("/_ec2sim/hosts/");
    const std::string_view prefix = by_host ? "/_ec2sim/hosts/" : "/_ec2sim/instances/", suffix = "/connect";
    const std::string name(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
    if (!ctx.connect) {
      fail(503, "ConnectUnavailable", "this server does not serve connect");
    } else if (const std::string id = by_host ? ctx.connect->instance_named(name) : name; id.empty()) {
      fail(404, "InvalidInstanceID.NotFound", "no instance has the address or host name '" + name + "'");
    } else {
      const auto info = ctx.connect->info(id);
      if (info.status != 200) {
        fail(info.status, info.status == 404 ? "InvalidInstanceID.NotFound" : info.status == 409 ? "IncorrectInstanceState"
                                                                                                : "ConnectUnavailable",
             info.message);
      } else {
        out = {{"host", info.host.empty() ? std::string(ctx.request_host) : info.host}, {"port", info.port}, {"user", info.user}};
        if (by_host) out["instance_id"] = id;
      }
    }
  } else if (is_terminal_path(path)) {
    fail(426, "UpgradeRequired", "the browser terminal is a WebSocket: open it with an Upgrade: websocket request");
  } else if (method == "POST" && path.starts_with("/_ec2sim/instances/") && path.ends_with("/shutdown")) {
    const std::string_view prefix = "/_ec2sim/instances/", suffix = "/shutdown";
    const std::string id(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
    try {
      out = {{"InstanceId", id},
             {"State", sim::instance_initiated_shutdown(ctx.store, ctx.catalog, ctx.clock.now(), ctx.settings, id)}};
    } catch (const ApiError& e) {
      fail(e.status(), e.code().c_str(), e.what());
    }
  } else {
    fail(404, "NotFound", "no control route " + std::string(method) + " " + std::string(path));
  }
  reply.body = sim::json_text(out);
}

}  // namespace ec2sim::api
