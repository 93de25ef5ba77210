#include "ops/supplies/supplies.hpp"

#include <gtest/gtest.h>

#include "ops/audit/audit.hpp"
#include "ops/registry/registry.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1580515200;  // 2020-02-01 00:00 UTC
constexpr const char* kStreet = "420102001";
constexpr const char* kCommunityA = "420102001001";
constexpr const char* kCommunityB = "420102001002";

class SuppliesTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    supplies_ = std::make_unique<SupplyService>(db(), [this] { return now_; });
  }

  int64_t NewDepot(const std::string& name, const std::string& kind, const std::string& region) {
    auto d = supplies_->CreateDepot(officer_, name, kind, region);
    EXPECT_TRUE(d.ok()) << d.error().message;
    return d.ok() ? d->id : 0;
  }

  Result<Movement> Move(MovementKind kind, std::optional<int64_t> from, std::optional<int64_t> to,
                        int64_t quantity, const std::string& item = "mask") {
    return supplies_->Record(officer_, {kind, item, from, to, quantity});
  }

  int64_t Stock(int64_t depot, const std::string& item = "mask") {
    auto d = supplies_->GetDepot(officer_, depot);
    EXPECT_TRUE(d.ok()) << d.error().message;
    for (const auto& line : d->stock)
      if (line.item == item) return line.quantity;
    return -1;
  }

  void AddHouseholds(const std::string& grid, int n) {
    AuditWriter audit(db());
    RegistryService registry(db(), audit, [this] { return now_; });
    for (int i = 0; i < n; ++i) {
      auto h = registry.CreateHousehold(officer_, {0, grid, "1", "1", std::to_string(100 + i)});
      ASSERT_TRUE(h.ok()) << h.error().message;
    }
  }

  int64_t now_ = kNow;
  std::unique_ptr<SupplyService> supplies_;
  const AccessContext officer_ = Actor(Role::kStreetOfficer, kStreet, 7);
};

TEST_P(SuppliesTest, MovementsAreTheOnlyWayStockChanges) {
  const int64_t store = NewDepot("区仓库", "warehouse", kStreet);
  const int64_t a = NewDepot("社区一物资点", "community", kCommunityA);
  ASSERT_TRUE(Move(MovementKind::kDonation, {}, store, 1000).ok());
  ASSERT_TRUE(Move(MovementKind::kProduction, {}, store, 500).ok());
  auto t = Move(MovementKind::kTransfer, store, a, 300);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->from_depot_id, store);
  EXPECT_EQ(t->to_depot_id, a);
  EXPECT_EQ(t->by_user, 7);
  ASSERT_TRUE(Move(MovementKind::kConsumption, a, {}, 40).ok());
  EXPECT_EQ(Stock(store), 1200);
  EXPECT_EQ(Stock(a), 260);
  EXPECT_EQ(Stock(a, "n95"), 0);
  auto page = supplies_->Movements(officer_, a, 0, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].kind, MovementKind::kConsumption);
  ASSERT_TRUE(page->next_cursor);
  auto next = supplies_->Movements(officer_, a, *page->next_cursor, 50);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->items.size(), 1u);
  EXPECT_EQ(next->items[0].kind, MovementKind::kTransfer);
  EXPECT_FALSE(next->next_cursor);
}

TEST_P(SuppliesTest, TakingMoreThanADepotHoldsChangesNothing) {
  const int64_t store = NewDepot("仓库", "warehouse", kStreet);
  const int64_t a = NewDepot("社区一", "community", kCommunityA);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, store, 100).ok());
  for (auto kind : {MovementKind::kTransfer, MovementKind::kConsumption}) {
    auto r = Move(kind, store,
                  kind == MovementKind::kTransfer ? std::optional<int64_t>(a) : std::nullopt, 101);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kConflict);
    EXPECT_EQ(r.error().message,
              "quantity: depot " + std::to_string(store) + " holds 100 mask, fewer than 101");
  }
  auto none = Move(MovementKind::kConsumption, a, {}, 1);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "quantity: depot " + std::to_string(a) + " holds 0 mask, fewer than 1");
  EXPECT_EQ(Stock(store), 100);
  EXPECT_EQ(Stock(a), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supply_movements"), 1);
}

