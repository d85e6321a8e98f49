// The scenario control routes (JSON in and out, the admin's, as every control route):
//   GET  /_ec2sim/scenarios  {"scenario": name-or-null, "accounts": {account: name}}
//   POST /_ec2sim/scenarios  {"scenario": {…}, "account_id": "…" (else every account),
//                             "reset": true (empty those accounts first)}: loads it, runs
//                             its setup now for those accounts, and for every new account
//                             on its first request
//   GET  /_ec2sim/class      the class view: every student (a strict server's credentials,
//                            and every account the server knows) against every check of
//                            their scenario, with the last API error each got
//   POST /_ec2sim/check      (the admin's, or on a strict server a request signed by the
//                            account to grade: `ec2sim check` signs with the student's keys)
//                            {"account_id": "…" (else the signer's, or the server's only account),
//                             "scenario": {…} (else the account's loaded one)}: the account
//                             graded against the scenario's checks (`ec2sim check`)
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/store/store.hpp"

namespace ec2sim::scenarios {

class ScenarioHost;

struct RouteReply {
  int status = 200;
  nlohmann::ordered_json body;
};

// True when `path` is one of the routes above (`reply` filled); false otherwise. A null
// `host` answers 503: the server serves no scenarios. `only_account`, when not empty, is a
// strict server's signed caller who is not the admin: the check route grades them and
// nobody else.
bool handle_scenario_route(ScenarioHost* host, const store::Store& store, std::string_view method, std::string_view path,
                           std::string_view body, std::string_view only_account, RouteReply& reply);

}  // namespace ec2sim::scenarios
