// forecast/regional/case_onsets: the cases table read into onset/report
// pairs for a region and the districts and streets below it, on both
// backends.
#include "forecast/regional/case_onsets.hpp"

#include "cases_fixture.hpp"
#include "common/dates.hpp"
#include "forecast/regional/regional_rt.hpp"

namespace fk::forecast {
namespace {

using ops::CaseStatus;
using ops::kGridA;
using ops::kGridB;
using ops::kGridC;
using ops::TestResult;

int Day(const char* date) { return DaysFromCivil(*ParseDate(date)); }

class CaseOnsetsTest : public ops::CasesTest {
 protected:
  void SetUp() override {
    CasesTest::SetUp();
    // A second street with no case.
    auto tx = db().Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(tx->Exec("INSERT INTO regions (code, name, parent_code, level) VALUES "
                         "('420102002', '二街道', '420102', 4)")
                    .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }

  int64_t ReportWithOnset(int64_t resident, CaseStatus status, const std::string& day,
                          std::optional<std::string> onset, std::optional<int64_t> test = {}) {
    ops::NewCase n;
    n.resident_id = resident;
    n.status = status;
    n.report_date = day;
    n.onset_date = std::move(onset);
    n.test_id = test;
    auto c = cases_->Report(medical_, n);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? c->id : 0;
  }

  // A: confirmed 02-12, onset 02-08. B: suspected 02-10 (onset 02-09),
  // confirmed 02-13. C: clinically diagnosed (onset 02-10), excluded 02-15:
  // not a case. D: asymptomatic: no onset. E: confirmed 02-14, onset 02-11,
  // in grid C. F: suspected only.
  void Outbreak() {
    const int64_t a = Person(kGridA), b = Person(kGridB), c = Person(kGridB, 1),
                  d = Person(kGridC, 1), e = Person(kGridC), f = Person(kGridA, 1);
    ReportWithOnset(a, CaseStatus::kConfirmed, "2020-02-12", "2020-02-08",
                    Test(a, "2020-02-11", TestResult::kPositive));
    const int64_t case_b = ReportWithOnset(b, CaseStatus::kSuspected, "2020-02-10", "2020-02-09");
    ASSERT_TRUE(Change(case_b, CaseStatus::kConfirmed, "2020-02-13",
                       Test(b, "2020-02-12", TestResult::kPositive))
                    .ok());
    const int64_t case_c =
        ReportWithOnset(c, CaseStatus::kClinicallyDiagnosed, "2020-02-12", "2020-02-10");
    Test(c, "2020-02-13", TestResult::kNegative);
    Test(c, "2020-02-14", TestResult::kNegative);
    ASSERT_TRUE(Change(case_c, CaseStatus::kExcluded, "2020-02-15").ok());
    ReportWithOnset(d, CaseStatus::kAsymptomatic, "2020-02-11", std::nullopt,
                    Test(d, "2020-02-10", TestResult::kPositive));
    ReportWithOnset(e, CaseStatus::kConfirmed, "2020-02-14", "2020-02-11",
                    Test(e, "2020-02-13", TestResult::kPositive));
    ReportWithOnset(f, CaseStatus::kSuspected, "2020-02-12", "2020-02-12");
  }
};

std::vector<std::tuple<int, int, double>> Pairs(const RegionOnsets& r) {
  std::vector<std::tuple<int, int, double>> out;
  for (const auto& c : r.cases) out.emplace_back(c.onset, c.report, c.count);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_P(CaseOnsetsTest, ConfirmedCasesByOnsetAndConfirmationForEveryRegionDownToStreets) {
  Outbreak();
  auto data = ReadCaseOnsets(db(), ops::Actor(ops::Role::kCommandCentre, ops::kCity), ops::kCity);
  ASSERT_TRUE(data.ok()) << data.error().message;
  std::vector<std::string> codes;
  for (const auto& r : data->regions) codes.push_back(r.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"420100", "420102", "420102001", "420102002"}));
  EXPECT_EQ(data->regions[0].name, "武汉市");
  EXPECT_EQ(data->regions[2].level, ops::RegionLevel::kStreet);
  const std::vector<std::tuple<int, int, double>> three{{Day("2020-02-08"), Day("2020-02-12"), 1},
                                                        {Day("2020-02-09"), Day("2020-02-13"), 1},
                                                        {Day("2020-02-11"), Day("2020-02-14"), 1}};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Pairs(data->regions[i]), three) << codes[i];
  EXPECT_TRUE(data->regions[3].cases.empty());
  EXPECT_EQ(data->cutoff, Day("2020-02-14"));
}

TEST_P(CaseOnsetsTest, AsOfLeavesOutLaterReportsAndAStreetStandsAlone) {
  Outbreak();
  auto data = ReadCaseOnsets(db(), medical_, "420102001", "2020-02-13");
  ASSERT_TRUE(data.ok()) << data.error().message;
  ASSERT_EQ(data->regions.size(), 1u);
  EXPECT_EQ(data->regions[0].code, "420102001");
  EXPECT_EQ(Pairs(data->regions[0]).size(), 2u);
  EXPECT_EQ(data->cutoff, Day("2020-02-13"));
  // The street without a case: none of its own, the city's for the delay,
  // and the city's latest report as the cutoff.
  auto empty = ReadCaseOnsets(db(), medical_, "420102002");
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_TRUE(empty->regions[0].cases.empty());
  EXPECT_EQ(empty->city_cases.size(), 3u);
  EXPECT_EQ(empty->cutoff, Day("2020-02-14"));
}

TEST_P(CaseOnsetsTest, OutOfScopeUnknownAndBadDatesAreRefused) {
  auto other = ReadCaseOnsets(db(), ops::Actor(ops::Role::kDistrictOfficer, "420103"), "420102");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  auto missing = ReadCaseOnsets(db(), medical_, "420102009");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "region 420102009 not found");
  auto bad = ReadCaseOnsets(db(), medical_, "420102", "2020-13-01");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "as_of: 2020-13-01 is not a YYYY-MM-DD date");
}

TEST_P(CaseOnsetsTest, ADatabaseWithoutCasesGivesNoForecastAndSaysWhy) {
  auto data = ReadCaseOnsets(db(), medical_, "420102");
  ASSERT_TRUE(data.ok()) << data.error().message;
  EXPECT_FALSE(data->cutoff.has_value());
  auto rt = EstimateRegionalRt(*data);
  ASSERT_FALSE(rt.ok());
  EXPECT_EQ(rt.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(
      rt.error().message,
      "无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset date: no forecast");
}

TEST_P(CaseOnsetsTest, TheOnlyCityIsTheDefaultRegion) {
  auto city = OnlyCity(db());
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(*city, "420100");
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseOnsetsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::forecast