TEST_P(SuppliesTest, BadInputIsRefusedByNameAndChangesNothing) {
  const int64_t store = NewDepot("仓库", "warehouse", kStreet);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, store, 10).ok());
  struct Case {
    MovementInput in;
    std::string message;
  };
  const Case cases[] = {
      {{MovementKind::kReceipt, "masks", {}, store, 1},
       "item: unknown item masks; one of mask, "
       "n95, protective_suit, goggles, gloves, "
       "disinfectant, test_kit"},
      {{MovementKind::kReceipt, "mask", {}, store, 0},
       "quantity: must be a whole number from 1 "
       "to 1000000000"},
      {{MovementKind::kReceipt, "mask", {}, store, -5},
       "quantity: must be a whole number from 1 "
       "to 1000000000"},
      {{MovementKind::kReceipt, "mask", store, store, 1},
       "from_depot_id: a receipt comes from "
       "outside"},
      {{MovementKind::kDonation, "mask", {}, {}, 1},
       "to_depot_id: a donation needs the receiving "
       "depot"},
      {{MovementKind::kConsumption, "mask", store, store, 1},
       "to_depot_id: consumption leaves "
       "the depots"},
      {{MovementKind::kTransfer, "mask", store, {}, 1},
       "to_depot_id: a transfer needs both "
       "depots"},
      {{MovementKind::kTransfer, "mask", store, store, 1},
       "to_depot_id: must differ from "
       "from_depot_id"},
      {{MovementKind::kAllocation, "mask", store, store + 1, 1},
       "kind: allocation movements "
       "come only from an allocation"},
  };
  for (const auto& c : cases) {
    auto r = supplies_->Record(officer_, c.in);
    ASSERT_FALSE(r.ok()) << c.message;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message, c.message);
  }
  auto missing = Move(MovementKind::kReceipt, {}, store + 1000, 1);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supply_movements"), 1);
  EXPECT_EQ(Stock(store), 10);
  for (auto [kind, region, message] :
       {std::tuple{"shop", kStreet, "kind: must be warehouse, hospital or community"},
        {"warehouse", "42010200100",
         "region_code: 42010200100 is not a region code (6, 9, "
         "12 or 15 digits)"},
        {"warehouse", "420102001009", "region_code: region 420102001009 does not exist"}}) {
    auto d = supplies_->CreateDepot(officer_, "x", kind, region);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().message, message);
  }
  EXPECT_EQ(supplies_->CreateDepot(officer_, "", "warehouse", kStreet).error().message,
            "name: must not be empty");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM depots"), 1);
}

