#include "cli/class_commands.hpp"

#include <fcntl.h>
#include <ifaddrs.h>
#include <sys/stat.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <filesystem>
#include <iostream>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

namespace ec2sim::cli {
namespace {

namespace fs = std::filesystem;

struct Student {
  std::string name, account_id, access_key, secret_key;
};

// `n` characters drawn uniformly from `alphabet` with OpenSSL's generator.
std::string random_text(std::size_t n, std::string_view alphabet) {
  std::string out;
  while (out.size() < n) {
    unsigned char byte = 0;
    if (RAND_bytes(&byte, 1) != 1) throw std::runtime_error("no randomness for the class's keys");
    // Rejection sampling: no letter is likelier than another.
    if (byte < 256 - 256 % alphabet.size()) out += alphabet[byte % alphabet.size()];
  }
  return out;
}

std::vector<Student> make_students(const ClassOptions& o) {
  std::vector<Student> out;
  std::set<std::string> accounts;
  const int width = o.students >= 100 ? 3 : 2;
  for (int i = 1; i <= o.students; ++i) {
    std::string number = std::to_string(i);
    number.insert(0, static_cast<std::size_t>(std::max(0, width - static_cast<int>(number.size()))), '0');
    std::string account;
    do account = random_text(1, "123456789") + random_text(11, "0123456789");
    while (!accounts.insert(account).second);
    // As AWS writes them: AKIA + 16 of A-Z2-7, and a 40-character secret.
    out.push_back({o.prefix + number, account, "AKIA" + random_text(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"),
                   random_text(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")});
  }
  return out;
}

// The first IPv4 address of this machine that is not loopback: what a classroom reaches.
std::string lan_address() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "127.0.0.1";
  std::string found = "127.0.0.1";
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
    if (std::string_view(text).starts_with("127.")) continue;
    found = text;
    break;
  }
  freeifaddrs(list);
  return found;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else out += c;
  }
  return out;
}

std::string credentials_file(const std::vector<Student>& students) {
  nlohmann::ordered_json doc = {{"credentials", nlohmann::ordered_json::array()}};
  for (const auto& s : students)
    doc["credentials"].push_back(
        {{"name", s.name}, {"account_id", s.account_id}, {"access_key", s.access_key}, {"secret_key", s.secret_key}});
  return doc.dump(2) + "\n";
}

std::string csv_sheet(const std::vector<Student>& students, const std::string& endpoint, const std::string& region) {
  std::string out = "name,account_id,access_key,secret_key,region,endpoint,console\n";
  for (const auto& s : students)  // nothing here holds a comma or a quote
    out += s.name + "," + s.account_id + "," + s.access_key + "," + s.secret_key + "," + region + "," + endpoint + "," +
           endpoint + "/console/\n";
  return out;
}

std::string html_sheet(const std::vector<Student>& students, const std::string& endpoint, const std::string& region) {
  std::string out = R"(<!doctype html>
<html lang="ko"><head><meta charset="utf-8"><title>ec2sim class sheet</title>
<style>
body { font-family: "Noto Sans CJK KR", "Noto Sans", sans-serif; margin: 1cm; }
.card { border: 1px dashed #888; padding: 0.6cm; margin-bottom: 0.6cm; page-break-inside: avoid; }
h2 { margin: 0 0 0.3cm; font-size: 14pt; }
table { border-collapse: collapse; font-size: 10pt; }
td { padding: 2px 8px 2px 0; vertical-align: top; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
pre { background: #f4f4f4; padding: 4px; margin: 0.2cm 0 0; white-space: pre-wrap; }
</style></head><body>
)";
  const std::string e = html_escaped(endpoint), r = html_escaped(region);
  for (const auto& s : students) {
    const std::string n = html_escaped(s.name);
    out += "<div class=\"card\"><h2>" + n + "</h2><table>\n";
    out += "<tr><td>Account / 계정</td><td><code>" + s.account_id + "</code></td></tr>\n";
    out += "<tr><td>Access key / 액세스 키</td><td><code>" + s.access_key + "</code></td></tr>\n";
    out += "<tr><td>Secret key / 비밀 액세스 키</td><td><code>" + html_escaped(s.secret_key) + "</code></td></tr>\n";
    out += "<tr><td>Region / 리전</td><td><code>" + r + "</code></td></tr>\n";
    out += "<tr><td>Console / 콘솔</td><td><code>" + e + "/console/</code></td></tr>\n";
    out += "</table>\n<pre>aws configure set aws_access_key_id " + s.access_key + " --profile " + n +
           "\naws configure set aws_secret_access_key " + html_escaped(s.secret_key) + " --profile " + n +
           "\naws configure set region " + r + " --profile " + n + "\nexport AWS_PROFILE=" + n +
           "\naws --endpoint-url " + e + " ec2 describe-instances</pre></div>\n";
  }
  return out + "</body></html>\n";
}

}  // namespace

int class_init_command(const ClassOptions& o) {
  const fs::path dir(o.directory);
  const fs::path credentials = dir / "class.json", html = dir / "class-sheet.html", csv = dir / "class-sheet.csv";
  if (!o.force)
    for (const auto& path : {credentials, html, csv})
      if (fs::exists(path)) {
        std::cerr << "ec2sim: " << path.string() << " exists; a new class would replace its keys (--force to do so)\n";
        return 1;
      }
  const std::string endpoint = o.endpoint.empty() ? "http://" + lan_address() + ":4566" : o.endpoint;
  const auto students = make_students(o);
  std::error_code ec;
  fs::create_directories(dir, ec);
  // The keys are secrets: each file is its owner's only from the moment it exists.
  auto write = [](const fs::path& path, const std::string& text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || ::fchmod(fd, 0600) != 0) {
      if (fd >= 0) ::close(fd);
      throw std::runtime_error("cannot write " + path.string());
    }
    std::size_t done = 0;
    while (done < text.size()) {
      const auto n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0 || done != text.size()) throw std::runtime_error("cannot write " + path.string());
  };
  try {
    write(credentials, credentials_file(students));
    write(html, html_sheet(students, endpoint, o.region));
    write(csv, csv_sheet(students, endpoint, o.region));
  } catch (const std::exception& e) {
    std::cerr << "ec2sim: " << e.what() << "\n";
    return 1;
  }
  std::cout << "A class of " << students.size() << " (" << students.front().name << " … " << students.back().name
            << "), for " << endpoint << ":\n"
            << "  " << credentials.string() << "       the server's credentials (keep it secret)\n"
            << "  " << html.string() << "  one card per student, to print and cut\n"
            << "  " << csv.string() << "   the same as CSV\n"
            << "Serve the room:\n"
            << "  ec2sim serve --host 0.0.0.0 --auth strict --credentials " << credentials.string()
            << " --scenario scenarios/first-instance.json\n";
  return 0;
}

}  // namespace ec2sim::cli
