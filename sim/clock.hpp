// The simulated clock that drives every timed transition.
//
// Simulated time is wall-clock time plus an offset that only grows: a test (or a teacher)
// can jump ahead with advance() — "an hour later" — without sleeping, and everything that
// was due in between happens at once. Timestamps the API shows come from this clock.
#pragma once

#include "sim/quotas.hpp"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>

namespace ec2sim::sim {

class EventLog;

class SimClock {
 public:
  using time_point = std::chrono::system_clock::time_point;

  time_point now() const {
    return std::chrono::system_clock::now() + std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
  }
  void advance(std::chrono::milliseconds by) { offset_ms_.fetch_add(by.count(), std::memory_order_relaxed); }
  std::chrono::milliseconds offset() const { return std::chrono::milliseconds(offset_ms_.load()); }

 private:
  std::atomic<std::int64_t> offset_ms_{0};
};

// How long each instance transition takes, in simulated time.
struct Timing {
  std::chrono::milliseconds pending{5000};        // pending -> running
  std::chrono::milliseconds stopping{5000};       // stopping -> stopped
  std::chrono::milliseconds shutting_down{4000};  // shutting-down -> terminated
  std::chrono::milliseconds status_checks{20000}; // running: status checks initializing -> ok
  std::chrono::milliseconds terminated_visible{std::chrono::hours(1)};  // then the instance (a NAT gateway …) is gone
  std::chrono::milliseconds volume_creating{3000};  // a new volume: creating -> available
  std::chrono::milliseconds attaching{2000};        // a volume's attachment: attaching -> attached
  std::chrono::milliseconds detaching{2000};        // detaching -> the volume available again
  std::chrono::milliseconds snapshot_completing{5000};  // a snapshot: pending -> completed
  std::chrono::milliseconds volume_modifying{3000};    // ModifyVolume: modifying -> optimizing (new size in effect)
  std::chrono::milliseconds volume_optimizing{10000};  // optimizing -> completed
  std::chrono::milliseconds nat_gateway_pending{10000};   // a NAT gateway: pending -> available (or failed)
  std::chrono::milliseconds nat_gateway_deleting{5000};   // deleting -> deleted
  std::chrono::milliseconds windows_password{std::chrono::minutes(4)};  // a Windows instance's password is ready
  std::chrono::milliseconds spot_evaluation{2000};  // a Spot request: each step of pending-evaluation -> fulfilled
  // Archiving or restoring a snapshot (AWS: 24 to 72 hours; a class cannot wait that long).
  std::chrono::milliseconds snapshot_tiering{std::chrono::minutes(1)};

  // Feels real in a classroom: a few seconds per transition.
  static Timing realistic() { return {}; }
  // For tests: every transition is due at once (seen by the next request); terminated
  // instances still stay listed for an hour of simulated time, as on AWS.
  static Timing instant() {
    const std::chrono::milliseconds now(0);
    return {.pending = now, .stopping = now, .shutting_down = now, .status_checks = now,
            .terminated_visible = std::chrono::hours(1), .volume_creating = now, .attaching = now, .detaching = now,
            .snapshot_completing = now, .volume_modifying = now, .volume_optimizing = now,
            .nat_gateway_pending = now, .nat_gateway_deleting = now, .windows_password = now,
            .spot_evaluation = now, .snapshot_tiering = now};
  }
};

// What a server operator can set about the simulation.
struct Settings {
  Timing timing = Timing::realistic();
  // EC2's quotas: AWS's defaults unless --quota set one (sim/quotas.hpp).
  Quotas quotas;
  // Where guests' disks keep their files (sim/guest_storage.hpp); empty: nowhere, and
  // the files route answers that guest storage is off.
  std::filesystem::path data_dir;
  // Called, once the change is committed, for an instance with user data that has just
  // booted: the connect layer runs its user data in its sandbox (connect/connect_service.hpp).
  // Empty: nobody runs user data.
  std::function<void(const std::string& instance_id)> on_guest_boot;
  // Where calls and logins are recorded for scenarios' checks (sim/event_log.hpp); null:
  // nowhere.
  EventLog* events = nullptr;
};

}  // namespace ec2sim::sim
