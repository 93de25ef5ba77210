// Keyed hashes of search terms for the audit log. A search by ID number,
// phone or full name (or a name prefix longer than one character) is
// recorded with its term as HMAC-SHA256(key, term), written "hmac:" and 64
// hex digits, so that an auditor can ask whether a given person's number was
// searched (AuditFilter::term) while the log never holds the number itself.
//
// The key is 32 random bytes (libsodium) made at first use and kept in the
// database table audit_keys, row 'search_terms'. No API route reads that
// table; triggers refuse UPDATE and DELETE on it, so records hashed with it
// stay checkable. It lives in the database, not in a file, so that every
// server process on one database hashes alike and a backup restores it with
// the log. It protects the terms from whoever reads the log through the API
// or an export, not from whoever can read the database itself: they could
// recompute the hash of every possible ID number.
//
// Internally synchronized: share freely. Holds a reference to the Database,
// which must outlive it.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "store/database.hpp"

namespace fk::ops {

class SearchTermKey {
 public:
  explicit SearchTermKey(store::Database& db);

  // "hmac:" and the 64 lower-case hex digits of HMAC-SHA256(key, term). The
  // key is read (or made and stored) at the first call; fails only when it
  // can be neither read nor stored.
  Result<std::string> Hash(std::string_view term);

 private:
  // Reads the key, making and storing it if there is none. mu_ held.
  Status LoadKey();

  // Constant after construction.
  store::Database& db_;

  std::mutex mu_;
  std::string key_;  // 32 bytes once loaded; guarded by mu_
};

// The forms in which a term given to an auditor may have been stored and
// hashed: as given, as a canonical ID number (a final 'x' upper case) and as
// a canonical phone (digits only), without repeats.
std::vector<std::string> SearchTermForms(std::string_view term);

}  // namespace fk::ops
