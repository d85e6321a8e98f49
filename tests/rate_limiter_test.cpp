#include "api/rate_limiter.hpp"

#include "test_support.hpp"

using ec2sim::api::RateLimiter;
using namespace std::chrono_literals;

TEST_CASE("each account has a bucket of N requests refilled at N per second", "[rate-limit]") {
  RateLimiter limiter(5);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int n = 0; n < 5; ++n) CHECK(limiter.allow("111111111111", t0));
  CHECK(!limiter.allow("111111111111", t0));
  CHECK(limiter.allow("222222222222", t0));  // another account is not slowed
  CHECK(limiter.allow("111111111111", t0 + 200ms));  // one request back after 1/5 s
  CHECK(!limiter.allow("111111111111", t0 + 200ms));
  RateLimiter off(0);
  for (int n = 0; n < 100; ++n) CHECK(off.allow("111111111111", t0));
  RateLimiter slow(0.5);  // below one a second: still one at a time, every two seconds
  CHECK(slow.allow("111111111111", t0));
  CHECK(!slow.allow("111111111111", t0 + 1s));
  CHECK(slow.allow("111111111111", t0 + 2s));
}

TEST_CASE("buckets of accounts gone quiet are dropped", "[rate-limit]") {
  RateLimiter limiter(10);
  const auto t0 = RateLimiter::Clock::time_point{} + 1h;
  for (int n = 0; n < 4095; ++n) limiter.allow("1000000" + std::to_string(10000 + n), t0);
  CHECK(limiter.TEST_buckets() == 4095);
  CHECK(limiter.allow("111111111111", t0 + 2s));  // the 4,096th request sweeps
  CHECK(limiter.TEST_buckets() == 1);             // only the one just used is not full again
}