TEST_P(SuppliesTest, RolesAndScopes) {
  const int64_t a = NewDepot("社区一", "community", kCommunityA);
  const int64_t c = NewDepot("社区二", "community", kCommunityB);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, a, 10).ok());
  // A community officer of community B sees neither community A's depot nor its stock.
  const AccessContext b_officer = Actor(Role::kCommunityOfficer, kCommunityB, 8);
  EXPECT_EQ(supplies_->GetDepot(b_officer, a).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(supplies_->Movements(b_officer, a, 0, 10).error().code, ErrorCode::kNotFound);
  auto steal = supplies_->Record(b_officer, {MovementKind::kTransfer, "mask", a, c, 5});
  EXPECT_EQ(steal.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(supplies_->CreateDepot(b_officer, "x", "community", kCommunityA).error().code,
            ErrorCode::kPermissionDenied);
  auto seen = supplies_->Depots(b_officer, "", 0, 50);
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->items.size(), 1u);
  EXPECT_EQ(seen->items[0].id, c);
  EXPECT_EQ(supplies_->Depots(b_officer, kCommunityA, 0, 50).error().code,
            ErrorCode::kPermissionDenied);
  // Roles without manage_supplies read but do not move.
  for (Role role : {Role::kGridWorker, Role::kMedicalStaff, Role::kAdministrator}) {
    const AccessContext ctx = Actor(role, kStreet, 9);
    auto r = supplies_->Record(ctx, {MovementKind::kReceipt, "mask", {}, a, 1});
    EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << RoleName(role);
  }
  EXPECT_EQ(supplies_->GetDepot(Actor(Role::kVolunteer, kStreet), a).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(supplies_
                  ->Record(Actor(Role::kSupplyOfficer, kStreet),
                           {MovementKind::kConsumption, "mask", a, {}, 1})
                  .ok());
  EXPECT_EQ(Stock(a), 9);
}

TEST_P(SuppliesTest, AllocationServesHospitalsFirstThenRationsPerHousehold) {
  AddHouseholds(kGridA, 3);  // community A: 3 households
  AddHouseholds(kGridC, 1);  // community B: 1
  const int64_t store = NewDepot("仓库", "warehouse", kStreet);
  const int64_t h1 = NewDepot("医院一", "hospital", kStreet);
  const int64_t h2 = NewDepot("医院二", "hospital", kCommunityA);
  const int64_t ca = NewDepot("社区一", "community", kCommunityA);
  const int64_t cb = NewDepot("社区二", "community", kCommunityB);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, store, 1000).ok());
  // Hospital 1 used 70 masks over the last week (10 a day) and holds 30: it
  // needs 14 * 10 - 30 = 110; hospital 2 used 7 (1 a day): it needs 14.
  for (auto [h, used] : {std::pair{h1, 100}, {h2, 7}}) {
    ASSERT_TRUE(Move(MovementKind::kReceipt, {}, h, used).ok());
    ASSERT_TRUE(Move(MovementKind::kConsumption, h, {}, used - (h == h1 ? 30 : 0)).ok());
  }
  AllocationRule rule{"mask", store, kStreet, 200, 14, 20};
  auto a = supplies_->Allocate(officer_, rule, false);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_EQ(a->shares.size(), 4u);
  EXPECT_EQ(a->shares[0].depot_id, h1);
  EXPECT_EQ(a->shares[0].need, 110);
  EXPECT_EQ(a->shares[0].quantity, 110);
  EXPECT_EQ(a->shares[1].need, 14);
  EXPECT_EQ(a->shares[1].quantity, 14);
  // 76 left for communities needing 3 * 20 and 1 * 20: shared 57 and 19.
  EXPECT_EQ(a->shares[2].depot_id, ca);
  EXPECT_EQ(a->shares[2].households, 3);
  EXPECT_EQ(a->shares[2].need, 60);
  EXPECT_EQ(a->shares[2].quantity, 57);
  EXPECT_EQ(a->shares[3].depot_id, cb);
  EXPECT_EQ(a->shares[3].need, 20);
  EXPECT_EQ(a->shares[3].quantity, 19);
  EXPECT_EQ(a->allocated, 200);
  EXPECT_EQ(Stock(store), 800);
  EXPECT_EQ(Stock(h1), 140);
  EXPECT_EQ(Stock(ca), 57);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supply_movements WHERE kind = 'allocation' AND "
                  "allocation_id = " +
                  std::to_string(a->id)),
            4);
  // The rule and the result are kept.
  auto kept = supplies_->GetAllocation(officer_, a->id);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(kept->rule.per_household, 20);
  EXPECT_EQ(kept->rule.region_code, kStreet);
  ASSERT_EQ(kept->shares.size(), 4u);
  EXPECT_EQ(kept->shares[3].quantity, 19);
  EXPECT_EQ(kept->created_by, 7);
  // Short of the hospitals' needs (124): shared 89 and 11 (largest
  // remainder), nothing for the communities. A dry run moves nothing.
  rule.quantity = 100;
  auto dry = supplies_->Allocate(officer_, rule, true);
  ASSERT_TRUE(dry.ok()) << dry.error().message;
  EXPECT_EQ(dry->id, 0);
  EXPECT_EQ(dry->shares[0].need, 0);  // hospital 1 now holds 140: 14 days' worth
  EXPECT_EQ(Stock(store), 800);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supply_allocations"), 1);
  // More than the source holds.
  rule.quantity = 801;
  auto over = supplies_->Allocate(officer_, rule, false);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Stock(store), 800);
}

TEST_P(SuppliesTest, HospitalsShortOfTheirNeedsShareInProportion) {
  const int64_t store = NewDepot("仓库", "warehouse", kStreet);
  const int64_t h1 = NewDepot("医院一", "hospital", kStreet);
  const int64_t h2 = NewDepot("医院二", "hospital", kCommunityA);
  NewDepot("社区一", "community", kCommunityA);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, store, 1000).ok());
  for (auto [h, used] : {std::pair{h1, 100}, {h2, 7}}) {
    ASSERT_TRUE(Move(MovementKind::kReceipt, {}, h, used).ok());
    ASSERT_TRUE(Move(MovementKind::kConsumption, h, {}, used - (h == h1 ? 30 : 0)).ok());
  }
  auto a = supplies_->Allocate(officer_, {"mask", store, kStreet, 100, 14, 20}, false);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->shares[0].quantity, 89);
  EXPECT_EQ(a->shares[1].quantity, 11);
  EXPECT_EQ(a->shares[2].quantity, 0);
  EXPECT_EQ(a->allocated, 100);
  // Out of scope: a community officer of B may not allocate to the street.
  auto denied = supplies_->Allocate(Actor(Role::kCommunityOfficer, kCommunityB, 8),
                                    {"mask", store, kStreet, 1, 14, 20}, false);
  EXPECT_EQ(denied.error().code, ErrorCode::kNotFound);  // the source is outside their scope
  for (auto [rule, message] :
       {std::pair{AllocationRule{"mask", store, kStreet, 0, 14, 20},
                  "quantity: must be a whole number from 1 to 1000000000"},
        {AllocationRule{"mask", store, kStreet, 1, -1, 20}, "hospital_days: must be 0..365"},
        {AllocationRule{"mask", store, kStreet, 1, 14, 10001}, "per_household: must be 0..10000"},
        {AllocationRule{"soap", store, kStreet, 1, 14, 20}, "item: unknown item soap"}}) {
    auto r = supplies_->Allocate(officer_, rule, false);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().message, message);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM supply_allocations"), 1);
}

