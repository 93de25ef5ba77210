#include "ops/reports/daily_reports.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <tuple>

#include "ops/audit/audit.hpp"
#include "ops/registry/registry.hpp"
#include "ops/screening/screening.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kDay = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kToday = "2020-02-01";
constexpr const char* kStreet = "420102001";
constexpr const char* kCommunity1 = "420102001001";

class DailyReportTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    service_ = std::make_unique<DailyReportService>(
        db(), [this] { return now_; }, DailyReportOptions{.missing_hour_utc = 10});
  }
  Result<DailyReport> Send(const AccessContext& who, ReportFigures f, std::string problems = "",
                           std::string needs = "") {
    return service_->Submit(who, {kToday, who.scope, f, problems, needs});
  }
  int64_t now_ = kDay + 8 * 3600;  // 16:00 Beijing time
  std::unique_ptr<DailyReportService> service_;
  const AccessContext street_ = Actor(Role::kStreetOfficer, kStreet, 3);
  const AccessContext grid_a_ = Actor(Role::kGridWorker, kGridA, 6);
  const AccessContext grid_b_ = Actor(Role::kGridWorker, kGridB, 7);
  const AccessContext grid_c_ = Actor(Role::kGridWorker, kGridC, 8);
};

TEST_P(DailyReportTest, DraftIsFilledFromTheDaysScreeningVisits) {
  // Visits through screening: yesterday one in grid A (flagged); today three
  // in grid A (one flagged) and one in grid C.
  AuditWriter audit(db());
  RegistryService registry(db(), audit, [this] { return now_; });
  ScreeningService screening(db(), [this] { return now_; });
  const AccessContext officer = Actor(Role::kCommunityOfficer, kStreet, 3);
  int seq = 101;
  for (const char* grid : {kGridA, kGridA, kGridC}) {
    auto h = registry.CreateHousehold(officer, {0, grid, "1", "1", std::to_string(seq)});
    ASSERT_TRUE(h.ok()) << h.error().message;
    for (int k = 0; k < 2; ++k, seq += 2) {
      auto r = registry.AddResident(officer, h->id,
                                    {"居民" + std::to_string(seq), Sex::kMale, "1980-05-05",
                                     MakeId("19800505", seq), "13700000000"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
  }
  auto campaign = screening.CreateCampaign(street_, "摸排", kStreet, "2020-01-30", "2020-02-05");
  ASSERT_TRUE(campaign.ok()) << campaign.error().message;
  auto tasks = screening.Tasks(street_, campaign->id, 0, 50);
  ASSERT_TRUE(tasks.ok());
  auto visit = [&](const AccessContext& who, size_t task, int person, double temperature) {
    const auto& t = tasks->items.at(task);
    auto people = registry.HouseholdResidents(officer, t.household_id);
    ASSERT_TRUE(people.ok()) << people.error().message;
    VisitInput v;
    v.task_id = t.id;
    v.resident_id = people->at(person).id;
    v.temperature = temperature;
    auto r = screening.RecordVisit(who, v);
    ASSERT_TRUE(r.ok()) << r.error().message;
  };
  now_ = kDay - 3600;
  visit(grid_a_, 0, 0, 38.0);
  now_ = kDay + 8 * 3600;
  visit(grid_a_, 0, 1, 36.5);
  visit(grid_a_, 1, 0, 38.2);
  visit(grid_a_, 1, 1, 36.6);
  visit(grid_c_, 2, 0, 36.6);
  auto draft = service_->Draft(grid_a_, kGridA, kToday);
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_EQ(draft->figures.screened, 3);
  EXPECT_EQ(draft->figures.flagged, 1);
  EXPECT_EQ(draft->figures.quarantined, 0);
  EXPECT_TRUE(draft->supplies.empty());
  EXPECT_EQ(service_->Draft(grid_a_, kGridA, "2020-01-31")->figures.flagged, 1);
  auto other = service_->Draft(grid_a_, kGridB, kToday);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(DailyReportTest, RollUpCountsAndFlagsMissingReportsAtTheHour) {
  ASSERT_TRUE(Send(grid_a_, {40, 2}, "缺少测温枪", "口罩 200 只").ok());
  ASSERT_TRUE(Send(grid_c_, {25, 1}).ok());
  auto before = service_->Rollup(street_, kStreet, kToday);
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_FALSE(before->past_missing_hour);
  EXPECT_EQ(before->total.grids, 3);
  EXPECT_EQ(before->total.submitted, 2);
  EXPECT_EQ(before->total.missing, 0);  // before 18:00 nobody is missing yet
  EXPECT_EQ(before->total.figures.screened, 65);
  EXPECT_EQ(before->total.figures.flagged, 3);
  ASSERT_EQ(before->children.size(), 2u);
  EXPECT_EQ(before->children[0].code, kCommunity1);
  EXPECT_EQ(before->children[0].grids, 2);
  EXPECT_EQ(before->children[0].figures.screened, 40);
  now_ = kDay + 10 * 3600;  // 18:00 Beijing time
  auto after = service_->Rollup(street_, kStreet, kToday);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->past_missing_hour);
  EXPECT_EQ(after->total.missing, 1);
  EXPECT_EQ(after->children[0].missing, 1);  // grid B
  EXPECT_EQ(after->children[1].missing, 0);
  // A correction replaces the day's report.
  ASSERT_TRUE(Send(grid_a_, {41, 2}).ok());
  EXPECT_EQ(service_->Rollup(street_, kStreet, kToday)->total.figures.screened, 66);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM daily_reports"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'daily_report'"), 3);
  // A grid's own roll-up has no children.
  auto grid = service_->Rollup(grid_b_, kGridB, kToday);
  ASSERT_TRUE(grid.ok());
  EXPECT_EQ(grid->total.missing, 1);
  EXPECT_TRUE(grid->children.empty());
}

TEST_P(DailyReportTest, CsvIsFormulaSafeAndHasEveryLevel) {
  ASSERT_TRUE(Send(grid_a_, {40, 2}, "=HYPERLINK(\"http://x\")", "+1,口罩").ok());
  now_ = kDay + 11 * 3600;
  auto csv = service_->RollupCsv(street_, kStreet, kToday);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_EQ(*csv,
            "day,code,name,level,grids,submitted,missing,screened,flagged,quarantined,"
            "supply_depots,supply_short,problems,needs\r\n"
            "2020-02-01,420102001,大智街道,street,3,1,2,40,2,0,0,0,,\r\n"
            "2020-02-01,420102001001,社区一,community,2,1,1,40,2,0,0,0,,\r\n"
            "2020-02-01,420102001001001,网格A,grid,1,1,0,40,2,0,0,0,"
            "\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1,口罩\"\r\n"
            "2020-02-01,420102001001002,网格B,grid,1,0,1,0,0,0,0,0,,\r\n"
            "2020-02-01,420102001002,社区二,community,1,0,1,0,0,0,0,0,,\r\n"
            "2020-02-01,420102001002001,网格C,grid,1,0,1,0,0,0,0,0,,\r\n");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'export'"), 1);
}

TEST_P(DailyReportTest, RolesScopesAndBadInput) {
  auto refused = [&](const AccessContext& who, DailyReportInput in, ErrorCode code,
                     const std::string& message) {
    auto r = service_->Submit(who, in);
    ASSERT_FALSE(r.ok()) << message;
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(r.error().message, message);
  };
  refused(grid_a_, {kToday, kGridB, {1, 0}, "", ""}, ErrorCode::kPermissionDenied,
          "a grid's daily report is its own worker's: your scope is 420102001001001");
  refused(street_, {kToday, kGridA, {1, 0}, "", ""}, ErrorCode::kPermissionDenied,
          "a grid's daily report is its own worker's: your scope is 420102001");
  refused(Actor(Role::kVolunteer, kGridA, 9), {kToday, kGridA, {1, 0}, "", ""},
          ErrorCode::kPermissionDenied, "role volunteer may not report to the command");
  refused(grid_a_, {"2020-02-03", kGridA, {1, 0}, "", ""}, ErrorCode::kInvalidArgument,
          "day: a report is for today or yesterday, not 2020-02-03");
  refused(grid_a_, {"2020-1-31", kGridA, {1, 0}, "", ""}, ErrorCode::kInvalidArgument,
          "day: 2020-1-31 is not a YYYY-MM-DD date");
  refused(grid_a_, {kToday, kGridA, {-1, 0}, "", ""}, ErrorCode::kInvalidArgument,
          "screened: must be 0 to 1000000");
  refused(grid_a_, {kToday, kGridA, {1, 2}, "", ""}, ErrorCode::kInvalidArgument,
          "flagged: more than the people screened");
  refused(grid_a_, {kToday, kGridA, {1, 0, 1'000'001}, "", ""}, ErrorCode::kInvalidArgument,
          "quarantined: must be 0 to 1000000");
  refused(grid_a_, {kToday, kGridA, {1, 0}, std::string(2001, 'x'), ""},
          ErrorCode::kInvalidArgument, "problems: at most 2000 bytes");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM daily_reports"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
  // Yesterday is accepted (a late report).
  EXPECT_TRUE(service_->Submit(grid_a_, {"2020-01-31", kGridA, {0, 0}, "", ""}).ok());
  // Roll-ups are in scope only.
  auto wide = service_->Rollup(street_, "420102", kToday);
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Rollup(grid_a_, kStreet, kToday).error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->RollupCsv(grid_a_, kStreet, kToday).error().code,
            ErrorCode::kPermissionDenied);
}

