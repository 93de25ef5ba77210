// forecast/live/bed_capacity: the staffed beds of a city's designated and
// emergency hospitals by district on both backends (shelter hospitals,
// quarantine sites and quarantine rooms left out; another city's hospitals
// too), and the first day each curve of a band exceeds a capacity.
#include "forecast/live/bed_capacity.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <tuple>
#include <vector>

#include "two_city_fixture.hpp"

namespace fk::forecast {
namespace {

TEST(FirstDayOverCapacity, TheEarliestDayEachCurveOfTheBandIsAbove) {
  const std::vector<sim::Band> bands = {
      {.median = 5, .p05 = 2, .p95 = 9},     // day 0: p95 is over 8
      {.median = 9, .p05 = 6, .p95 = 12},    // day 1: the median is over
      {.median = 7, .p05 = 5, .p95 = 10},    // day 2: the median is back under
      {.median = 10, .p05 = 8.5, .p95 = 14}  // day 3: p05 is over
  };
  const FirstDayOver over = FirstDayOverCapacity(bands, 8);
  EXPECT_EQ(over.p95, 0);
  EXPECT_EQ(over.median, 1);
  EXPECT_EQ(over.p05, 3);
  const FirstDayOver never = FirstDayOverCapacity(bands, 14);
  EXPECT_FALSE(never.p05 || never.median || never.p95);
}

class BedCapacityTest : public TwoCityTest {
 protected:
  // A facility with (kind, beds, staffed) rows; its id.
  int64_t Facility(const char* kind, const char* region,
                   std::vector<std::tuple<const char*, int64_t, int64_t>> beds) {
    auto tx = db().Begin();
    EXPECT_TRUE(tx.ok());
    auto row = tx->QueryOne(
        "INSERT INTO facilities (name, kind, region_code, address, created_by, created_at) VALUES "
        "('h', ?, ?, '', 1, 0) RETURNING id",
        {std::string(kind), std::string(region)}, "");
    EXPECT_TRUE(row.ok());
    for (auto [bed_kind, n, staffed] : beds)
      EXPECT_TRUE(tx->Exec("INSERT INTO facility_beds (facility_id, kind, beds, staffed) VALUES "
                           "(?, ?, ?, ?)",
                           {row->Int(0), std::string(bed_kind), n, staffed})
                      .ok());
    EXPECT_TRUE(tx->Commit().ok());
    return row->Int(0);
  }
};

TEST_P(BedCapacityTest, StaffedHospitalBedsByDistrict) {
  Facility("designated_hospital", "420102", {{"general", 100, 80}, {"icu", 20, 12}});
  Facility("emergency_hospital", "420102001", {{"general", 50, 50}});  // a street: its district
  Facility("shelter_hospital", "420102", {{"general", 1000, 1000}});   // mild cases: not counted
  Facility("quarantine_site", "420103", {{"quarantine_room", 300, 300}});
  Facility("designated_hospital", "420103", {{"general", 30, 30}, {"quarantine_room", 9, 9}});
  Facility("designated_hospital", "420200", {{"general", 500, 500}});  // another city
  auto capacity = ReadBedCapacity(db(), "420100");
  ASSERT_TRUE(capacity.ok()) << capacity.error().message;
  ASSERT_EQ(capacity->size(), 2u);
  const BedCapacity& a = capacity->at("420102");
  EXPECT_EQ(a.hospitals, 2);
  EXPECT_EQ(a.beds, 80 + 12 + 50);
  EXPECT_EQ(a.icu, 12);
  const BedCapacity& b = capacity->at("420103");
  EXPECT_EQ(b.hospitals, 1);
  EXPECT_EQ(b.beds, 30);
  EXPECT_EQ(b.icu, 0);
}

TEST_P(BedCapacityTest, NoHospitalIsNoCapacity) {
  Facility("shelter_hospital", "420102", {{"general", 1000, 1000}});
  auto capacity = ReadBedCapacity(db(), "420100");
  ASSERT_TRUE(capacity.ok()) << capacity.error().message;
  EXPECT_TRUE(capacity->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, BedCapacityTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::forecast