TEST_P(SuppliesTest, DaysLeftFromRecentUseRolledUpByRegion) {
  const int64_t h = NewDepot("医院", "hospital", kCommunityA);
  const int64_t ca = NewDepot("社区一", "community", kGridA);
  const int64_t cb = NewDepot("社区二", "community", kCommunityB);
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, h, 1000).ok());
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, ca, 100).ok());
  ASSERT_TRUE(Move(MovementKind::kReceipt, {}, cb, 50, "n95").ok());
  // Eight days ago: outside the window. Then 7 a day for a week at the hospital.
  now_ = kNow - 8 * 86400;
  ASSERT_TRUE(Move(MovementKind::kConsumption, h, {}, 500).ok());
  for (int day = 6; day >= 0; --day) {
    now_ = kNow - day * 86400;
    ASSERT_TRUE(Move(MovementKind::kConsumption, h, {}, 7).ok());
  }
  ASSERT_TRUE(Move(MovementKind::kConsumption, ca, {}, 70).ok());  // 10 a day, 30 left
  auto report = supplies_->DaysLeftOf(officer_, kStreet, 7);
  ASSERT_TRUE(report.ok()) << report.error().message;
  ASSERT_EQ(report->depots.size(), 3u);
  const DepotDaysLeft& hospital = report->depots[0];  // 420102001001, before the grid
  EXPECT_EQ(hospital.depot_id, h);
  ASSERT_EQ(hospital.items.size(), 1u);
  EXPECT_EQ(hospital.items[0].quantity, 451);
  EXPECT_DOUBLE_EQ(hospital.items[0].daily_use, 7.0);
  EXPECT_NEAR(*hospital.items[0].days_left, 451.0 / 7, 1e-9);
  EXPECT_EQ(hospital.items[0].status, "ok");
  const DepotDaysLeft& grid = report->depots[1];
  EXPECT_EQ(grid.depot_id, ca);
  EXPECT_NEAR(*grid.items[0].days_left, 3.0, 1e-9);
  EXPECT_EQ(grid.items[0].status, "warning");
  EXPECT_FALSE(report->depots[2].items[0].days_left.has_value());  // n95, never used
  EXPECT_EQ(report->warnings, 1);
  // The street, then its communities: A sums the hospital and the grid's depot.
  ASSERT_EQ(report->regions.size(), 3u);
  EXPECT_EQ(report->regions[0].code, kStreet);
  EXPECT_EQ(report->regions[1].code, kCommunityA);
  ASSERT_EQ(report->regions[1].items.size(), 1u);
  EXPECT_EQ(report->regions[1].items[0].quantity, 481);
  EXPECT_DOUBLE_EQ(report->regions[1].items[0].daily_use, 17.0);
  EXPECT_EQ(report->regions[2].code, kCommunityB);
  EXPECT_EQ(report->regions[2].items[0].item, "n95");
  // A warning sooner: at 30 days the hospital warns too.
  auto wide = supplies_->DaysLeftOf(officer_, kStreet, 90);
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->depots[0].items[0].status, "warning");
  EXPECT_EQ(supplies_->DaysLeftOf(officer_, kStreet, 0).error().message,
            "warn_days: must be 1..90");
  EXPECT_EQ(supplies_->DaysLeftOf(Actor(Role::kGridWorker, kGridC), kStreet, 7).error().code,
            ErrorCode::kPermissionDenied);
  auto mine = supplies_->DaysLeftOf(Actor(Role::kGridWorker, kGridA), "", 7);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->depots.size(), 1u);
  EXPECT_EQ(mine->depots[0].depot_id, ca);
}

INSTANTIATE_TEST_SUITE_P(Backends, SuppliesTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
