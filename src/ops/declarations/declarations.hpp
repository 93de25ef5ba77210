// Residents' declarations (群防群治): without an account, a household
// declares a return from a high-risk area, fever or symptoms, a need
// (medicine, food for someone living alone), or reports a concern in its
// community. Each declaration lands in a queue: the grid of the household
// at that address when the registry has one, else the community's; a
// worker follows it up and closes it, and the time it took is kept.
//
// Promises:
// - Declare answers the same whether or not the address or the person is in
//   the registry (a reference and the time; nothing from the registry), so
//   the open page cannot be used to learn who is registered.
// - At most kMaxDeclarationsPerAddress declarations per address (community,
//   building, unit, room) in kDeclarationWindowSeconds; text is bounded.
// - Reading the queue (names and phones) is audited.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

constexpr int kMaxDeclarationsPerAddress = 3;
constexpr int64_t kDeclarationWindowSeconds = 86400;
constexpr size_t kMaxDeclarationDetailChars = 1000;

enum class DeclarationKind { kReturn, kFever, kSymptoms, kNeed, kConcern };
std::string_view DeclarationKindName(DeclarationKind kind);  // "return", "fever", ...
std::optional<DeclarationKind> ParseDeclarationKind(std::string_view name);

struct DeclarationInput {
  DeclarationKind kind = DeclarationKind::kConcern;
  std::string community_code;
  std::string building, unit, room;
  std::string name{};       // optional
  std::string phone;        // to call back
  std::string from_area{};  // a return: where from
  std::string detail{};
};

struct DeclarationReceipt {
  std::string reference;  // e.g. "D7K2M9QX4T": to quote when asking
  int64_t received_at = 0;
};

struct Declaration {
  int64_t id = 0;
  std::string reference;
  DeclarationKind kind = DeclarationKind::kConcern;
  std::string community_code;
  std::optional<std::string> grid_code{};  // none: the community's queue
  std::string building, unit, room;
  std::string name, phone;  // as given (masked for roles without see_unmasked)
  std::string from_area, detail;
  int64_t created_at = 0;
  bool closed = false;
  std::optional<int64_t> closed_at{}, closed_by{};
  std::string outcome{};
  std::optional<int64_t> minutes_to_close{};
};

class DeclarationService {
 public:
  DeclarationService(store::Database& db, Clock clock = SystemClock());

  // No login. kInvalidArgument naming the field; kNotFound for a community
  // that does not exist; kResourceExhausted when the address has declared
  // kMaxDeclarationsPerAddress times in the window. `client_address` is kept
  // for the workers (abuse), never answered to the public.
  Result<DeclarationReceipt> Declare(const DeclarationInput& input,
                                     const std::string& client_address);
  // The queue in the caller's scope (kHandleDeclarations): a grid worker sees
  // their grid's; officers also the community queues of their area. Open
  // ones first when `open_only`; newest first. Audited.
  Result<Page<Declaration>> Queue(const AccessContext& ctx, bool open_only, int64_t after_id,
                                  int limit);
  // Closes an open declaration in scope with what was done (1..1000
  // characters); kConflict when closed already, kNotFound out of scope.
  Result<Declaration> Close(const AccessContext& ctx, int64_t id, const std::string& outcome);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