// Quarantine orders of residents of the grid and depots' stock, written as
// the quarantine and supplies modules write them: grid A has one person in
// quarantine today (a second was released today, a third starts tomorrow),
// grid C one; community 1's depot is short of masks (3 days left at last
// week's use) and out of N95, grid B's own depot is out of test kits, and
// community 2's depot is fine.
TEST_P(DailyReportTest, QuarantineAndSuppliesAreFilledFromTheData) {
  AuditWriter audit(db());
  RegistryService registry(db(), audit, [this] { return now_; });
  const AccessContext officer = Actor(Role::kCommunityOfficer, kStreet, 3);
  std::vector<std::pair<std::string, int64_t>> people;  // grid, resident id
  int seq = 201;
  for (const char* grid : {kGridA, kGridA, kGridA, kGridC}) {
    auto h = registry.CreateHousehold(officer, {0, grid, "2", "1", std::to_string(seq)});
    ASSERT_TRUE(h.ok()) << h.error().message;
    auto r = registry.AddResident(officer, h->id,
                                  {"居民" + std::to_string(seq), Sex::kMale, "1980-05-05",
                                   MakeId("19800505", seq), "13700000000"});
    ASSERT_TRUE(r.ok()) << r.error().message;
    people.emplace_back(grid, r->id);
    seq += 2;
  }
  const int64_t today = kDay / 86400;
  {
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    // resident, start day, status, ended day
    const std::tuple<size_t, int64_t, const char*, std::optional<int64_t>> orders[] = {
        {0, today - 3, "active", std::nullopt},
        {1, today - 10, "released", today},
        {2, today + 1, "active", std::nullopt},
        {3, today - 1, "active", std::nullopt}};
    for (const auto& [who, start, status, ended] : orders) {
      ASSERT_TRUE(tx->Exec("INSERT INTO quarantine_orders (resident_id, grid_code, place, room, "
                           "start_day, days, end_day, first_due_day, status, ended_day, "
                           "release_test_day, created_by, created_at) "
                           "VALUES (?, ?, 'home', '', ?, 14, ?, ?, ?, ?, ?, 1, 0)",
                           {people[who].second, people[who].first, start, start + 14, start,
                            std::string(status), store::OrNull(ended), store::OrNull(ended)})
                      .ok());
    }
    for (auto [id, region] : {std::pair{1, kCommunity1}, {2, kGridB}, {3, "420102001002"}}) {
      ASSERT_TRUE(tx->Exec("INSERT INTO depots (id, name, kind, region_code, created_at, "
                           "created_by) VALUES (?, ?, 'community', ?, 0, 1)",
                           {int64_t{id}, "物资点" + std::to_string(id), std::string(region)})
                      .ok());
    }
    for (auto [depot, item, quantity] : {std::tuple{1, "mask", 30},
                                         {1, "n95", 0},
                                         {1, "gloves", 500},
                                         {2, "test_kit", 0},
                                         {3, "mask", 1000}}) {
      ASSERT_TRUE(tx->Exec("INSERT INTO supply_stock (depot_id, item, quantity) VALUES (?, ?, ?)",
                           {int64_t{depot}, std::string(item), int64_t{quantity}})
                      .ok());
    }
    // Last week community 1 used 70 masks (10 a day: 30 left is 3 days).
    ASSERT_TRUE(tx->Exec("INSERT INTO supply_movements (kind, item, from_depot_id, quantity, at, "
                         "by_user, note) VALUES ('consumption', 'mask', 1, 70, ?, 1, '')",
                         {now_ - 2 * 86400})
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  auto draft = service_->Draft(grid_a_, kGridA, kToday);
  ASSERT_TRUE(draft.ok()) << draft.error().message;
  EXPECT_EQ(draft->figures.quarantined, 1);
  EXPECT_EQ(service_->Draft(grid_a_, kGridA, "2020-01-31")->figures.quarantined, 2);
  ASSERT_EQ(draft->supplies.size(), 2u);  // community 1's depot, not grid B's
  EXPECT_EQ(draft->supplies[0].depot_id, 1);
  EXPECT_EQ(draft->supplies[0].item, "mask");
  EXPECT_EQ(draft->supplies[0].status, "warning");
  ASSERT_TRUE(draft->supplies[0].days_left.has_value());
  EXPECT_DOUBLE_EQ(*draft->supplies[0].days_left, 3.0);
  EXPECT_EQ(draft->supplies[1].item, "n95");
  EXPECT_EQ(draft->supplies[1].status, "out");
  auto draft_b = service_->Draft(grid_b_, kGridB, kToday);
  ASSERT_TRUE(draft_b.ok());
  ASSERT_EQ(draft_b->supplies.size(), 3u);
  EXPECT_EQ(draft_b->supplies[2].item, "test_kit");
  EXPECT_EQ(draft_b->figures.quarantined, 0);

  // Left out, the figure is the system's count; given, the worker's.
  DailyReportInput from_data{kToday, kGridA, {10, 0, 0}, "", ""};
  from_data.quarantined_from_data = true;
  auto a = service_->Submit(grid_a_, from_data);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->figures.quarantined, 1);
  ASSERT_TRUE(Send(grid_c_, {5, 0, 4}).ok());
  auto street = service_->Rollup(street_, kStreet, kToday);
  ASSERT_TRUE(street.ok()) << street.error().message;
  EXPECT_EQ(street->total.figures.quarantined, 5);
  EXPECT_EQ(street->total.supply_depots, 3);
  EXPECT_EQ(street->total.supply_short, 3);
  ASSERT_EQ(street->children.size(), 2u);
  EXPECT_EQ(street->children[0].figures.quarantined, 1);
  EXPECT_EQ(street->children[0].supply_depots, 2);
  EXPECT_EQ(street->children[0].supply_short, 3);
  EXPECT_EQ(street->children[1].figures.quarantined, 4);
  EXPECT_EQ(street->children[1].supply_depots, 1);
  EXPECT_EQ(street->children[1].supply_short, 0);
  auto community =
      service_->Rollup(Actor(Role::kCommunityOfficer, kCommunity1, 4), kCommunity1, kToday);
  ASSERT_TRUE(community.ok()) << community.error().message;
  ASSERT_EQ(community->children.size(), 2u);
  EXPECT_EQ(community->children[0].supply_depots, 0);  // grid A holds no depot
  EXPECT_EQ(community->children[1].supply_depots, 1);  // grid B's own
  EXPECT_EQ(community->children[1].supply_short, 1);
  auto csv = service_->RollupCsv(street_, kStreet, kToday);
  ASSERT_TRUE(csv.ok()) << csv.error().message;
  EXPECT_NE(csv->find("2020-02-01,420102001,大智街道,street,3,2,0,15,0,5,3,3,,\r\n"),
            std::string::npos)
      << *csv;
  EXPECT_NE(csv->find("2020-02-01,420102001001002,网格B,grid,1,0,0,0,0,0,1,1,,\r\n"),
            std::string::npos)
      << *csv;
}

INSTANTIATE_TEST_SUITE_P(Backends, DailyReportTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
