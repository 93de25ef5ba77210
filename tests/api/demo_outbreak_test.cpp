// The demo's outbreak (api/demo/demo_outbreak.hpp) on each backend: cases in
// the city's grids with onset before report and a curve that rises and
// falls, admissions of severe and critical cases only, quarantine orders of
// listed contacts only, the same data for the same seed, none when off,
// and an Rt estimate from it as `fangkong rt` makes one.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include "api/demo/demo_data.hpp"
#include "api/demo/demo_outbreak.hpp"
#include "backends.hpp"
#include "common/dates.hpp"
#include "forecast/regional/case_onsets.hpp"
#include "forecast/regional/regional_rt.hpp"
#include "ops/schema.hpp"

namespace fk::api::test {
namespace {

int Today() { return static_cast<int>(std::time(nullptr) / 86400); }
int DayOf(const std::string& text) {
  auto d = ParseDate(text);
  EXPECT_TRUE(d.ok()) << text;
  return d.ok() ? DaysFromCivil(*d) : 0;
}

class DemoOutbreakTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    options_.population = 3'000;
    options_.households_per_grid = 30;
    options_.seed = 5;
    options_.supply_days = 0;
    options_.notices = false;
    options_.command = false;
    options_.volunteers = false;
    options_.checkpoints = false;  // its one alert comes with a quarantine order of its own
    made_ = Make(options_);
  }

  struct Made {
    std::unique_ptr<fk::testing::TestDb> test_db;
    std::unique_ptr<Services> services;
    DemoSummary summary;
  };

  Made Make(const DemoOptions& options) {
    Made m;
    m.test_db = std::make_unique<fk::testing::TestDb>(GetParam());
    EXPECT_TRUE(m.test_db->ok()) << "database backend unavailable";
    EXPECT_TRUE(ops::MigrateOps(m.test_db->db()).ok());
    ops::UserOptions users;
    users.ops_limit = 1;     // crypto_pwhash_OPSLIMIT_MIN: fast tests
    users.mem_limit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
    m.services = std::make_unique<Services>(m.test_db->db(), users);
    auto created = CreateDemoData(*m.services, options);
    EXPECT_TRUE(created.ok()) << created.error().message;
    if (created.ok()) m.summary = *created;
    return m;
  }

  store::Database& db() { return made_.test_db->db(); }

  std::vector<store::Row> Rows(store::Database& on, const std::string& sql) {
    auto lease = on.Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.error().message;
    return rows.ok() ? *rows : std::vector<store::Row>{};
  }
  std::vector<store::Row> Rows(const std::string& sql) { return Rows(db(), sql); }
  int64_t Count(const std::string& sql) { return Rows(sql).at(0).Int(0); }

  DemoOptions options_;
  Made made_;
};

// Confirmed cases of the last kOutbreakDays days, in grids of the city, each
// reported (and confirmed) a few days after its onset, none after today.
TEST_P(DemoOutbreakTest, CasesLieInTheCitysGridsWithOnsetBeforeReport) {
  const auto cases = Rows(
      "SELECT c.grid_code, c.onset_date, c.report_date, c.confirmation_date, c.status, "
      "r.grid_code, g.level FROM cases c JOIN residents r ON r.id = c.resident_id "
      "LEFT JOIN regions g ON g.code = c.grid_code ORDER BY c.id");
  ASSERT_GE(cases.size(), 30u);
  EXPECT_EQ(static_cast<int64_t>(cases.size()), made_.summary.cases);
  std::set<std::string> districts;
  for (const auto& c : cases) {
    const std::string grid = c.Text(0);
    EXPECT_EQ(grid.substr(0, 4), std::string(kDemoCity).substr(0, 4)) << grid;
    EXPECT_EQ(c.Int(6), static_cast<int64_t>(ops::RegionLevel::kGrid)) << grid;
    EXPECT_EQ(c.Text(5), grid);  // the person's own grid
    EXPECT_EQ(c.Text(4), "confirmed");
    const int onset = DayOf(c.Text(1)), report = DayOf(c.Text(2));
    EXPECT_LE(onset, report);
    EXPECT_GE(report - onset, 2);
    EXPECT_LE(report - onset, 7);
    EXPECT_EQ(c.Text(3), c.Text(2));
    EXPECT_LE(report, Today());
    EXPECT_GE(onset, Today() - kOutbreakDays - 1);  // a midnight may pass
    districts.insert(grid.substr(0, 6));
  }
  EXPECT_GE(districts.size(), 2u);
}

