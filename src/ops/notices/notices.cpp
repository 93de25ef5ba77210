#include "ops/notices/notices.hpp"

#include "ops/audit/audit.hpp"
#include "ops/plain_text.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

constexpr const char* kColumns =
    "SELECT id, region_code, title, body, pinned, published_at, expires_at, published_by, "
    "withdrawn_at FROM notices ";

Notice NoticeOf(const store::Row& r) {
  Notice n{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Int(4) != 0, r.Int(5), r.Int(6), r.Int(7)};
  if (!r.IsNull(8)) n.withdrawn_at = r.Int(8);
  return n;
}

}  // namespace

NoticeService::NoticeService(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)) {}

Result<Notice> NoticeService::Publish(const AccessContext& ctx, const NoticeInput& in) {
  if (Status s = Require(ctx, Permission::kPublishNotices); !s) return s.error();
  if (!LevelOfCode(in.region_code).ok())
    return InvalidArgument("region_code: " + in.region_code +
                           " is not a region code (6, 9, 12 or 15 digits)");
  if (Status s = CheckPlainText("title", in.title, kMaxNoticeTitleChars, false); !s)
    return s.error();
  if (Status s = CheckPlainText("body", in.body, kMaxNoticeBodyChars, true); !s) return s.error();
  const int64_t now = clock_();
  if (in.expires_at <= now) return InvalidArgument("expires_at: must be in the future");
  if (in.expires_at > now + kMaxNoticeDays * 86400)
    return InvalidArgument("expires_at: at most " + std::to_string(kMaxNoticeDays) + " days ahead");
  if (Status s = Require(ctx, Permission::kPublishNotices, in.region_code); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto region = tx->Query("SELECT 1 FROM regions WHERE code = ?", {in.region_code});
  if (!region) return region.error();
  if (region->empty())
    return InvalidArgument("region_code: region " + in.region_code + " does not exist");
  auto row = tx->QueryOne(
      "INSERT INTO notices (region_code, title, body, pinned, published_at, expires_at, "
      "published_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.region_code, in.title, in.body, int64_t{in.pinned}, now, in.expires_at, ctx.user_id});
  if (!row) return row.error();
  Notice n{row->Int(0), in.region_code, in.title,   in.body, in.pinned,
           now,         in.expires_at,  ctx.user_id};
  if (Status s =
          AppendAudit(*tx, ctx, now, "publish", "notice", std::to_string(n.id), "", in.region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return n;
}

Result<Notice> NoticeService::Withdraw(const AccessContext& ctx, int64_t id) {
  if (Status s = Require(ctx, Permission::kPublishNotices); !s) return s.error();
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  const std::string missing = "notice " + std::to_string(id) + " not found";
  auto row = tx->QueryOne(std::string(kColumns) + "WHERE id = ?", {id}, missing);
  if (!row) return row.error();
  Notice n = NoticeOf(*row);
  if (!InScope(ctx, n.region_code)) return Error{ErrorCode::kNotFound, missing};
  if (n.withdrawn_at)
    return Error{ErrorCode::kConflict, "notice " + std::to_string(id) + " is already withdrawn"};
  const int64_t now = clock_();
  auto up = tx->Exec("UPDATE notices SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL",
                     {now, id});
  if (!up) return up.error();
  n.withdrawn_at = now;
  if (Status s =
          AppendAudit(*tx, ctx, now, "withdraw", "notice", std::to_string(id), "", n.region_code);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return n;
}

Result<Page<Notice>> NoticeService::List(const AccessContext& ctx, int64_t after_id, int limit) {
  if (limit < 1 || limit > kMaxPageSize)
    return InvalidArgument("limit: must be 1.." + std::to_string(kMaxPageSize));
  const std::string prefix = SubtreePrefix(ctx.scope);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows =
      tx->Query(std::string(kColumns) +
                    "WHERE region_code >= ? AND region_code < ? AND (? = 0 OR id < ?) "
                    "ORDER BY id DESC LIMIT ?",
                {prefix, PrefixEnd(prefix), after_id, after_id, static_cast<int64_t>(limit) + 1});
  if (!rows) return rows.error();
  Page<Notice> page;
  for (const auto& r : *rows) {
    if (static_cast<int>(page.items.size()) == limit) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back(NoticeOf(r));
  }
  return page;
}

Result<CommunityNotices> NoticeService::ForCommunity(const std::string& code) {
  auto level = LevelOfCode(code);
  if (!level || *level != RegionLevel::kCommunity)
    // Not echoed: the open route does not reflect what anyone typed.
    return InvalidArgument("code: not a community code (12 digits)");
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  const std::string missing = "community " + code + " not found";
  auto community = tx->QueryOne("SELECT name FROM regions WHERE code = ?", {code}, missing);
  if (!community) return community.error();
  // The community, its grids, and every region above it: street, district,
  // city, province.
  store::Params params{clock_(), code, PrefixEnd(code)};
  std::string above;
  for (std::string c = ParentCode(code); !c.empty(); c = ParentCode(c)) {
    above += above.empty() ? "?" : ", ?";
    params.emplace_back(c);
  }
  params.emplace_back(int64_t{kMaxPublicNotices});
  auto rows = tx->Query(std::string(kColumns) +
                            "WHERE withdrawn_at IS NULL AND expires_at > ? AND "
                            "((region_code >= ? AND region_code < ?) OR region_code IN (" +
                            above + ")) ORDER BY pinned DESC, published_at DESC, id DESC LIMIT ?",
                        params);
  if (!rows) return rows.error();
  CommunityNotices out{code, community->Text(0), {}};
  for (const auto& r : *rows) out.notices.push_back(NoticeOf(r));
  return out;
}

}  // namespace fk::ops
