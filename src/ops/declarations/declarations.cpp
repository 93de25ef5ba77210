#include "ops/declarations/declarations.hpp"

#include <sodium.h>

#include <array>

#include "ops/audit/audit.hpp"
#include "ops/phone.hpp"
#include "ops/plain_text.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/registry/masking.hpp"

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 5> kKinds = {"return", "fever", "symptoms", "need",
                                                    "concern"};

// 10 characters of an alphabet without look-alikes (no 0/O, 1/I/L): about
// 49 bits, unguessable for a reference that only names the declaration.
std::string NewReference() {
  static constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  std::string out = "D";
  for (int i = 0; i < 10; ++i)
    out += kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))];
  return out;
}

// Without the spaces around it, so that " 3 " and "3" are the same building.
std::string Trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

constexpr const char* kColumns =
    "SELECT id, reference, kind, community_code, grid_code, building, unit, room, name, phone, "
    "from_area, detail, created_at, status, closed_at, closed_by, outcome FROM declarations ";

Declaration DeclarationOf(const store::Row& r) {
  Declaration d;
  d.id = r.Int(0);
  d.reference = r.Text(1);
  d.kind = ParseDeclarationKind(r.Text(2)).value_or(DeclarationKind::kConcern);
  d.community_code = r.Text(3);
  if (!r.IsNull(4)) d.grid_code = r.Text(4);
  d.building = r.Text(5);
  d.unit = r.Text(6);
  d.room = r.Text(7);
  d.name = r.Text(8);
  d.phone = r.Text(9);
  d.from_area = r.Text(10);
  d.detail = r.Text(11);
  d.created_at = r.Int(12);
  d.closed = r.Text(13) == "closed";
  if (!r.IsNull(14)) {
    d.closed_at = r.Int(14);
    d.minutes_to_close = (*d.closed_at - d.created_at) / 60;
  }
  if (!r.IsNull(15)) d.closed_by = r.Int(15);
  d.outcome = r.Text(16);
  return d;
}

}  // namespace

std::string_view DeclarationKindName(DeclarationKind kind) {
  return kKinds[static_cast<int>(kind)];
}

std::optional<DeclarationKind> ParseDeclarationKind(std::string_view name) {
  for (size_t i = 0; i < kKinds.size(); ++i)
    if (kKinds[i] == name) return static_cast<DeclarationKind>(i);
  return std::nullopt;
}

DeclarationService::DeclarationService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<DeclarationReceipt> DeclarationService::Declare(const DeclarationInput& given,
                                                       const std::string& client_address) {
  DeclarationInput in = given;
  in.building = Trimmed(in.building);
  in.unit = Trimmed(in.unit);
  in.room = Trimmed(in.room);
  auto level = LevelOfCode(in.community_code);
  if (!level || *level != RegionLevel::kCommunity)
    return InvalidArgument("community_code: " + in.community_code +
                           " is not a community code (12 digits)");
  for (auto [field, value] :
       {std::pair{"building", &in.building}, {"unit", &in.unit}, {"room", &in.room}}) {
    if (Status s = CheckPlainText(field, *value, 20, false); !s) return s.error();
  }
  if (Status s = CheckPlainText("name", in.name, 40, false, true); !s) return s.error();
  if (Status s = CheckPlainText("from_area", in.from_area, 100, false, true); !s) return s.error();
  if (Status s = CheckPlainText("detail", in.detail, kMaxDeclarationDetailChars, true, true); !s)
    return s.error();
  if (in.kind == DeclarationKind::kReturn && in.from_area.empty())
    return InvalidArgument("from_area: a return needs the area returned from");
  if ((in.kind == DeclarationKind::kNeed || in.kind == DeclarationKind::kConcern) &&
      in.detail.empty())
    return InvalidArgument("detail: say what is needed or what the concern is");
  auto phone = CanonicalPhone(in.phone);
  if (!phone) return InvalidArgument("phone: " + std::string(kPhoneRule));
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto community = tx->Query("SELECT 1 FROM regions WHERE code = ?", {in.community_code});
  if (!community) return community.error();
  if (community->empty())
    return Error{ErrorCode::kNotFound, "community " + in.community_code + " not found"};
  const int64_t now = clock_();
  // The address, as one key for the limit (the same place however its
  // parts were spaced: they are trimmed above).
  const std::string address = in.community_code + "|" + in.building + "|" + in.unit + "|" + in.room;
  auto recent =
      tx->QueryOne("SELECT COUNT(*) FROM declarations WHERE address_key = ? AND created_at > ?",
                   {address, now - kDeclarationWindowSeconds});
  if (!recent) return recent.error();
  if (recent->Int(0) >= kMaxDeclarationsPerAddress) {
    return Error{ErrorCode::kResourceExhausted,
                 "this address has declared " + std::to_string(kMaxDeclarationsPerAddress) +
                     " times in the last 24 hours; please call your community instead"};
  }
  // The grid of a household at that address, if any: the queue it goes to.
  // The same statements run either way (this look-up, then the insert) and
  // the answer holds nothing from it, so neither the answer nor its work
  // tells a registered address from an unknown one.
  const std::string prefix = SubtreePrefix(in.community_code);
  auto household = tx->Query(
      "SELECT grid_code FROM households WHERE grid_code >= ? AND grid_code < ? AND building = ? "
      "AND unit = ? AND room = ? LIMIT 1",
      {prefix, PrefixEnd(prefix), in.building, in.unit, in.room});
  if (!household) return household.error();
  const store::Value grid =
      household->empty() ? store::Value(nullptr) : store::Value(household->front().Text(0));
  const std::string queue = household->empty() ? in.community_code : household->front().Text(0);
  DeclarationReceipt receipt{NewReference(), now};
  auto inserted = tx->Exec(
      "INSERT INTO declarations (reference, kind, community_code, grid_code, queue_code, building, "
      "unit, room, address_key, name, phone, from_area, detail, created_at, client_address, "
      "status) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
      {receipt.reference, std::string(DeclarationKindName(in.kind)), in.community_code, grid, queue,
       in.building, in.unit, in.room, address, in.name, *phone, in.from_area, in.detail, now,
       client_address});
  if (!inserted) return inserted.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return receipt;
}