// Onsets grow, then fall after the measures: the middle third of the
// period has more cases than the first and than the last.
TEST_P(DemoOutbreakTest, TheCurveRisesThenFalls) {
  int64_t thirds[3] = {0, 0, 0};
  const int first = Today() - kOutbreakDays;
  for (const auto& r : Rows("SELECT onset_date, COUNT(*) FROM cases GROUP BY onset_date")) {
    const int t = std::clamp((DayOf(r.Text(0)) - first) * 3 / kOutbreakDays, 0, 2);
    thirds[t] += r.Int(1);
  }
  EXPECT_GT(thirds[1], thirds[0]);
  EXPECT_GT(thirds[1], thirds[2]);
  EXPECT_GT(thirds[0], 0);
  EXPECT_GT(thirds[2], 0);
}

// Severe and critical cases are admitted (an ICU bed for the critical),
// mild ones are not; deaths only among the critical; every recovery has
// two negative tests on or before its day.
TEST_P(DemoOutbreakTest, AdmissionsAndOutcomesFollowSeverity) {
  const auto admitted = Rows(
      "SELECT a.severity, a.bed_kind, c.severity, c.resident_id, a.resident_id, c.facility_id, "
      "a.facility_id FROM admissions a JOIN cases c ON c.id = a.case_id");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions"), static_cast<int64_t>(admitted.size()));
  ASSERT_FALSE(admitted.empty());
  for (const auto& a : admitted) {
    EXPECT_TRUE(a.Text(2) == "severe" || a.Text(2) == "critical") << a.Text(2);
    EXPECT_EQ(a.Text(0), a.Text(2));
    EXPECT_EQ(a.Text(1), a.Text(2) == "critical" ? "icu" : "general");
    EXPECT_EQ(a.Int(3), a.Int(4));
    EXPECT_EQ(a.Int(5), a.Int(6));
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE severity IN ('severe', 'critical')"),
            static_cast<int64_t>(admitted.size()));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases WHERE outcome = 'died' AND severity <> 'critical'"),
            0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM cases WHERE outcome = 'recovered'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM cases c WHERE c.outcome = 'recovered' AND (SELECT "
                  "COUNT(*) FROM lab_tests t WHERE t.resident_id = c.resident_id AND t.result = "
                  "'negative' AND t.sample_date <= c.outcome_date) < 2"),
            0);
  // A closed case's admission is closed the same day.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM admissions a JOIN cases c ON c.id = a.case_id WHERE "
                  "(c.outcome IS NULL) <> (a.discharged_on IS NULL)"),
            0);
  // Occupancy is the open admissions.
  EXPECT_EQ(Count("SELECT COALESCE(SUM(occupied), 0) FROM facility_beds WHERE kind <> "
                  "'quarantine_room'"),
            Count("SELECT COUNT(*) FROM admissions WHERE discharged_on IS NULL"));
}

