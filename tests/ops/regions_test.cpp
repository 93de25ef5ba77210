// RegionService grid staff (分片包干): who may replace a grid's staff, the
// rules for the list and its accounts, the audit record, and that a refused
// change leaves the old list untouched. Regions: create, rename, delete (only
// when nothing hangs on them) and import, each audited under its region.
#include "ops/regions/regions.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "ops/audit/audit.hpp"
#include "ops/phone.hpp"
#include "ops/users/users.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

constexpr int64_t kNow = 1'580'000'000;

class RegionsTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    users_ = std::make_unique<UserService>(
        db(), [] { return kNow; },
        UserOptions{.ops_limit = crypto_pwhash_OPSLIMIT_MIN,
                    .mem_limit = crypto_pwhash_MEMLIMIT_MIN});
    regions_ = std::make_unique<RegionService>(db(), [] { return kNow; });
    const AccessContext admin = Actor(Role::kAdministrator, "");
    for (auto [name, role, scope] : {std::tuple{"worker_a", Role::kGridWorker, kGridA},
                                     {"worker_b", Role::kGridWorker, kGridB},
                                     {"officer1", Role::kCommunityOfficer, "420102001001"},
                                     {"street1", Role::kStreetOfficer, "420102001"},
                                     {"gone", Role::kGridWorker, kGridA}}) {
      auto u = users_->Create(admin, {name, name, role, scope, "secret-123"});
      ASSERT_TRUE(u.ok()) << u.error().message;
      ids_[name] = u->id;
    }
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Exec("UPDATE users SET active = 0 WHERE id = ?", {ids_["gone"]}).ok());
    const std::vector<GridStaffMember> initial{{GridDuty::kLeader, "张组长", "13800000000", {}},
                                               {GridDuty::kWorker, "李四", "", ids_["worker_a"]}};
    ASSERT_TRUE(regions_->SetGridStaff(officer_, kGridA, initial).ok());
  }

  // The grid's staff as "duty name phone user" lines.
  std::vector<std::string> Staff(const char* grid) {
    auto staff = regions_->GridStaff(grid);
    EXPECT_TRUE(staff.ok());
    std::vector<std::string> out;
    for (const auto& m : *staff) {
      out.push_back(std::string(DutyName(m.duty)) + " " + m.name + " " + m.phone + " " +
                    (m.user_id ? std::to_string(*m.user_id) : "-"));
    }
    return out;
  }
  std::string Message(const Status& s) { return s.ok() ? "ok" : s.error().message; }

  const AccessContext officer_ = Actor(Role::kCommunityOfficer, "420102001001", 7);
  std::unique_ptr<UserService> users_;
  std::unique_ptr<RegionService> regions_;
  std::map<std::string, int64_t> ids_;
};

TEST_P(RegionsTest, OfficerReplacesTheStaffOfAGridOfTheirCommunity) {
  const std::vector<GridStaffMember> staff{{GridDuty::kWorker, "王五", "13900000001", {}},
                                           {GridDuty::kLeader, "赵六", "", ids_["officer1"]},
                                           {GridDuty::kWorker, "钱七", "", {}},
                                           {GridDuty::kPartyPost, "孙八", "13900000002", {}}};
  ASSERT_EQ(Message(regions_->SetGridStaff(officer_, kGridA, staff)), "ok");
  EXPECT_EQ(Staff(kGridA),
            (std::vector<std::string>{"worker 王五 13900000001 -",
                                      "leader 赵六  " + std::to_string(ids_["officer1"]),
                                      "worker 钱七  -", "party_post 孙八 13900000002 -"}));
  EXPECT_EQ(Message(regions_->SetGridStaff(officer_, kGridA, {})), "ok");  // a grid may be empty
  EXPECT_TRUE(Staff(kGridA).empty());
}

TEST_P(RegionsTest, ChangesAreAuditedWithoutNamesOrPhones) {
  ASSERT_EQ(Message(regions_->SetGridStaff(officer_, kGridB,
                                           {{GridDuty::kLeader, "周九", "13900000003", {}},
                                            {GridDuty::kWorker, "吴十", "", ids_["worker_b"]}})),
            "ok");
  AuditWriter writer(db());
  AuditService audit(db(), writer);
  auto page = audit.Query(Actor(Role::kAdministrator, ""), {.entity = "grid_staff"});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 2u);  // SetUp's change of grid A and this one
  const AuditEntry& e = page->items[1];
  EXPECT_EQ(e.action, "update");
  EXPECT_EQ(e.entity_id, kGridB);
  EXPECT_EQ(e.region, kGridB);  // under the grid, not the officer's community
  EXPECT_EQ(e.user_id, 7);
  EXPECT_EQ(e.at, kNow);
  EXPECT_EQ(e.client_address, "127.0.0.1:5000");
  EXPECT_EQ(e.detail,
            "leader 1, worker 1, party_post 0; user ids " + std::to_string(ids_["worker_b"]));
}

