// EC2 operations called as one account in one Region without HTTP: the input is checked
// against the model (written as Query parameters and decoded, as a client's request is)
// and the operation runs with its needs (api::invoke). Scenarios make their setup and
// read what their checks look at through this — the same path as an API call, never a
// second one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::api {

class AccountCalls {
 public:
  AccountCalls(const catalog::Catalog& catalog, store::Store& store, const sim::SimClock& clock,
               const sim::Settings& settings, const catalog::Region& region, std::string account)
      : catalog_(catalog), store_(store), clock_(clock), settings_(settings), region_(region), account_(std::move(account)) {}

  // The operation's result, shaped like its output in the model. Throws ApiError: the
  // error the same request over HTTP would get.
  nlohmann::ordered_json call(std::string_view action, const nlohmann::ordered_json& input) const;

  const std::string& account() const { return account_; }
  const catalog::Region& region() const { return region_; }
  // The same account's calls in the Region called `name`; nullopt for a Region the
  // catalog does not have.
  std::optional<AccountCalls> in_region(std::string_view name) const {
    const auto* other = catalog_.find_region(name);
    if (!other) return std::nullopt;
    return AccountCalls(catalog_, store_, clock_, settings_, *other, account_);
  }

 private:
  const catalog::Catalog& catalog_;
  store::Store& store_;
  const sim::SimClock& clock_;
  const sim::Settings& settings_;
  const catalog::Region& region_;
  std::string account_;
};

}  // namespace ec2sim::api