Result<Page<Declaration>> DeclarationService::Queue(const AccessContext& ctx, bool open_only,
                                                    int64_t after_id, int limit) {
  if (Status s = Require(ctx, Permission::kHandleDeclarations); !s) return s.error();
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto rows = tx->Query(std::string(kColumns) +
                            "WHERE queue_code >= ? AND queue_code < ? AND (? = 0 OR status = "
                            "'open') AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?",
                        {prefix, PrefixEnd(prefix), int64_t{open_only}, after_id, after_id,
                         static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Declaration> page;
  const bool clear = HasPermission(ctx.role, Permission::kSeeUnmasked);
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    Declaration d = DeclarationOf(r);
    if (!clear) {
      d.name = MaskName(d.name);
      d.phone = MaskPhone(d.phone);
    }
    page.items.push_back(std::move(d));
  }
  if (Status s = AppendAudit(*tx, ctx, clock_(), "read", "declarations",
                             std::to_string(page.items.size()) + " declarations",
                             clear ? "unmasked" : "masked");
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return page;
}

Result<Declaration> DeclarationService::Close(const AccessContext& ctx, int64_t id,
                                              const std::string& outcome) {
  if (Status s = Require(ctx, Permission::kHandleDeclarations); !s) return s.error();
  if (Status s = CheckPlainText("outcome", outcome, 1000, true); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "declaration " + std::to_string(id) + " not found";
  auto row = tx->QueryOne(std::string(kColumns) + "WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  Declaration d = DeclarationOf(*row);
  if (!InScope(ctx, d.grid_code.value_or(d.community_code)))
    return Error{ErrorCode::kNotFound, missing};
  if (d.closed)
    return Error{ErrorCode::kConflict, "declaration " + std::to_string(id) + " is already closed"};
  const int64_t now = clock_();
  auto up = tx->Exec(
      "UPDATE declarations SET status = 'closed', closed_at = ?, closed_by = ?, outcome = ? "
      "WHERE id = ? AND status = 'open'",
      {now, ctx.user_id, outcome, id});
  if (!up) return up.error();
  if (*up != 1)
    return Error{ErrorCode::kConflict, "declaration " + std::to_string(id) + " is already closed"};
  d.closed = true;
  d.closed_at = now;
  d.closed_by = ctx.user_id;
  d.outcome = outcome;
  d.minutes_to_close = (now - d.created_at) / 60;
  if (Status s = AppendAudit(*tx, ctx, now, "close", "declaration", std::to_string(id),
                             std::to_string(*d.minutes_to_close) + " minutes",
                             d.grid_code.value_or(d.community_code));
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return d;
}

}  // namespace fk::ops
