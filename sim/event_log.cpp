#include "sim/event_log.hpp"

#include <algorithm>

namespace ec2sim::sim {
namespace {

// `prefix-` then 8 or 17 lowercase hex digits: i-0abc…, sg-…, vol-…, eipalloc-….
bool looks_like_id(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash > 12) return false;
  for (char c : text.substr(0, dash))
    if (c < 'a' || c > 'z') return false;
  const auto hex = text.substr(dash + 1);
  if (hex.size() != 8 && hex.size() != 17) return false;
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

void collect_ids(const nlohmann::ordered_json& node, std::size_t limit, std::vector<std::string>& out) {
  if (out.size() >= limit) return;
  if (node.is_string()) {
    const auto& text = node.get_ref<const std::string&>();
    if (looks_like_id(text) && std::find(out.begin(), out.end(), text) == out.end()) out.push_back(text);
  } else if (node.is_structured()) {
    for (const auto& child : node) collect_ids(child, limit, out);
  }
}

}  // namespace

void EventLog::record(const std::string& account, Event event) {
  ExclusiveLock lock(mutex_);
  auto& events = by_account_[account];
  events.push_back(std::move(event));
  if (events.size() > kMaxEventsPerAccount) events.pop_front();
}

std::vector<Event> EventLog::events(const std::string& account) const {
  ExclusiveLock lock(mutex_);
  const auto it = by_account_.find(account);
  if (it == by_account_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

void EventLog::forget(const std::string& account) {
  ExclusiveLock lock(mutex_);
  if (account.empty()) by_account_.clear();
  else by_account_.erase(account);
}

std::vector<std::string> EventLog::ids_in(const nlohmann::ordered_json& document, std::size_t limit) {
  std::vector<std::string> out;
  collect_ids(document, limit, out);
  return out;
}

}  // namespace ec2sim::sim
