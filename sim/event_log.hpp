// What each account has done, for the checks of a scenario ("stopped and started it",
// "termination was refused while protected", "logged in over ssh") and the instructor's
// class view (each student's last error).
//
// The dispatcher records every call that changes state, and every call that failed; the
// connect layer records logins (action "SshLogin", by ssh or by the console's terminal —
// ec2sim's own name: AWS logs no logins). Reads that succeed are left out: they change
// nothing a check asks about, and they are most of a server's traffic.
//
// Kept in memory, the newest kMaxEventsPerAccount per account (each of bounded size: the
// dispatcher cuts what a client could make long), and forgotten when the server stops or
// the account is reset: a lesson's evidence, not an audit trail.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/thread_safety.hpp"

namespace ec2sim::sim {

struct Event {
  std::string time;     // simulated, ISO 8601
  std::string region;
  std::string action;   // "StopInstances", "SshLogin" …
  std::string error;    // the error code; "" when it succeeded
  std::string message;  // the error's message; for a login, how ("by ssh", "by browser")
  std::vector<std::string> ids;  // the resources it named or made (i-…, sg-…)
};

class EventLog {
 public:
  static constexpr std::size_t kMaxEventsPerAccount = 500;

  void record(const std::string& account, Event event);
  // The account's events, oldest first.
  std::vector<Event> events(const std::string& account) const;
  // Forgets one account's events, or everyone's when `account` is empty (a reset).
  void forget(const std::string& account = {});

  // The resource ids in a request or result (strings shaped `prefix-hex`), the first
  // `limit` of them: what an event is about.
  static std::vector<std::string> ids_in(const nlohmann::ordered_json& document, std::size_t limit = 16);

 private:
  mutable Mutex mutex_;
  std::map<std::string, std::deque<Event>, std::less<>> by_account_ GUARDED_BY(mutex_);
};

}  // namespace ec2sim::sim
