#include "api/dispatcher.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include <random>
#include <stdexcept>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>
#include <nlohmann/json.hpp>

#include "api/console_assets.hpp"
#include "api/control_routes.hpp"
#include "connect/connect_service.hpp"
#include "api/error_envelope.hpp"
#include "api/json_protocol.hpp"
#include "api/operation_table.hpp"
#include "api/request_decoder.hpp"
#include "api/response_encoder.hpp"
#include "api/sigv4.hpp"
#include "api/sts.hpp"
#include "scenarios/scenario_host.hpp"
#include "sim/errors.hpp"
#include "sim/event_log.hpp"
#include "sim/time_format.hpp"

namespace ec2sim::api {
namespace {

// Adds an EC2 call to its account's event log: what it changed (its result's ids with
// its input's), or how it failed. Reads that succeed are not events.
void record_event(sim::EventLog* log, const HttpReply& reply, std::chrono::system_clock::time_point now,
                  const nlohmann::ordered_json& input, const nlohmann::ordered_json* result, const ApiError* error) {
  if (!log || reply.account.empty()) return;
  // Bounded: an action or a message may echo what a client sent.
  sim::Event event{sim::format_iso8601(now), reply.region, reply.action.substr(0, 64), {}, {}, sim::EventLog::ids_in(input)};
  if (error) {
    event.error = error->code().substr(0, 64);
    event.message = std::string(error->what()).substr(0, 256);
  } else if (result) {
    for (auto& id : sim::EventLog::ids_in(*result, 64))
      if (std::find(event.ids.begin(), event.ids.end(), id) == event.ids.end()) event.ids.push_back(std::move(id));
  }
  log->record(reply.account, std::move(event));
}

}  // namespace

std::string new_request_id() {
  // A seeded engine per thread: no lock, and no system call per request.
  thread_local std::mt19937 engine{[] {
    std::random_device rd;
    std::seed_seq seed{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937(seed);
  }()};
  thread_local boost::uuids::basic_random_generator<std::mt19937> generator{engine};
  return boost::uuids::to_string(generator());
}

namespace {
const catalog::Region& checked_region(const catalog::Catalog& catalog, const std::string& name) {
  const auto* region = catalog.find_region(name);
  if (!region) throw std::invalid_argument("unknown default region " + name);
  return *region;
}
}  // namespace

Dispatcher::Dispatcher(const catalog::Catalog& catalog, store::Store& store, sim::SimClock& clock,
                       DispatcherOptions options)
    : catalog_(catalog),
      store_(store),
      clock_(clock),
      options_(std::move(options)),
      default_region_(&checked_region(catalog, options_.default_region)),
      authenticator_(catalog, *default_region_, std::move(options_.auth)),
      rate_limiter_(options_.rate_limit) {}

ControlCaller Dispatcher::control_caller(const HttpRequest& request, std::string_view query) const {
  ControlCaller caller;
  const auto authorization = request.header("authorization");
  const std::string_view bearer = "Bearer ";
  caller.admin = options_.admin_token.empty() ||
                 (authorization.starts_with(bearer) &&
                  same_signature(authorization.substr(bearer.size()), options_.admin_token));
  const bool signed_request = !authorization.empty() || query.find("X-Amz-Signature=") != std::string_view::npos;
  if (caller.admin || !authenticator_.strict() || !signed_request || authorization.starts_with(bearer)) return caller;
  try {
    QueryParams params;
    parse_query_params(query, params);
    caller.account = authenticator_.identify(request, params, /*sts=*/false).account;
  } catch (const ApiError& e) {
    caller.refused = e.code() + ": " + e.what();
  }
  return caller;
}

HttpReply Dispatcher::handle(const HttpRequest& request) const {
  HttpReply reply;
  reply.request_id = new_request_id();

  const auto [path, query] = split_target(request.target);
  if (path == "/console" || path.starts_with("/console/")) {
    serve_console(request, path, reply);
    return reply;
  }
  if (wants_console(request, path, query)) {  // a browser at the server's address
    reply.status = 302;
    reply.action = "console";
    reply.content_type = "text/plain; charset=utf-8";
    reply.headers.emplace_back("Location", "/console/");
    return reply;
  }
  if (path.starts_with("/_ec2sim/")) {
    try {
      std::string_view host = request.header("host");
      if (host.starts_with('[')) host = host.substr(1, host.find(']') - 1);  // [::1]:4566
      else host = host.substr(0, host.find(':'));
      handle_control({catalog_, store_, clock_, options_.settings, options_.default_region, options_.connect, options_.scenarios, host,
                      request.peer_address},
                     control_caller(request, query), request.method, path, request.body, reply);
    } catch (const std::exception& e) {  // a fault of ours: answered, never the end of the server
      reply.status = 500;
      reply.content_type = "application/json";
      reply.body = R"({"error": "InternalError", "message": "An internal error has occurred."})";
      std::fprintf(stderr, "ec2sim: fault in control route (request %s): %s\n", reply.request_id.c_str(), e.what());
    }
    return reply;
  }

  if (const auto target = request.header("x-amz-target"); !target.empty()) return handle_json(request, target, std::move(reply));

  bool sts = false;
  std::chrono::system_clock::time_point now{};
  nlohmann::ordered_json input;  // decoded, for the event log
  try {
    if (request.method != "GET" && request.method != "POST")
      throw ApiError(405, "UnsupportedHttpVerb", "The HTTP verb " + std::string(request.method) + " is not supported.");
    QueryParams params;
    parse_query_params(query, params);
    if (request.method == "POST") parse_query_params(request.body, params);

    // Whose conventions apply (STS or EC2) is known before the caller is: errors about the
    // signature itself are written in them.
    const auto* version = find_param(params, "Version");
    const auto* action = find_param(params, "Action");
    reply.action = action ? *action : "";
    auto credential = find_credential(request.header("authorization"), params);
    if (credential && !credential->service.empty() && credential->service != "ec2" && credential->service != "sts")
      throw ApiError(400, "InvalidAction", not_served(credential->service));  // IAM, SQS … at ec2sim's endpoint
    sts = (credential && credential->service == "sts") || (version && *version == kStsVersion);
    const Caller caller = authenticator_.identify(request, params, sts);
    reply.account = caller.account;
    const catalog::Region* region = caller.region;
    reply.region = region->name;
    if (!rate_limiter_.allow(caller.account)) throw ApiError::throttled();
    now = clock_.now();
    first_use(reply.account, now);

    if (sts) {
      reply.body = handle_sts(params, caller, reply.request_id);
      return reply;
    }
    if (!action) throw ApiError(400, "MissingAction", "The request must contain the parameter Action");
    const auto* op = model::find_operation(*action);
    if (!op) throw ApiError::invalid_action("The action " + *action + " is not valid for this web service.");
    // The model checks apply to every operation, built or not, so a client learns about a
    // bad parameter before it learns the operation is missing.
    input = decode_request(*op, params, DecodeOptions{enum_owned_by_catalog});
    const auto* entry = find_implemented(*action);
    if (!entry)
      throw ApiError(400, "UnsupportedOperation",
                     "The operation " + *action + " is part of the EC2 API but ec2sim does not implement it yet.");
    sim::Borrowed borrowed;  // released (with any store read lock) after the body is written
    sim::RequestContext ctx{reply.account, *region, catalog_, store_, now, options_.settings, &borrowed};
    auto result = invoke(*entry, ctx, input);
    if (entry->needs.writes) record_event(options_.settings.events, reply, now, input, &result, nullptr);
    reply.body = encode_response(*op, result, reply.request_id,
                                 ec2_namespace(version ? std::string_view(*version) : std::string_view{}), borrowed.docs);
    return reply;
  } catch (const ApiError& e) {
    reply.status = e.status();
    reply.body = sts ? sts_error_body(e, reply.request_id) : ec2_error_body(e, reply.request_id);
    if (!sts && e.code() != "DryRunOperation") record_event(options_.settings.events, reply, now == decltype(now){} ? clock_.now() : now, input, nullptr, &e);
  } catch (const std::exception& e) {
    // A real fault of ours: say so (500) without leaking internals into the body.
    ApiError internal = ApiError::internal("An internal error has occurred.");
    reply.status = 500;
    reply.body = sts ? sts_error_body(internal, reply.request_id) : ec2_error_body(internal, reply.request_id);
    reply.action += std::string(" fault=") + e.what();
    // Even with --quiet: a fault of ours must reach whoever runs the server.
    std::fprintf(stderr, "ec2sim: fault in %s (request %s): %s\n", reply.action.c_str(), reply.request_id.c_str(), e.what());
  }
  return reply;
}

void Dispatcher::first_use(const std::string& account, std::chrono::system_clock::time_point now) const {
  if (store_.ensure_account(account, sim::format_iso8601(now)) && options_.scenarios)
    options_.scenarios->on_new_account(account);
}

std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {target, {}};
  return {target.substr(0, question), target.substr(question + 1)};
}

bool is_terminal_path(std::string_view path, std::string* instance_id) {
  const std::string_view prefix = "/_ec2sim/instances/", suffix = "/terminal";
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size()) return false;
  const auto id = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
  if (id.find('/') != std::string_view::npos) return false;
  if (instance_id) *instance_id = std::string(id);
  return true;
}

