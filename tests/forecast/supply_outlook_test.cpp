// forecast/live/supply_outlook: the stock and recent use of each item by
// region (hospital depots apart from the others) read from the supplies
// ledger on both backends, and the run-out day when hospital use follows
// the projected beds.
#include "forecast/live/supply_outlook.hpp"

#include <gtest/gtest.h>

#include <memory>

#include "ops/supplies/supplies.hpp"
#include "two_city_fixture.hpp"

namespace fk::forecast {
namespace {

TEST(RunOutDay, StockLastsWhileItCoversEachDaysUse) {
  // 100 in stock, 10 a day elsewhere, 5 a day at hospitals for 2 patients now.
  const SupplyUse use{"mask", 100, 5, 10};
  // Beds held at 2: 15 a day, 100 covers 6 days (90), day 6 needs 15 > 10.
  EXPECT_EQ(RunOutDay(use, std::vector<double>(10, 2), 2), 6);
  // Beds doubling to 4 from day 0: 20 a day, 100 covers 5 days exactly.
  EXPECT_EQ(RunOutDay(use, std::vector<double>(10, 4), 2), 5);
  // Beds falling to 0: 10 a day, lasts 10 days: no run-out in the horizon.
  EXPECT_EQ(RunOutDay(use, std::vector<double>(10, 0), 2), std::nullopt);
  // No patients now: hospital use held at 5 a day whatever the beds.
  EXPECT_EQ(RunOutDay(use, std::vector<double>(10, 50), 0), 6);
  // Nothing in stock but used: out on the first day; unused: never.
  EXPECT_EQ(RunOutDay({"n95", 0, 0, 1}, std::vector<double>(3, 0), 0), 0);
  EXPECT_EQ(RunOutDay({"n95", 0, 0, 0}, std::vector<double>(3, 0), 0), std::nullopt);
}

TEST(RunOutBand, QuantilesOfTheMembersDaysWithNeverPastTheHorizon) {
  std::vector<std::optional<int>> days;
  for (int d = 0; d < 20; ++d) days.push_back(d < 10 ? std::optional<int>(d) : std::nullopt);
  // Values 0..9 then ten at the horizon (28): p05 = 0.95, median = (9 + 28) / 2.
  const FirstDayOver band = RunOutBand(days, 28);
  EXPECT_EQ(band.p05, 0);
  EXPECT_EQ(band.median, 18);
  EXPECT_EQ(band.p95, std::nullopt);
  const FirstDayOver all = RunOutBand(std::vector<std::optional<int>>(5, 3), 28);
  EXPECT_EQ(all.p05, 3);
  EXPECT_EQ(all.median, 3);
  EXPECT_EQ(all.p95, 3);
}

class SupplyUseTest : public TwoCityTest {
 protected:
  // A depot holding `stock` masks of which `used` went in the last 7 days
  // before kNow (one consumption a day).
  void Depot(const char* kind, const char* region, int64_t stock, int64_t used_a_day) {
    ops::SupplyService supplies(db(), [] { return kNow; });
    auto depot = supplies.CreateDepot(keeper_, std::string("depot ") + region, kind, region);
    ASSERT_TRUE(depot.ok()) << depot.error().message;
    std::vector<ops::SupplyService::Timed> history{
        {kNow - 10 * 86400,
         {ops::MovementKind::kReceipt, "mask", {}, depot->id, stock + 7 * used_a_day}}};
    for (int day = 7; day >= 1 && used_a_day > 0; --day)
      history.push_back({kNow - day * 86400,
                         {ops::MovementKind::kConsumption, "mask", depot->id, {}, used_a_day}});
    ASSERT_TRUE(supplies.RecordHistory(keeper_, history).ok());
  }

  static constexpr int64_t kNow = 1581000000;
  const ops::AccessContext keeper_{1, ops::Role::kCommandCentre, "420000", "test"};
};

TEST_P(SupplyUseTest, StockAndUseByCityAndDistrictHospitalsApart) {
  Depot("hospital", "420102", 700, 30);
  Depot("community", "420102001", 100, 10);
  Depot("warehouse", "420100", 5000, 0);
  Depot("community", "420200", 999, 9);  // another city: not counted
  auto use = ReadSupplyUse(db(), "420100", kNow);
  ASSERT_TRUE(use.ok()) << use.error().message;
  ASSERT_EQ(use->size(), 2u);  // the city and 420102; 420103 holds no depot
  const SupplyUse& city = use->at("420100").at(0);
  EXPECT_EQ(city.item, "mask");
  EXPECT_EQ(city.stock, 5800);
  EXPECT_DOUBLE_EQ(city.hospital_use, 30);
  EXPECT_DOUBLE_EQ(city.other_use, 10);
  const SupplyUse& district = use->at("420102").at(0);
  EXPECT_EQ(district.stock, 800);  // the city's warehouse is not the district's
  EXPECT_DOUBLE_EQ(district.hospital_use, 30);
  EXPECT_DOUBLE_EQ(district.other_use, 10);
  // Nothing used in the 7 days before a later day: no use.
  auto later = ReadSupplyUse(db(), "420100", kNow + 30 * 86400);
  ASSERT_TRUE(later.ok());
  EXPECT_DOUBLE_EQ(later->at("420100").at(0).hospital_use, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, SupplyUseTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::forecast
