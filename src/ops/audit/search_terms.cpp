#include "ops/audit/search_terms.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "ops/phone.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::ops {
namespace {

constexpr const char* kKeyName = "search_terms";

std::string Hex(const unsigned char* p, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), p, n);
  out.pop_back();
  return out;
}

// The stored key, "" when there is none yet.
Result<std::string> ReadKey(store::Database& db) {
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query("SELECT secret FROM audit_keys WHERE name = ?", {std::string(kKeyName)});
  if (!rows) return rows.error();
  if (rows->empty()) return std::string();
  std::string key(crypto_auth_hmacsha256_KEYBYTES, '\0');
  const std::string hex = rows->front().Text(0);
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                     hex.size(), nullptr, &len, nullptr) != 0 ||
      len != key.size())
    return Error{ErrorCode::kInternal, "audit: the search-term key is damaged"};
  return key;
}

}  // namespace

SearchTermKey::SearchTermKey(store::Database& db) : db_(db) {
  if (sodium_init() < 0) std::abort();  // libsodium cannot run: a broken installation
}

Status SearchTermKey::LoadKey() {
  auto key = ReadKey(db_);
  if (!key) return key.error();
  if (key->empty()) {
    // First use: store a new key unless another process stored one meanwhile
    // (the primary key keeps one), then read whichever was kept.
    unsigned char made[crypto_auth_hmacsha256_KEYBYTES];
    crypto_auth_hmacsha256_keygen(made);
    auto tx = db_.Begin(store::TxMode::kWrite);
    if (!tx) return tx.error();
    auto ins = tx->Exec(
        "INSERT INTO audit_keys (name, secret, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO NOTHING",
        {std::string(kKeyName), Hex(made, sizeof made), static_cast<int64_t>(std::time(nullptr))});
    sodium_memzero(made, sizeof made);
    if (!ins) return ins.error();
    if (Status s = tx->Commit(); !s) return s;
    key = ReadKey(db_);
    if (!key) return key.error();
    if (key->empty()) return Error{ErrorCode::kInternal, "audit: the search-term key was not kept"};
  }
  key_ = std::move(*key);
  return Status::Ok();
}

Result<std::string> SearchTermKey::Hash(std::string_view term) {
  std::lock_guard lock(mu_);
  if (key_.empty()) {
    if (Status s = LoadKey(); !s) return s.error();
  }
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.data()),
                              key_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(term.data()),
                                term.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return "hmac:" + Hex(mac, sizeof mac);
}

std::vector<std::string> SearchTermForms(std::string_view term) {
  std::vector<std::string> out{std::string(term), CanonicalResidentId(term)};
  if (auto phone = CanonicalPhone(term)) out.push_back(std::move(*phone));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace fk::ops
