// libFuzzer target: the Query decoder (a GET's query string or a form body) on any bytes.
// Every input either decodes or is MalformedQueryString; nothing read lies outside it.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "api/query_params.hpp"
#include "sim/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A copy of exactly `size` bytes on the heap: ASan sees a read one past its end.
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  std::string_view input(bytes.data(), bytes.size());
  ec2sim::api::QueryParams params;
  try {
    ec2sim::api::parse_query_params(input, params);
  } catch (const ec2sim::ApiError& e) {
    if (e.code() != "MalformedQueryString") std::abort();
    return 0;
  }
  // Decoding only shrinks: a key or value never holds more bytes than the input.
  for (const auto& [key, value] : params)
    if (key.size() + value.size() > size) std::abort();
  return 0;
}
