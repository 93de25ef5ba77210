// Daily case counts (ops/cases/case_counts.hpp): new and cumulative figures
// of a small outbreak, day by day, for a street and its two communities.
#include "ops/cases/case_counts.hpp"

#include "cases_fixture.hpp"

namespace fk::ops {
namespace {

class CaseCountsTest : public CasesTest {};

// The figures of one row, in CaseCounts' order from new_confirmed on.
std::vector<int64_t> Figures(const CaseCounts& c) {
  return {c.new_confirmed,           c.cumulative_confirmed, c.new_suspected,
          c.cumulative_suspected,    c.current_suspected,    c.new_asymptomatic,
          c.cumulative_asymptomatic, c.new_deaths,           c.cumulative_deaths,
          c.new_recovered,           c.cumulative_recovered};
}

TEST_P(CaseCountsTest, NewAndCumulativeByDayRolledUpTheTree) {
  const int64_t a = Person(kGridA), b = Person(kGridB), c = Person(kGridC), d = Person(kGridA, 1),
                e = Person(kGridC, 1);
  // A: suspected 02-10, confirmed 02-12.
  const int64_t case_a = Report(a, CaseStatus::kSuspected, "2020-02-10").id;
  ASSERT_TRUE(Change(case_a, CaseStatus::kConfirmed, "2020-02-12",
                     Test(a, "2020-02-11", TestResult::kPositive))
                  .ok());
  // B: clinically diagnosed 02-12, excluded 02-15 (核减).
  const int64_t case_b = Report(b, CaseStatus::kClinicallyDiagnosed, "2020-02-12").id;
  Test(b, "2020-02-13", TestResult::kNegative);
  Test(b, "2020-02-14", TestResult::kNegative);
  ASSERT_TRUE(Change(case_b, CaseStatus::kExcluded, "2020-02-15").ok());
  // C: asymptomatic 02-11, confirmed 02-14, died 02-16.
  const int64_t pos_c = Test(c, "2020-02-10", TestResult::kPositive);
  const int64_t case_c = Report(c, CaseStatus::kAsymptomatic, "2020-02-11", pos_c).id;
  ASSERT_TRUE(Change(case_c, CaseStatus::kConfirmed, "2020-02-14", pos_c, "2020-02-13").ok());
  ASSERT_TRUE(cases_->RecordOutcome(medical_, case_c, Outcome::kDied, "2020-02-16", "").ok());
  // D: suspected 02-09, still suspected.
  Report(d, CaseStatus::kSuspected, "2020-02-09");
  // E: confirmed 02-05 (before the first day asked), recovered 02-13.
  const int64_t case_e =
      Report(e, CaseStatus::kConfirmed, "2020-02-05", Test(e, "2020-02-04", TestResult::kPositive))
          .id;
  Test(e, "2020-02-11", TestResult::kNegative);
  Test(e, "2020-02-12", TestResult::kNegative);
  ASSERT_TRUE(cases_->RecordOutcome(medical_, case_e, Outcome::kRecovered, "2020-02-13", "").ok());

  CaseCountsService counts(db());
  auto rows = counts.Daily(medical_, "420102001", "2020-02-08", "2020-02-16", true);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 27u);  // 9 days of the street, then of each community
  using V = std::vector<int64_t>;
  //                 conf  cum  susp cum cur  asym cum  died cum  rec cum
  const V expected[] = {{0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0},   // 02-08
                        {0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0},   // 02-09 D suspected
                        {0, 1, 1, 2, 2, 0, 0, 0, 0, 0, 0},   // 02-10 A suspected
                        {0, 1, 0, 2, 2, 1, 1, 0, 0, 0, 0},   // 02-11 C asymptomatic
                        {2, 3, 0, 2, 1, 0, 1, 0, 0, 0, 0},   // 02-12 A confirmed, B clinical
                        {0, 3, 0, 2, 1, 0, 1, 0, 0, 1, 1},   // 02-13 E recovered
                        {1, 4, 0, 2, 1, 0, 1, 0, 0, 0, 1},   // 02-14 C confirmed
                        {0, 3, 0, 2, 1, 0, 1, 0, 0, 0, 1},   // 02-15 B excluded
                        {0, 3, 0, 2, 1, 0, 1, 1, 1, 0, 1}};  // 02-16 C died
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ((*rows)[i].region_code, "420102001");
    EXPECT_EQ((*rows)[i].date,
              "2020-02-" + std::string(i + 8 < 10 ? "0" : "") + std::to_string(i + 8));
    EXPECT_EQ(Figures((*rows)[i]), expected[i]) << (*rows)[i].date;
  }
  const CaseCounts& one = (*rows)[17];  // community 420102001001 (A, B, D) on 02-16
  EXPECT_EQ(one.region_code, "420102001001");
  EXPECT_EQ(Figures(one), (V{0, 1, 0, 2, 1, 0, 0, 0, 0, 0, 0}));
  const CaseCounts& two = (*rows)[26];  // community 420102001002 (C, E) on 02-16
  EXPECT_EQ(two.region_code, "420102001002");
  EXPECT_EQ(Figures(two), (V{0, 2, 0, 0, 0, 0, 1, 1, 1, 0, 1}));
  // A grid's own figures are its share of the community's.
  auto grid = counts.Daily(medical_, kGridB, "2020-02-16", "2020-02-16", true);
  ASSERT_TRUE(grid.ok());
  ASSERT_EQ(grid->size(), 1u);
  EXPECT_EQ(grid->front().cumulative_confirmed, 0);
}

TEST_P(CaseCountsTest, RefusedOutsideTheScopeAndForBadDates) {
  CaseCountsService counts(db());
  ExpectError(counts.Daily(grid_a_, kGridC, "2020-02-01", "2020-02-02", false),
              ErrorCode::kPermissionDenied,
              std::string("region ") + kGridC + " is outside your scope " + kGridA);
  ExpectError(
      counts.Daily(Actor(Role::kVolunteer, kGridA), kGridA, "2020-02-01", "2020-02-02", false),
      ErrorCode::kPermissionDenied, "role volunteer may not read statistics");
  ExpectError(counts.Daily(medical_, "420102", "2020-02-03", "2020-02-02", false),
              ErrorCode::kInvalidArgument, "to: must be 0 to 365 days after from");
  ExpectError(counts.Daily(medical_, "420102", "2020-02-x", "2020-02-02", false),
              ErrorCode::kInvalidArgument, "from: 2020-02-x is not a YYYY-MM-DD date");
  auto empty = counts.Daily(grid_a_, kGridA, "2020-02-01", "2020-02-02", true);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseCountsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
