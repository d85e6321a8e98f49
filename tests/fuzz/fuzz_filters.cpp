// libFuzzer target: EC2's filter wildcards (`*`, `?`, `\` escapes) and a filter table over
// a document. Input: pattern, a NUL, then the text. An oracle checks every run: a pattern
// made of the text with its wildcards escaped must match the text, and nothing else of
// another length.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "sim/errors.hpp"
#include "sim/filters.hpp"

namespace {

std::string escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using ec2sim::sim::wildcard_match;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto nul = bytes.find('\0');
  const std::string pattern = bytes.substr(0, nul);
  const std::string text = nul == std::string::npos ? std::string() : bytes.substr(nul + 1);

  (void)wildcard_match(pattern, text);
  if (!wildcard_match(escaped(text), text)) std::abort();
  if (wildcard_match(escaped(text), text + "x")) std::abort();
  if (!wildcard_match("*", text)) std::abort();

  static const ec2sim::sim::FilterTable table({{"name", ec2sim::sim::FilterTable::path("Name")},
                                               {"size", ec2sim::sim::FilterTable::path("Disks.SizeGiB")}},
                                              /*has_tags=*/true);
  const nlohmann::ordered_json doc = {{"Name", text},
                                      {"Disks", {{{"SizeGiB", 8}}, {{"SizeGiB", 100}}}},
                                      {"Tags", {{{"Key", pattern}, {"Value", text}}}}};
  ec2sim::sim::Filters filters{{"name", {pattern}}, {"tag:" + pattern, {"*"}}, {"size", {pattern, "8"}}};
  try {
    table.validate(filters);
    (void)table.matches(filters, doc);
  } catch (const ec2sim::ApiError&) {
  }
  return 0;
}
