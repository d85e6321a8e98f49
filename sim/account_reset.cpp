#include "sim/account_reset.hpp"

#include "sim/event_log.hpp"
#include "sim/guest_storage.hpp"

namespace ec2sim::sim {

void forget_accounts(store::Store& store, const Settings& settings, const std::string& account) {
  store.reset(account);
  discard_all_guest_storage(settings.data_dir, account);
  if (settings.events) settings.events->forget(account);
}

}  // namespace ec2sim::sim