// Every order is of a listed contact (the same person), none of a case;
// some are over and released, some active with daily checks.
TEST_P(DemoOutbreakTest, QuarantineOrdersAreOfListedContactsOnly) {
  const auto orders = Rows(
      "SELECT q.resident_id, k.resident_id, q.status, q.checked_days, q.release_test_day, "
      "q.start_day, k.last_exposure_date FROM quarantine_orders q "
      "LEFT JOIN contacts k ON k.id = q.contact_id ORDER BY q.id");
  ASSERT_FALSE(orders.empty());
  EXPECT_EQ(static_cast<int64_t>(orders.size()), made_.summary.quarantine_orders);
  int64_t active = 0, released = 0;
  for (const auto& o : orders) {
    EXPECT_FALSE(o.IsNull(1)) << "an order without a contact";
    EXPECT_EQ(o.Int(0), o.Int(1));
    EXPECT_EQ(o.Int(5), DayOf(o.Text(6)));  // quarantined from the last exposure
    if (o.Text(2) == "active") {
      ++active;
      EXPECT_GT(o.Int(3), 0) << "an active order without checks";
    } else {
      ++released;
      EXPECT_EQ(o.Text(2), "released");
      EXPECT_FALSE(o.IsNull(4));
    }
  }
  EXPECT_GT(active, 0);
  EXPECT_GT(released, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM quarantine_orders q JOIN cases c ON c.resident_id = "
                  "q.resident_id"),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE resident_id IS NULL"), 0);
}

TEST_P(DemoOutbreakTest, TheSameSeedGivesTheSameDataAnotherSeedOther) {
  const std::string cases =
      "SELECT c.grid_code, c.severity, c.onset_date, c.report_date, c.outcome, c.outcome_date, "
      "r.id_number FROM cases c JOIN residents r ON r.id = c.resident_id ORDER BY c.id";
  const std::string orders =
      "SELECT q.place, q.start_day, q.status, q.checked_days, r.id_number FROM quarantine_orders "
      "q JOIN residents r ON r.id = q.resident_id ORDER BY q.id";
  auto text = [&](store::Database& on, const std::string& sql) {
    std::string out;
    for (const auto& r : Rows(on, sql)) {
      for (size_t i = 0; i < r.size(); ++i) out += std::string(r.Text(i)) + ",";
      out += "\n";
    }
    return out;
  };
  Made again = Make(options_);
  EXPECT_EQ(text(db(), cases), text(again.test_db->db(), cases));
  EXPECT_EQ(text(db(), orders), text(again.test_db->db(), orders));
  DemoOptions other = options_;
  other.seed = options_.seed + 1;
  Made differs = Make(other);
  EXPECT_NE(text(db(), cases), text(differs.test_db->db(), cases));
}

TEST_P(DemoOutbreakTest, OffMakesNoOutbreak) {
  DemoOptions off = options_;
  off.outbreak = false;
  Made none = Make(off);
  for (const char* table :
       {"cases", "lab_tests", "contacts", "quarantine_orders", "facilities", "admissions"}) {
    EXPECT_EQ(Rows(none.test_db->db(), std::string("SELECT COUNT(*) FROM ") + table).at(0).Int(0),
              0)
        << table;
  }
  EXPECT_EQ(none.summary.cases, 0);
  EXPECT_GT(Count("SELECT COUNT(*) FROM facilities"), 0);  // on by default
}

// `fangkong rt` on the demo: the functions the command calls give the city
// an estimate, below 1 as the measures intend, and its districts entries.
TEST_P(DemoOutbreakTest, RtOfTheDemoCity) {
  auto city = forecast::OnlyCity(db());
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(*city, kDemoCity);
  const ops::AccessContext reader{1, ops::Role::kCommandCentre, kDemoCity, "test"};
  auto onsets = forecast::ReadCaseOnsets(db(), reader, *city);
  ASSERT_TRUE(onsets.ok()) << onsets.error().message;
  auto rt = forecast::EstimateRegionalRt(*onsets);
  ASSERT_TRUE(rt.ok()) << rt.error().message;
  ASSERT_FALSE(rt->regions.empty());
  const auto& top = rt->regions.front();
  EXPECT_EQ(top.code, kDemoCity);
  EXPECT_EQ(top.cases, static_cast<double>(made_.summary.cases));
  ASSERT_TRUE(top.estimate.has_value()) << top.note;
  EXPECT_GT(top.estimate->mean, 0.0);
  EXPECT_LT(top.estimate->mean, 1.0);
  int districts = 0;
  for (const auto& r : rt->regions) districts += r.level == ops::RegionLevel::kDistrict;
  EXPECT_GE(districts, 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoOutbreakTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
