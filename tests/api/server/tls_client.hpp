// Test helpers for the HTTPS server: a self-signed certificate made with
// OpenSSL's API (EC P-256, CN and subjectAltName 127.0.0.1) written as PEM
// files, and a blocking TLS client that sends one request and reads until
// the server closes. One thread at a time per call; no shared state.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace fk::api::test {

struct TestCertificate {
  std::string certificate_file;  // PEM
  std::string private_key_file;  // PEM
};

// Writes cert.pem and key.pem into `dir` (which must exist).
TestCertificate MakeSelfSignedCertificate(const std::filesystem::path& dir);

struct TlsResult {
  bool handshake_ok = false;
  std::string protocol;  // "TLSv1.3", ... when the handshake succeeded
  std::string response;  // everything the server sent after the handshake
};

// Connects to 127.0.0.1:port, shakes hands (trusting `ca_file`; with
// max_version, e.g. TLS1_1_VERSION, offering nothing newer), sends `request`
// and reads until the server closes or 5 s pass.
TlsResult TlsExchange(std::uint16_t port, const std::string& ca_file, const std::string& request,
                      int max_version = 0);

}  // namespace fk::api::test
