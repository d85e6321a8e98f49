// Per-account request rates (`--rate-limit N`): a token bucket per account that holds up to
// N requests and refills at N per second, as EC2 throttles each account's API calls. A
// request that finds its account's bucket empty is RequestLimitExceeded (HTTP 503), so one
// student's runaway script slows that student only.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ec2sim::api {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(double per_second) : rate_(per_second), capacity_(std::max(1.0, per_second)) {}

  bool enabled() const { return rate_ > 0; }

  // Takes one request from `account`'s bucket; false when it is empty.
  bool allow(std::string_view account, Clock::time_point now = Clock::now()) {
    if (!enabled()) return true;
    std::lock_guard lock(mutex_);
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

  std::size_t TEST_buckets() {
    std::lock_guard lock(mutex_);
    return buckets_.size();
  }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
  };
  // A bucket that would be full again is the same as none: dropped now and then, so that
  // an open server seeing many accounts does not keep one for each forever.
  void sweep(Clock::time_point now) {
    std::erase_if(buckets_, [&](const auto& entry) {
      const Bucket& b = entry.second;
      return b.tokens + rate_ * std::chrono::duration<double>(now - b.refilled).count() >= capacity_;
    });
  }

  static constexpr std::uint64_t kSweepEvery = 4096;
  const double rate_;
  const double capacity_;  // a bucket holds at least one request, however slow the rate
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mutex_)
  std::uint64_t calls_ = 0;                          // GUARDED_BY(mutex_)
};

}  // namespace ec2sim::api
