// Notices to residents (宣传): published to a region, pinned or not, with an
// expiry; withdrawn by whoever may publish there. Residents read the notices
// of their community without logging in (ForCommunity): those published to
// the community, to a grid of it, or to any region above it, while they run.
// Text is stored and answered as plain text (never markup): the pages show
// it as text, so a notice cannot inject markup (docs/operations.md, Notices).
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

constexpr size_t kMaxNoticeTitleChars = 100;  // characters (code points), not bytes
constexpr size_t kMaxNoticeBodyChars = 5000;
constexpr int64_t kMaxNoticeDays = 366;  // an expiry at most this far ahead
constexpr int kMaxPublicNotices = 50;    // a community's page shows at most these

struct NoticeInput {
  std::string region_code;
  std::string title;
  std::string body;
  bool pinned = false;
  int64_t expires_at = 0;  // unix seconds, after now
};

struct Notice {
  int64_t id = 0;
  std::string region_code;
  std::string title;
  std::string body;
  bool pinned = false;
  int64_t published_at = 0;
  int64_t expires_at = 0;
  int64_t published_by = 0;
  std::optional<int64_t> withdrawn_at{};
};

struct CommunityNotices {
  std::string community_code;
  std::string community_name;
  std::vector<Notice> notices;  // pinned first, then newest first
};

class NoticeService {
 public:
  NoticeService(store::Database& db, Clock clock = SystemClock());

  // Needs kPublishNotices in scope of the region, which must exist. Title
  // 1..100 characters without control characters; body 1..5000 characters
  // (line breaks and tabs allowed); expiry after now and at most 366 days ahead.
  Result<Notice> Publish(const AccessContext& ctx, const NoticeInput& input);
  // Needs kPublishNotices; the notice's region in scope (else kNotFound).
  // kConflict when already withdrawn.
  Result<Notice> Withdraw(const AccessContext& ctx, int64_t id);
  // The notices published to regions in the caller's scope, newest first,
  // running or not. Any role.
  Result<Page<Notice>> List(const AccessContext& ctx, int64_t after_id, int limit);
  // No login: the running notices of a community (12-digit code) for its
  // residents. kInvalidArgument for a code that is not a community's,
  // kNotFound for a community that does not exist.
  Result<CommunityNotices> ForCommunity(const std::string& community_code);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
