// Forgetting accounts everywhere they are kept: the store's documents, the guests' files,
// and the event log. One place for the reset route and a scenario loaded with reset.
#pragma once

#include <string>

#include "sim/clock.hpp"
#include "sim/store/store.hpp"

namespace ec2sim::sim {

// Every account, or only `account` when it is not empty.
void forget_accounts(store::Store& store, const Settings& settings, const std::string& account = {});

}  // namespace ec2sim::sim