connect::TerminalSession Dispatcher::open_terminal(const HttpRequest& request) const {
  connect::TerminalSession refused;
  refused.status = 400;
  const auto [path, query] = split_target(request.target);
  connect::TerminalRequest wanted;
  if (!is_terminal_path(path, &wanted.instance_id)) {
    refused.error = "NotFound";
    refused.message = "no terminal route " + std::string(path);
    return refused;
  }
  if (!options_.connect) {
    refused.status = 503;
    refused.error = "ConnectUnavailable";
    refused.message = "this server does not serve connect";
    return refused;
  }
  // Beyond loopback (the server has an admin token), an open server's made-up keys would be
  // anyone's shell: the terminal then needs real keys.
  if (!options_.admin_token.empty() && !authenticator_.strict()) {
    refused.status = 403;
    refused.error = "AuthFailure";
    refused.message = "the browser terminal of a server reachable beyond loopback needs --auth strict";
    return refused;
  }
  try {
    QueryParams params;
    parse_query_params(query, params);
    // The URL is presigned (SigV4 in the query, as the console's SDK signs it): the caller
    // and their Region, verified in strict mode.
    const Caller caller = authenticator_.identify(request, params, /*sts=*/false);
    wanted.account = caller.account;
    wanted.region = caller.region->name;
    const auto* user = find_param(params, "user");
    wanted.user = user && !user->empty() ? *user : "ec2-user";
    auto dimension = [&](const char* name, unsigned short fallback) -> unsigned short {
      const auto* value = find_param(params, name);
      if (!value) return fallback;
      int n = 0;
      const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
      if (ec != std::errc() || end != value->data() + value->size() || n < 1 || n > 1000)
        throw ApiError(400, "InvalidParameterValue", std::string("the terminal's ") + name + " must be 1 to 1000");
      return static_cast<unsigned short>(n);
    };
    wanted.cols = dimension("cols", 80);
    wanted.rows = dimension("rows", 24);
  } catch (const ApiError& e) {
    refused.status = e.status();
    refused.error = e.code();
    refused.message = e.what();
    return refused;
  }
  wanted.peer_address = std::string(request.peer_address);
  try {
    return options_.connect->open_terminal(wanted);
  } catch (const std::exception& e) {  // a fault of ours: said, never the end of the server
    std::fprintf(stderr, "ec2sim: fault opening a terminal on %s: %s\n", wanted.instance_id.c_str(), e.what());
    refused.status = 500;
    refused.error = "InternalError";
    refused.message = "An internal error has occurred.";
    return refused;
  }
}