TEST_P(RegionsTest, OnlyRolesThatManageRegionsInScope) {
  const std::vector<GridStaffMember> one{{GridDuty::kLeader, "甲", "", {}}};
  for (Role role : {Role::kDistrictOfficer, Role::kStreetOfficer, Role::kCommunityOfficer,
                    Role::kAdministrator}) {
    EXPECT_EQ(Message(regions_->SetGridStaff(Actor(role, "420102001001"), kGridB, one)), "ok")
        << RoleName(role);
    EXPECT_EQ(Message(regions_->SetGridStaff(Actor(role, "420102001002"), kGridB, one)),
              "region 420102001001002 is outside your scope 420102001002")
        << RoleName(role);
  }
  for (Role role : {Role::kCommandCentre, Role::kGridWorker, Role::kMedicalStaff,
                    Role::kSupplyOfficer, Role::kVolunteer}) {
    EXPECT_EQ(Message(regions_->SetGridStaff(Actor(role, kGridB), kGridB, one)),
              "role " + std::string(RoleName(role)) + " may not manage regions");
  }
  EXPECT_TRUE(Staff(kGridA).size() == 2u);
}

TEST_P(RegionsTest, TheCodeMustBeAnExistingGrid) {
  EXPECT_EQ(Message(regions_->SetGridStaff(officer_, "420102001001", {})),
            "grid_code: 420102001001 is not a grid code");
  EXPECT_EQ(Message(regions_->SetGridStaff(officer_, "420102001001999", {})),
            "grid 420102001001999 not found");
  auto missing = regions_->SetGridStaff(officer_, "420102001001999", {});
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(RegionsTest, ListRulesNameTheItem) {
  using M = GridStaffMember;
  struct Case {
    std::vector<M> staff;
    std::string message;
  };
  const std::vector<Case> cases{
      {{{GridDuty::kLeader, "甲", "", {}}, {GridDuty::kLeader, "乙", "", {}}},
       "items[1].duty: a grid has at most one leader (items[0] is one)"},
      {{{GridDuty::kPartyPost, "甲", "", {}},
        {GridDuty::kWorker, "乙", "", {}},
        {GridDuty::kPartyPost, "丙", "", {}}},
       "items[2].duty: a grid has at most one party_post (items[0] is one)"},
      {{{GridDuty::kWorker, "", "", {}}}, "items[0].name: must not be empty"},
      {{{GridDuty::kWorker, std::string(101, 'a'), "", {}}},
       "items[0].name: is longer than 100 bytes"},
      {{{GridDuty::kWorker, "甲", "1380000000", {}}}, "items[0].phone: " + std::string(kPhoneRule)},
      {{{GridDuty::kWorker, "甲", "138000000001", {}}},
       "items[0].phone: " + std::string(kPhoneRule)},
      {{{GridDuty::kWorker, "甲", "1380000000x", {}}},
       "items[0].phone: " + std::string(kPhoneRule)},
      {{{GridDuty::kWorker, "甲", "", ids_["worker_a"]},
        {GridDuty::kLeader, "乙", "", ids_["worker_a"]}},
       "items[1].user_id: user " + std::to_string(ids_["worker_a"]) + " is already items[0]"},
      {std::vector<M>(kMaxGridStaff + 1, M{GridDuty::kWorker, "甲", "", {}}),
       "items: a grid has at most 50 staff, got 51"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Message(ValidateGridStaff(c.staff)), c.message);
    EXPECT_EQ(Message(regions_->SetGridStaff(officer_, kGridA, c.staff)), c.message);
  }
  std::vector<M> workers(kMaxGridStaff, M{GridDuty::kWorker, "甲", "", {}});
  EXPECT_EQ(Message(ValidateGridStaff(workers)), "ok");  // any number of workers up to the cap
  EXPECT_EQ(Staff(kGridA).size(), 2u);                   // nothing changed
}

TEST_P(RegionsTest, AccountsMustBeActiveGridStaffCoveringTheGrid) {
  auto with = [&](const char* user) {
    return Message(regions_->SetGridStaff(
        officer_, kGridA,
        {{GridDuty::kLeader, "甲", "", {}},
         {GridDuty::kWorker, "乙", "", ids_.count(user) ? ids_[user] : 99999}}));
  };
  const std::string prefix = "items[1].user_id: user ";
  EXPECT_EQ(with("nobody"),
            prefix + "99999 does not exist or its scope does not contain grid " + kGridA);
  EXPECT_EQ(with("worker_b"), prefix + std::to_string(ids_["worker_b"]) +
                                  " does not exist or its scope does not contain grid " + kGridA);
  EXPECT_EQ(with("gone"), prefix + std::to_string(ids_["gone"]) + " is not active");
  EXPECT_EQ(with("street1"),
            prefix + std::to_string(ids_["street1"]) +
                " is a street_officer; grid staff accounts are grid_worker or community_officer");
  EXPECT_EQ(Staff(kGridA),
            (std::vector<std::string>{"leader 张组长 13800000000 -",
                                      "worker 李四  " + std::to_string(ids_["worker_a"])}));
  EXPECT_EQ(with("officer1"), "ok");  // a community officer's scope holds the grid
  EXPECT_EQ(with("worker_a"), "ok");  // a grid worker of this very grid
}

TEST_P(RegionsTest, TextIsStoredVerbatim) {
  const std::string name = "O'Brien\"); DROP TABLE grid_staff; -- 李";
  ASSERT_EQ(Message(regions_->SetGridStaff(officer_, kGridB, {{GridDuty::kWorker, name, "", {}}})),
            "ok");
  auto staff = regions_->GridStaff(kGridB);
  ASSERT_TRUE(staff.ok());
  ASSERT_EQ(staff->size(), 1u);
  EXPECT_EQ(staff->front().name, name);
  EXPECT_EQ(Staff(kGridA).size(), 2u);
}

class RegionChangesTest : public RegionsTest {
 protected:
  // "action entity entity_id region detail" of the region records, in order.
  std::vector<std::string> RegionRecords() {
    auto lease = db().Acquire();
    EXPECT_TRUE(lease.ok());
    auto rows = (*lease)->Query(
        "SELECT action, entity_id, region, detail FROM audit_log WHERE entity = 'region' "
        "ORDER BY id");
    EXPECT_TRUE(rows.ok());
    std::vector<std::string> out;
    for (const auto& r : *rows)
      out.push_back(r.Text(0) + " " + r.Text(1) + " " + r.Text(2) + " " + r.Text(3));
    return out;
  }
  const AccessContext street_ = Actor(Role::kStreetOfficer, "420102001", 12);
};

TEST_P(RegionChangesTest, CreateRenameAndDeleteAreAuditedUnderTheRegion) {
  const std::string grid = "420102001002002";
  ASSERT_EQ(Message(regions_->Create(street_, {grid, "网格D", "", RegionLevel::kGrid})), "ok");
  ASSERT_EQ(Message(regions_->Rename(street_, grid, "网格丁")), "ok");
  EXPECT_EQ(regions_->Get(grid)->name, "网格丁");
  ASSERT_EQ(Message(regions_->Delete(street_, grid)), "ok");
  EXPECT_EQ(regions_->Get(grid).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RegionRecords(),
            (std::vector<std::string>{"create " + grid + " " + grid + " 网格D",
                                      "update " + grid + " " + grid + " name: 网格D -> 网格丁",
                                      "delete " + grid + " " + grid + " 网格丁"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'region' AND user_id = 12"), 3);
}

TEST_P(RegionChangesTest, RenameChecksRoleScopeNameAndRegion) {
  EXPECT_EQ(Message(regions_->Rename(officer_, kGridC, "x")),
            "region 420102001002001 is outside your scope 420102001001");
  EXPECT_EQ(Message(regions_->Rename(Actor(Role::kGridWorker, kGridC), kGridC, "x")),
            "role grid_worker may not manage regions");
  EXPECT_EQ(Message(regions_->Rename(street_, kGridC, "")), "name: must not be empty");
  EXPECT_EQ(Message(regions_->Rename(street_, kGridC, std::string(201, 'a'))),
            "name: at most 200 bytes");
  EXPECT_EQ(Message(regions_->Rename(street_, kGridC, "网\xFF")), "name: not valid UTF-8");
  auto missing = regions_->Rename(street_, "420102001002009", "x");
  EXPECT_EQ(Message(missing), "region 420102001002009 not found");
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(regions_->Get(kGridC)->name, "网格C");
  EXPECT_TRUE(RegionRecords().empty());
}

TEST_P(RegionChangesTest, DeleteOnlyARegionNothingHangsOn) {
  auto exec = [&](const std::string& sql) {
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    auto r = (*lease)->Exec(sql);
    ASSERT_TRUE(r.ok()) << r.error().message << " in " << sql;
  };
  for (const char* grid : {"420102001002002", "420102001002003", "420102001002004"})
    ASSERT_EQ(Message(regions_->Create(street_, {grid, "新网格", "", RegionLevel::kGrid})), "ok");
  exec(
      "INSERT INTO households (grid_code, building, unit, room, created_day) VALUES "
      "('420102001002002', '1', '1', '101', '2020-02-01')");
  exec(
      "INSERT INTO campaigns (name, region_code, start_date, end_date, created_by, created_at) "
      "VALUES ('摸排', '420102001002003', '2020-02-01', '2020-02-07', 1, 0)");
  exec(
      "INSERT INTO campaigns (name, region_code, start_date, end_date, created_by, created_at) "
      "VALUES ('摸排', '420102001002', '2020-02-01', '2020-02-07', 1, 0)");
  exec("INSERT INTO coverage_grids VALUES (2, '420102001002004', 1, 0, 1, 0, 0)");
  const std::string no = "; it cannot be deleted";
  for (const auto& [code, holder] : std::vector<std::pair<std::string, std::string>>{
           {"420102001", "child regions"},
           {kGridA, "grid staff"},
           {kGridB, "user accounts"},
           {"420102001002002", "households"},
           {"420102001002003", "screening campaigns"},
           {"420102001002004", "screening records"},
       }) {
    Status s = regions_->Delete(street_, code);
    EXPECT_EQ(Message(s), "region " + code + " has " + holder + no);
    EXPECT_EQ(s.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(regions_->Get(code).ok()) << code;
  }
  EXPECT_EQ(Message(regions_->Delete(officer_, kGridC)),
            "region 420102001002001 is outside your scope 420102001001");
  EXPECT_EQ(Message(regions_->Delete(Actor(Role::kCommandCentre, ""), kGridC)),
            "role command_centre may not manage regions");
  EXPECT_EQ(regions_->Delete(street_, "420102001002009").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Message(regions_->Delete(street_, kGridC)), "ok");  // nothing on it
  EXPECT_EQ(RegionRecords().back(), std::string("delete ") + kGridC + " " + kGridC + " 网格C");
}

TEST_P(RegionChangesTest, ImportsAreAuditedAndRowsThatAreNotUtf8Rejected) {
  const std::string csv =
      "code,name\n"
      "420102001002002,网格D\n"
      "420102001002003,\xE7\xBD\n"  // a truncated character
      "420102001002004,网格F\n";
  auto refused = regions_->ImportCsv(street_, csv, ImportMode::kAllOrNothing);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  ASSERT_EQ(refused->rejected.size(), 1u);
  EXPECT_EQ(refused->rejected[0].line, 3);
  EXPECT_EQ(refused->rejected[0].reason, "not valid UTF-8");
  EXPECT_EQ(regions_->Get("420102001002002").error().code, ErrorCode::kNotFound);
  auto partial = regions_->ImportCsv(street_, csv, ImportMode::kValidRows);
  ASSERT_TRUE(partial.ok()) << partial.error().message;
  EXPECT_EQ(partial->imported, 2);
  EXPECT_EQ(regions_->Get("420102001002003").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(RegionRecords(), (std::vector<std::string>{
                                 "import_rejected csv 420102001 0 imported, 1 rejected of 3 rows",
                                 "import csv 420102001 2 imported, 1 rejected"}));
  auto header = regions_->ImportCsv(street_,
                                    "co\xFF"
                                    "de,name\n",
                                    ImportMode::kValidRows);
  EXPECT_EQ(Message(header.ok() ? Status::Ok() : Status(header.error())),
            "header: not valid UTF-8");
}

INSTANTIATE_TEST_SUITE_P(Backends, RegionChangesTest, testing::AllDialects(), testing::DialectName);

INSTANTIATE_TEST_SUITE_P(Backends, RegionsTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
