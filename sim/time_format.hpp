// Timestamps as EC2 writes them: ISO 8601 in UTC with milliseconds, 2024-01-31T12:00:00.000Z.
// The fixed width makes them sort as text in time order.
#pragma once

#include <chrono>
#include <string>

namespace ec2sim::sim {

std::string format_iso8601(std::chrono::system_clock::time_point t);

}  // namespace ec2sim::sim
