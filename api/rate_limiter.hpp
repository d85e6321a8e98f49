// Per-account request rates (`--rate-limit N`): a token bucket per account that holds up to
// N requests and refills at N per second, as EC2 throttles each account's API calls. A
// request that finds its account's bucket empty is RequestLimitExceeded (HTTP 503), so one
// student's runaway script slows that student only.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/thread_safety.hpp"

namespace ec2sim::api {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(double per_second) : rate_(per_second), capacity_(std::max(1.0, per_second)) {}

  bool enabled() const { return rate_ > 0; }

  // Takes one request from `account`'s bucket; false when it is empty.
  bool allow(std::string_view account, Clock::time_point now = Clock::now()) EXCLUDES(mutex_) {
    if (!enabled()) return true;
    ExclusiveLock lock(mutex_);
    auto [it, fresh] = buckets_.try_emplace(std::string(account), Bucket{capacity_, now});
    Bucket& b = it->second;
    if (!fresh) {
      b.tokens = std::min(capacity_, b.tokens + rate_ * std::chrono::duration<double>(now - b.refilled).count());
      b.refilled = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    if (++calls_ % kSweepEvery == 0) sweep(now);
    return true;
  }

  std::size_t TEST_buckets() EXCLUDES(mutex_) {
    ExclusiveLock lock(mutex_);
    return buckets_.size();
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
  };
  // A bucket that would be full again is the same as none: dropped now and then, so that
  // an open server seeing many accounts does not keep one for each forever.
  void sweep(Clock::time_point now) REQUIRES(mutex_) {
    std::erase_if(buckets_, [&](const auto& entry) {
      const Bucket& b = entry.second;
      return b.tokens + rate_ * std::chrono::duration<double>(now - b.refilled).count() >= capacity_;
    });
  }

  static constexpr std::uint64_t kSweepEvery = 4096;
  const double rate_;
  const double capacity_;  // a bucket holds at least one request, however slow the rate
  Mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_ GUARDED_BY(mutex_);
  std::uint64_t calls_ GUARDED_BY(mutex_) = 0;
};

}  // namespace ec2sim::api
