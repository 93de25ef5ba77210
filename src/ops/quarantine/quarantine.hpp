// Quarantine orders (隔离医学观察): a registered resident quarantined at home
// or in a room of a quarantine site, from the last exposure for a number of
// days (14 by default; changed with a history of who, when and why); daily
// checks (temperature, symptoms) by the grid worker of the person's grid or
// the site's medical staff; days without a check flagged as missed; release
// once the period is over with a negative test recorded on the order, or
// conversion to a case. A site order holds one quarantine_room bed of the
// site (facilities/facilities.hpp) from order to release.
//
// Who: officers with kManageQuarantine in the scope of the person's grid
// order, change, release and convert; kRecordQuarantineChecks records
// checks: a grid worker those of home orders of their grid, medical staff
// those of site orders at sites they are attached to, community officers
// any in their scope. A grid worker reads the orders and checks of their
// grid and nothing else; medical staff those of their sites.
// contact_id names the person's entry on a case's contact list and case_id
// the case they became (ops/cases/case_links.hpp: the person's own, in the
// officer's scope; foreign keys).
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

// The quarantine of close contacts: 14 days from the last exposure (NHC
// COVID-19 prevention and control protocol, 新型冠状病毒肺炎防控方案, 2020).
constexpr int kDefaultQuarantineDays = 14;
constexpr int kMaxQuarantineDays = 60;

struct QuarantineOrder {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string name;                    // masked
  std::string grid_code;               // the person's grid when ordered
  std::string place;                   // "home" or "site"
  std::optional<int64_t> facility_id;  // the site
  std::string room;                    // at the site
  std::string start_date;              // the last exposure, YYYY-MM-DD
  int days = kDefaultQuarantineDays;
  std::string end_date;  // start + days: release is due from this day
  std::string status;    // "active", "released", "converted"
  std::optional<int64_t> contact_id, case_id;
  std::optional<std::string> ended_on;
  std::optional<std::string> release_test_date;  // the negative test's sample date
  std::string release_test_lab;
  int64_t checks = 0;       // recorded
  int64_t missed_days = 0;  // past days of the period with no check
  std::optional<std::string> last_check_date;
};

struct QuarantineInput {
  int64_t resident_id = 0;
  std::string place;  // "home" or "site"
  std::optional<int64_t> facility_id;
  std::string room;
  std::string last_exposure;  // YYYY-MM-DD, not after today
  std::optional<int> days;    // 1..kMaxQuarantineDays, default 14
  std::optional<int64_t> contact_id;
};

struct QuarantineChange {
  int old_days = 0, new_days = 0;
  std::string reason;
  int64_t changed_by = 0;
  int64_t changed_at = 0;
};

struct CheckInput {
  std::optional<double> temperature;  // °C, 34..43
  bool symptoms = false;
  std::string note;
  std::string date;  // YYYY-MM-DD within the period, not after today; empty: today
  // An id the device made (8..64 of A-Z a-z 0-9 - _), or empty: a repeated
  // send with the same id and content records nothing and answers as the
  // first; the same id with other content is kConflict.
  std::string client_id;
};

struct QuarantineCheck {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string date;
  std::optional<double> temperature{};
  bool symptoms = false;
  bool fever = false;  // temperature >= 37.3 °C
  std::string note{};
  int64_t checked_by = 0;
  bool replayed = false;  // a repeat of an earlier send (same client_id)
};

struct OrderFilter {
  std::string region;        // default: the caller's scope
  std::string status;        // "", "active", "released", "converted"
  bool missed_only = false;  // active orders with missed days
  std::optional<int64_t> facility_id;
};

class QuarantineService {
 public:
  QuarantineService(store::Database& db, Clock clock = SystemClock());

  // kInvalidArgument naming the field; kConflict when the person has an
  // active order, or the site has no free quarantine room.
  Result<QuarantineOrder> Create(const AccessContext& ctx, const QuarantineInput& in);
  Result<QuarantineOrder> Get(const AccessContext& ctx, int64_t id);
  // Orders in the caller's view (see above), ordered by id; masked names.
  Result<Page<QuarantineOrder>> List(const AccessContext& ctx, const OrderFilter& filter,
                                     int64_t after_id, int limit);
  // Changes the length of an active order; the change is kept (History).
  Result<QuarantineOrder> ChangeDays(const AccessContext& ctx, int64_t id, int days,
                                     std::string reason);
  Result<std::vector<QuarantineChange>> History(const AccessContext& ctx, int64_t id);
  Result<QuarantineCheck> RecordCheck(const AccessContext& ctx, int64_t id, const CheckInput& in);
  // Several checks of one order in one transaction (a queue sent at once, or
  // the demo's history), each as RecordCheck would: all or none.
  Result<std::vector<QuarantineCheck>> RecordChecks(const AccessContext& ctx, int64_t id,
                                                    const std::vector<CheckInput>& checks);
  Result<std::vector<QuarantineCheck>> Checks(const AccessContext& ctx, int64_t id);
  // Ends an active order whose period is over with a negative test:
  // `test_result` must be "negative" (a positive one is refused: convert to
  // a case instead); the test date within the last 3 days of the period or
  // after it, not after today.
  Result<QuarantineOrder> Release(const AccessContext& ctx, int64_t id, std::string test_date,
                                  std::string test_result, std::string lab);
  // Ends an active order because the person became a case (case_id: the
  // case, when registered); the site room is freed.
  Result<QuarantineOrder> Convert(const AccessContext& ctx, int64_t id,
                                  std::optional<int64_t> case_id);
  // The household's printable notice (隔离医学观察告知书): a complete HTML page
  // in Chinese with the person's name in clear (it is handed to them), the
  // address, the dates and the rules. Needs kManageQuarantine or
  // kRecordQuarantineChecks on the order; audited as an unmasked read.
  Result<std::string> NoticeHtml(const AccessContext& ctx, int64_t id);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