HttpReply Dispatcher::handle_json(const HttpRequest& request, std::string_view target_header, HttpReply reply) const {
  reply.content_type = "application/x-amz-json-1.1";
  reply.action = std::string(target_header);
  try {
    JsonTarget target = json_target(target_header);
    if (auto credential = find_credential(request.header("authorization"), QueryParams{});
        credential && !credential->service.empty() && credential->service != target.service) {
      target.service = credential->service;  // the signer's name for it ("sqs", not "amazonsqs")
      target.run = nullptr;
    }
    if (!target.run) throw ApiError(400, "UnknownOperationException", unanswered(target));
    if (request.method != "POST")
      throw ApiError(400, "UnknownOperationException", "JSON protocol requests are POSTs; this one is a " + std::string(request.method) + ".");
    const Caller caller = authenticator_.identify(request, QueryParams{}, /*sts=*/false, target.service);
    reply.account = caller.account;
    reply.region = caller.region->name;
    if (!rate_limiter_.allow(caller.account)) throw ApiError::throttled();
    const auto now = clock_.now();
    first_use(reply.account, now);
    nlohmann::ordered_json input = nlohmann::ordered_json::object();
    if (!request.body.empty()) {
      input = nlohmann::ordered_json::parse(request.body, nullptr, /*allow_exceptions=*/false);
      if (!input.is_object()) throw ApiError(400, "SerializationException", "The request body is not a JSON object.");
    }
    sim::RequestContext ctx{reply.account, *caller.region, catalog_, store_, now, options_.settings};
    try {
      reply.body = target.run(ctx, input).dump();
    } catch (const nlohmann::json::type_error& e) {  // the handlers read only the client's JSON: its mistake
      throw ApiError(400, "SerializationException", std::string("A member of the request has the wrong type: ") + e.what());
    }
  } catch (const ApiError& e) {
    reply.status = e.status();
    reply.body = json_error_body(e);
  } catch (const std::exception& e) {
    ApiError internal = ApiError::internal("An internal error has occurred.");
    reply.status = 500;
    reply.body = json_error_body(internal);
    std::fprintf(stderr, "ec2sim: fault in %s (request %s): %s\n", reply.action.c_str(), reply.request_id.c_str(), e.what());
  }
  return reply;
}

}  // namespace ec2sim::api
