// Timestamps as EC2 writes them: ISO 8601 in UTC with milliseconds, 2024-01-31T12:00:00.000Z.
// The fixed width makes them sort as text in time order.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ec2sim::sim {

std::string format_iso8601(std::chrono::system_clock::time_point t);

// Reads a UTC timestamp in ISO 8601's extended form (2024-01-31T12:00:00Z, fractions of a
// second allowed) or its basic form (20240131T120000Z, as SigV4's X-Amz-Date); nullopt for
// anything else, an impossible date or a year outside 1970–2200 included.
std::optional<std::chrono::system_clock::time_point> parse_iso8601(std::string_view text);

// A request's timestamp member as the SDKs send one: ISO 8601 (above), or seconds since the
// epoch (some serialize timestamps so); nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_request_time(std::string_view text);

}  // namespace ec2sim::sim
