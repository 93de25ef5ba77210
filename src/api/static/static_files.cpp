#include "api/static/static_files.hpp"

#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "api/routing/router.hpp"

namespace fk::api {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";

// The path's segments, percent-decoded, or nullopt when the path tries to
// leave the root or hide something: a "." or ".." segment, a dot-file, an
// encoded '/' or '\', a backslash, a NUL or another control character.
std::optional<std::vector<std::string>> SafeSegments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view raw = path.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) continue;
    const std::string segment = UrlDecode(raw, false);
    if (segment.front() == '.') return std::nullopt;  // ".", "..", ".git", ...
    for (char c : segment) {
      if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
    }
    out.push_back(segment);
  }
  return out;
}

// Whether the client takes gzip: a "gzip" coding in Accept-Encoding that is
// not refused with q=0.
bool AcceptsGzip(std::string_view accept) {
  while (!accept.empty()) {
    std::size_t end = accept.find(',');
    std::string_view item = accept.substr(0, end);
    accept = end == std::string_view::npos ? std::string_view() : accept.substr(end + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const std::size_t semi = item.find(';');
    std::string_view coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ') coding.remove_suffix(1);
    if (coding != "gzip") continue;
    if (semi == std::string_view::npos) return true;
    std::string_view q = item.substr(semi + 1);
    while (!q.empty() && q.front() == ' ') q.remove_prefix(1);
    return !(q.substr(0, 2) == "q=" && q.substr(2).find_first_not_of("0.") == std::string::npos);
  }
  return false;
}

// A regular file inside `root` (symlinks resolved), or nullopt.
std::optional<fs::path> Inside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  const fs::path real = fs::canonical(candidate, ec);
  if (ec || !fs::is_regular_file(real, ec)) return std::nullopt;
  const auto [root_end, unused] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  if (root_end != root.end()) return std::nullopt;
  return real;
}

std::optional<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(out).str();
}

HttpResponse NotFound(std::string_view path) {
  HttpResponse response;
  response.status = 404;
  response.content_type = "text/plain; charset=utf-8";
  response.body = "404 未找到 Not found: " + std::string(path) + "\n";
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", std::string(kRevalidate));
  return response;
}

HttpResponse NotBuilt(const fs::path& root) {
  HttpResponse response;
  response.status = 404;
  response.content_type = "text/plain; charset=utf-8";
  response.body =
      "网页前端尚未构建。The web front end is not built: " + (root / "index.html").string() +
      " is missing.\nBuild it with `cmake --build --preset release` (needs Node.js 20.19 or newer "
      "and npm; see README.md), or point --web-root at a built web/dist. The API is at /api/v1.\n";
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Cache-Control", std::string(kRevalidate));
  return response;
}

}  // namespace

std::string_view ContentTypeOf(std::string_view file_name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kTypes = {{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".geojson", "application/geo+json"},
  }};
  const std::size_t dot = file_name.rfind('.');
  if (dot != std::string_view::npos) {
    const std::string_view extension = file_name.substr(dot);
    for (const auto& [ext, type] : kTypes)
      if (ext == extension) return type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? std::move(root) : std::move(canonical);
}

bool StaticFiles::Handles(const HttpRequest& request) {
  if (request.method != "GET") return false;
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/healthz" || path == "/api" || path.substr(0, 5) == "/api/") return false;
  return true;
}

HttpResponse StaticFiles::Serve(const HttpRequest& request) const {
  const std::string_view target = request.target;
  const std::string_view path = target.substr(0, target.find('?'));
  std::error_code ec;
  if (!fs::is_regular_file(root_ / "index.html", ec)) return NotBuilt(root_);
  auto segments = SafeSegments(path);
  if (!segments || path.empty() || path.front() != '/') return NotFound(path);

  fs::path file = root_;
  for (const auto& segment : *segments) file /= segment;
  std::optional<fs::path> found = segments->empty() ? std::nullopt : Inside(root_, file);
  const bool is_page =
      !found && (segments->empty() || segments->back().find('.') == std::string::npos);
  if (!found && !is_page) return NotFound(path);
  const fs::path served = found ? *found : root_ / "index.html";
  const std::string name = served.filename().string();

  HttpResponse response;
  response.content_type = std::string(ContentTypeOf(name));
  std::optional<std::string> body;
  if (AcceptsGzip(request.Header("accept-encoding"))) {
    if (auto gz = Inside(root_, fs::path(served.string() + ".gz"))) {
      body = ReadWhole(*gz);
      if (body) response.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  if (!body) body = ReadWhole(served);
  if (!body) return NotFound(path);
  response.body = std::move(*body);
  // Vite names every file under /assets/ by a hash of its content.
  const bool hashed = found && segments->size() > 1 && segments->front() == "assets";
  response.headers.emplace_back("Cache-Control", std::string(hashed ? kImmutable : kRevalidate));
  response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Content-Security-Policy", std::string(kWebContentSecurityPolicy));
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
  response.headers.emplace_back("X-Frame-Options", "DENY");
  return response;
}

}  // namespace fk::api
