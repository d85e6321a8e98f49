#include "connect/authorized_keys.hpp"

#include "sim/guest_fs.hpp"

#include <sstream>
#include <vector>

namespace ec2sim::connect {
namespace {

// The most of /etc/passwd or authorized_keys read (a guest's file, maybe /dev/zero's link).
constexpr std::size_t kMaxGuestFile = 1 << 20;

// Splits at the first space outside double quotes (options may quote spaces: command="a b").
std::pair<std::string_view, std::string_view> first_field(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && quoted && i + 1 < line.size()) ++i;
    else if (line[i] == '"') quoted = !quoted;
    else if ((line[i] == ' ' || line[i] == '\t') && !quoted) {
      std::size_t rest = line.find_first_not_of(" \t", i);
      return {line.substr(0, i), rest == std::string_view::npos ? std::string_view{} : line.substr(rest)};
    }
  }
  return {line, {}};
}

bool is_key_type(std::string_view word) {
  return word.starts_with("ssh-") || word.starts_with("ecdsa-sha2-") || word.starts_with("sk-");
}

// command="…" from an options field, with \" unescaped.
std::string forced_command(std::string_view options) {
  const std::string_view key = "command=\"";
  const auto at = options.find(key);
  if (at == std::string_view::npos || (at > 0 && options[at - 1] != ',')) return "";
  std::string out;
  for (std::size_t i = at + key.size(); i < options.size() && options[i] != '"'; ++i) {
    if (options[i] == '\\' && i + 1 < options.size() && options[i + 1] == '"') ++i;
    out.push_back(options[i]);
  }
  return out;
}

}  // namespace

std::optional<std::string> home_of(const std::filesystem::path& root, std::string_view user) {
  const auto passwd_text = sim::read_guest_file(root, "etc/passwd", kMaxGuestFile);
  std::stringstream passwd(passwd_text.value_or(""));
  for (std::string line; std::getline(passwd, line);) {
    std::vector<std::string> fields;
    std::stringstream parts(line);
    for (std::string f; std::getline(parts, f, ':');) fields.push_back(f);
    if (fields.size() < 6 || fields[0] != user) continue;
    const std::string& home = fields[5];
    if (home.find("..") != std::string::npos || !(home == "/root" || home.starts_with("/home/"))) return std::nullopt;
    return home;
  }
  return std::nullopt;
}

std::optional<AuthorizedKey> match_authorized_line(std::string_view line, std::string_view type, std::string_view blob) {
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos || line[start] == '#') return std::nullopt;
  auto [first, rest] = first_field(line.substr(start));
  std::string_view options;
  if (!is_key_type(first)) {
    options = first;
    std::tie(first, rest) = first_field(rest);
  }
  const auto [key, comment] = first_field(rest);
  if (first != type || key != blob) return std::nullopt;
  return AuthorizedKey{forced_command(options)};
}

std::optional<AuthorizedKey> find_authorized_key(const std::filesystem::path& root, std::string_view user,
                                                 std::string_view type, std::string_view blob) {
  const auto home = home_of(root, user);
  if (!home) return std::nullopt;
  // The guest owns these files: its links resolve inside its volume, never to a host file.
  std::stringstream keys(sim::read_guest_file(root, home->substr(1) + "/.ssh/authorized_keys", kMaxGuestFile).value_or(""));
  for (std::string line; std::getline(keys, line);)
    if (auto found = match_authorized_line(line, type, blob)) return found;
  return std::nullopt;
}

}  // namespace ec2sim::connect
