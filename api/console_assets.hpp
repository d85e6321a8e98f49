// The web console's files (console/, bundled by esbuild at build time and embedded by
// cmake/build_console.cmake), and how they are served at /console/: the one page, its
// script, styles and fonts — gzip-compressed for browsers that accept it, with an ETag so
// a reload costs a 304. Nothing is read from disk at run time and no Node.js runs.
#pragma once

#include <span>
#include <string_view>

#include "api/http_request.hpp"

namespace ec2sim::api {

struct HttpReply;

struct ConsoleFile {
  std::string_view name;    // path under /console/ ("console.js", "assets/open-sans-….woff2")
  std::string_view sha256;  // hex, of `bytes`
  struct Bytes {
    const char* begin = nullptr;
    const char* end = nullptr;
    std::string_view view() const { return begin ? std::string_view(begin, static_cast<std::size_t>(end - begin)) : std::string_view{}; }
  } bytes, gzip;  // gzip: empty for files not worth compressing (fonts)
};

// Every embedded file (generated).
std::span<const ConsoleFile> console_files();

// A browser asking for "/" (no Action, accepts HTML): it is sent to the console.
bool wants_console(const HttpRequest& request, std::string_view path, std::string_view query);

// Answers GET /console/… (the page is /console/; its own routes live after the #, so any
// other path is a file or a 404; "/console" is redirected to "/console/"; other methods get
// 405). Fills status, content type, headers and body.
void serve_console(const HttpRequest& request, std::string_view path, HttpReply& reply);

}  // namespace ec2sim::api
