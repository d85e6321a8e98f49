#include "api/console_assets.hpp"

#include <string>

#include "api/dispatcher.hpp"

namespace ec2sim::api {
namespace {

std::string_view content_type_of(std::string_view name) {
  struct Type {
    std::string_view extension, type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".txt", "text/plain; charset=utf-8"},
      {".json", "application/json"},         {".svg", "image/svg+xml"},
      {".woff2", "font/woff2"},              {".woff", "font/woff"},
      {".ttf", "font/ttf"},                  {".png", "image/png"},
  };
  for (const auto& [extension, type] : kTypes)
    if (name.ends_with(extension)) return type;
  return "application/octet-stream";
}

const ConsoleFile* find_file(std::string_view name) {
  for (const auto& file : console_files())
    if (file.name == name) return &file;
  return nullptr;
}

// "gzip" among the Accept-Encoding's codings (not refused with q=0).
bool accepts_gzip(std::string_view accept_encoding) {
  std::size_t at = 0;
  while (at < accept_encoding.size()) {
    auto end = accept_encoding.find(',', at);
    std::string_view item = accept_encoding.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? accept_encoding.size() : end + 1;
    while (item.starts_with(' ')) item.remove_prefix(1);
    const auto parameters = item.find(';');
    std::string_view coding = item.substr(0, parameters);
    while (coding.ends_with(' ')) coding.remove_suffix(1);
    if (!HttpRequest::equal_ignoring_case(coding, "gzip") && coding != "*") continue;
    const bool refused = parameters != std::string_view::npos &&
                         item.substr(parameters).find("q=0") != std::string_view::npos &&
                         item.substr(parameters).find("q=0.") == std::string_view::npos;
    return !refused;
  }
  return false;
}

}  // namespace

bool wants_console(const HttpRequest& request, std::string_view path, std::string_view query) {
  return request.method == "GET" && path == "/" && query.empty() &&
         request.header("accept").find("text/html") != std::string_view::npos;
}

void serve_console(const HttpRequest& request, std::string_view path, HttpReply& reply) {
  reply.action = "console";
  reply.content_type = "text/plain; charset=utf-8";
  if (request.method != "GET") {
    reply.status = 405;
    reply.headers.emplace_back("Allow", "GET");
    reply.body = "The console's files are read with GET.\n";
    return;
  }
  if (path == "/console") {  // relative URLs in the page need the slash
    reply.status = 301;
    reply.headers.emplace_back("Location", "/console/");
    return;
  }
  std::string_view name = path.substr(std::string_view("/console/").size());
  if (name.empty()) name = "index.html";
  const ConsoleFile* file = find_file(name);
  if (!file) {
    reply.status = 404;
    reply.body = "The console has no file " + std::string(name) + ".\n";
    return;
  }
  const bool compressible = !file->gzip.view().empty();
  const bool gzipped = compressible && accepts_gzip(request.header("accept-encoding"));
  // Each representation its own tag (the gzip one suffixed), as a strong ETag must be.
  const std::string etag = "\"" + std::string(file->sha256.substr(0, 32)) + (gzipped ? "-gz" : "") + "\"";
  reply.content_type = std::string(content_type_of(file->name));
  reply.headers.emplace_back("ETag", etag);
  reply.headers.emplace_back("Cache-Control", "no-cache");  // revalidated: a new build is seen at once
  reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (compressible) reply.headers.emplace_back("Vary", "Accept-Encoding");
  if (request.header("if-none-match") == etag) {
    reply.status = 304;
    return;
  }
  if (gzipped) reply.headers.emplace_back("Content-Encoding", "gzip");
  reply.body = gzipped ? file->gzip.view() : file->bytes.view();
}

}  // namespace ec2sim::api
