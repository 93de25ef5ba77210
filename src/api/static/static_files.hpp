// Serves the built web front end (web/dist) from the same server as the API:
// every GET whose path is outside /api/ and /healthz is a file under the web
// root, index.html for paths that name no file (the front end's router uses
// the browser's history, so /residents is a page, not a file). See
// docs/http-server.md, "The web front end".
//
// Promises: nothing outside the root is ever read (no "." or ".." segments,
// no encoded slashes or backslashes, no NUL, no dot-files, and the resolved
// path, symlinks followed, must lie inside the root); answers carry their
// content type, nosniff, a strict Content-Security-Policy, long caching for
// the hashed files under /assets/ and no-cache for the rest; a precompressed
// FILE.gz is sent instead of FILE when the client accepts gzip.
//
// Immutable after Open; Serve is called from several threads at once and
// reads the files on each request (a rebuilt front end is served at once).
#pragma once

#include <filesystem>
#include <string_view>

#include "api/server/http_message.hpp"

namespace fk::api {

// The Content-Security-Policy of every answer from the web root: scripts,
// styles, images, fonts and API calls from this origin only; no plugins, no
// framing, no inline scripts. Inline styles are allowed: without them the
// browser blocks ECharts' tooltips and Element Plus's pickers and popups
// (web/e2e, "popups under the Content-Security-Policy", counted 18
// violations with style-src 'self' alone).
inline constexpr std::string_view kWebContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

class StaticFiles {
 public:
  // `root` need not exist yet (a front end not built): then every page is a
  // 404 that says how to build it.
  explicit StaticFiles(std::filesystem::path root);

  // Whether the request is for the front end rather than the API: a GET
  // whose path is neither /healthz nor /api nor under /api/.
  static bool Handles(const HttpRequest& request);

  // The file's answer: 200 with the file (or its .gz), index.html for a
  // path without a file extension that names no file, 404 otherwise
  // (including every path that tries to leave the root).
  HttpResponse Serve(const HttpRequest& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// The content type for a file name's extension ("index.html" ->
// "text/html; charset=utf-8"); application/octet-stream when unknown.
std::string_view ContentTypeOf(std::string_view file_name);

}  // namespace fk::api
