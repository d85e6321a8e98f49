#include "sim/time_format.hpp"

#include <cstdio>
#include <ctime>

namespace ec2sim::sim {

std::string format_iso8601(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}


std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text) {
  using namespace std::chrono;
  // Digits are read in fields of fixed width; separators must be where the form puts them.
  std::size_t at = 0;
  auto number = [&](int width) -> std::optional<int> {
    if (at + static_cast<std::size_t>(width) > text.size()) return std::nullopt;
    int value = 0;
    for (int i = 0; i < width; ++i) {
      char c = text[at++];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  };
  auto expect = [&](char c) { return at < text.size() && text[at] == c ? (++at, true) : false; };
  const bool extended = text.size() > 4 && text[4] == '-';
  auto year = number(4);
  if (!year || (extended && !expect('-'))) return std::nullopt;
  auto month = number(2);
  if (!month || (extended && !expect('-'))) return std::nullopt;
  auto day = number(2);
  if (!day || !expect('T')) return std::nullopt;
  auto hour = number(2);
  if (!hour || (extended && !expect(':'))) return std::nullopt;
  auto minute = number(2);
  if (!minute || (extended && !expect(':'))) return std::nullopt;
  auto second = number(2);
  if (!second) return std::nullopt;
  if (extended && expect('.'))
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
  if (!expect('Z') || at != text.size()) return std::nullopt;
  year_month_day date{std::chrono::year(*year), std::chrono::month(static_cast<unsigned>(*month)),
                      std::chrono::day(static_cast<unsigned>(*day))};
  // system_clock counts nanoseconds in 64 bits, so it ends in 2262: a later year (which a
  // client may well send) must not overflow it.
  if (!date.ok() || *year < 1970 || *year > 2200 || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  return sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second);
}

std::optional<std::chrono::system_clock::time_point> parse_request_time(std::string_view text) {
  if (auto iso = parse_iso8601(text)) return iso;
  if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
  const long long seconds = std::stoll(std::string(text));
  if (seconds >= 7258118400) return std::nullopt;  // 2200-01-01, as parse_iso8601 bounds years (and nanoseconds stay in range)
  return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

}  // namespace ec2sim::sim
