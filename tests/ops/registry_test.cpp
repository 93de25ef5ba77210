#include "ops/registry/registry.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <tuple>
#include <vector>

#include "audit_faults.hpp"
#include "ops/audit/audit.hpp"
#include "ops/phone.hpp"
#include "ops/registry/masking.hpp"
#include "ops/screening/screening.hpp"
#include "ops_fixture.hpp"
#include "store/batch.hpp"
#include "synthetic.hpp"

namespace fk::ops {
namespace {

class RegistryTest : public OpsTest {
 protected:
  RegistryTest() : registry_(nullptr) {}
  void SetUp() override {
    OpsTest::SetUp();
    audit_ = std::make_unique<AuditWriter>(db());
    registry_ =
        std::make_unique<RegistryService>(db(), *audit_, [] { return int64_t{1580000000}; });
  }
  ResidentInput Person(std::string name, int seq, std::string birth = "19900101") {
    ResidentInput r;
    r.name = std::move(name);
    r.id_number = MakeId(birth, seq);
    r.birth_date = birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    r.sex = seq % 2 ? Sex::kMale : Sex::kFemale;
    r.phone = "13812345678";
    return r;
  }
  // A household of `grid`, made by the community officer of grid A and B, or
  // by the one of grid C.
  int64_t NewHousehold(const char* grid, std::string room = "101") {
    auto h = registry_->CreateHousehold(std::string(grid) == kGridC ? community_c_ : community_,
                                        {0, grid, "1", "2", room});
    EXPECT_TRUE(h.ok()) << h.error().message;
    return h->id;
  }
  const AccessContext community_ = Actor(Role::kCommunityOfficer, "420102001001", 7);
  const AccessContext community_c_ = Actor(Role::kCommunityOfficer, "420102001002", 9);
  const AccessContext grid_worker_c_ = Actor(Role::kGridWorker, kGridC, 8);
  std::unique_ptr<AuditWriter> audit_;
  std::unique_ptr<RegistryService> registry_;
};

TEST_P(RegistryTest, AddAndReadMaskedAndUnmasked) {
  int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("张三丰", 11));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto masked = registry_->GetResident(community_, r->id);
  ASSERT_TRUE(masked.ok());
  EXPECT_EQ(masked->data.name, "张*");
  EXPECT_EQ(masked->data.phone, "138****5678");
  EXPECT_EQ(masked->data.id_number.substr(4, 10), "**********");
  auto clear = registry_->GetResident(community_, r->id, true);
  ASSERT_TRUE(clear.ok());
  EXPECT_EQ(clear->data.name, "张三丰");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE entity = 'resident' AND user_id = 7"), 3);
}

// Found by parsers_fuzz_test.cpp: a final lowercase x is accepted, so it must
// not register the same person twice.
TEST_P(RegistryTest, LowercaseXIsTheSameIdNumber) {
  int64_t h = NewHousehold(kGridA);
  ResidentInput p = Person("王五", 15);
  for (int seq = 15; ResidentIdCheckChar(p.id_number.substr(0, 17)) != 'X'; seq += 2)
    p = Person("王五", seq);
  ASSERT_TRUE(registry_->AddResident(community_, h, p).ok());
  p.id_number.back() = 'x';
  auto again = registry_->AddResident(community_, h, p);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "id_number: already registered");
  auto found = registry_->Search(community_, {.id_number = p.id_number});
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->items.size(), 1u);
}

TEST_P(RegistryTest, VolunteerMayNotSeeUnmasked) {
  int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("李四", 13));
  ASSERT_TRUE(r.ok());
  auto v = registry_->GetResident(Actor(Role::kVolunteer, kGridA), r->id, true);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(RegistryTest, InvalidResidentsRefusedNaming) {
  int64_t h = NewHousehold(kGridA);
  auto bad = Person("王五", 15);
  bad.id_number.back() = bad.id_number.back() == '0' ? '1' : '0';
  auto r = registry_->AddResident(community_, h, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("id_number: check digit"), std::string::npos);
  auto mismatch = Person("王五", 15);
  mismatch.birth_date = "1990-01-02";
  EXPECT_NE(registry_->AddResident(community_, h, mismatch).error().message.find("does not match"),
            std::string::npos);
  auto phone = Person("王五", 15);
  phone.phone = "12345";
  EXPECT_EQ(registry_->AddResident(community_, h, phone).error().message,
            "phone: " + std::string(kPhoneRule));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 0);
}

TEST_P(RegistryTest, AFixedLineIsStoredAsDigitsAndFoundAsWritten) {
  const int64_t h = NewHousehold(kGridA);
  auto elder = Person("独居", 19);
  elder.phone = "027-87654321";
  elder.elderly_alone = true;
  auto r = registry_->AddResident(community_, h, elder);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(registry_->GetResident(community_, r->id, true)->data.phone, "02787654321");
  for (const char* written : {"027-87654321", "02787654321"}) {
    auto found = registry_->Search(community_, {.phone = written});
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->items.size(), 1u) << written;
    EXPECT_EQ(found->items[0].id, r->id);
  }
}

TEST_P(RegistryTest, DuplicateIdIsConflict) {
  int64_t h = NewHousehold(kGridA);
  ASSERT_TRUE(registry_->AddResident(community_, h, Person("甲", 17)).ok());
  auto dup = registry_->AddResident(community_, h, Person("乙", 17));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup.error().message, "id_number: already registered");
}

TEST_P(RegistryTest, SqlMetacharactersStoredVerbatim) {
  int64_t h = NewHousehold(kGridA);
  const std::string evil = "'; DROP TABLE residents; --";
  auto r = registry_->AddResident(community_, h, Person(evil, 19));
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto back = registry_->GetResident(community_, r->id, true);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->data.name, evil);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 1);
}

TEST_P(RegistryTest, OutOfScopeIsRefused) {
  int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("甲", 21));
  ASSERT_TRUE(r.ok());
  auto read = registry_->GetResident(grid_worker_c_, r->id);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kNotFound);
  auto add = registry_->AddResident(grid_worker_c_, h, Person("乙", 23));
  EXPECT_EQ(add.error().code, ErrorCode::kNotFound);
  auto create = registry_->CreateHousehold(grid_worker_c_, {0, kGridA, "9", "9", "9"});
  EXPECT_EQ(create.error().code, ErrorCode::kPermissionDenied);
  auto search = registry_->Search(grid_worker_c_, {.region_code = kGridA});
  EXPECT_EQ(search.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(RegistryTest, MoveKeepsHistory) {
  int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("甲", 25));
  ASSERT_TRUE(r.ok());
  Status s = registry_->MoveHousehold(community_, h, kGridB, "重新划分网格");
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto hist = registry_->MoveHistory(community_, h);
  ASSERT_TRUE(hist.ok());
  ASSERT_EQ(hist->size(), 1u);
  EXPECT_EQ((*hist)[0].from_grid, kGridA);
  EXPECT_EQ((*hist)[0].to_grid, kGridB);
  EXPECT_EQ(registry_->GetResident(community_, r->id)->grid_code, kGridB);
  // Out of the community officer's scope: refused, nothing changes.
  EXPECT_FALSE(registry_->MoveHousehold(community_, h, kGridC, "x").ok());
  EXPECT_EQ(registry_->GetHousehold(community_, h)->grid_code, kGridB);
}

// Pages run in (grid, id) order: every resident once, across grids, with
// ids that are not in grid order (the later resident of grid A).
TEST_P(RegistryTest, SearchPagesAcrossGridsInGridOrder) {
  const int64_t a = NewHousehold(kGridA);
  const int64_t b = NewHousehold(kGridB);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(
        registry_->AddResident(community_, a, Person("甲" + std::to_string(i), 31 + i)).ok());
    ASSERT_TRUE(
        registry_->AddResident(community_, b, Person("乙" + std::to_string(i), 41 + i)).ok());
  }
  ASSERT_TRUE(registry_->AddResident(community_, a, Person("甲9", 50)).ok());
  ResidentQuery q{.region_code = "420102001001", .limit = 2};
  std::vector<std::pair<std::string, int64_t>> keys;
  while (true) {
    auto page = registry_->Search(community_, q);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (auto& r : page->items) keys.emplace_back(r.grid_code, r.id);
    if (!page->next_cursor) break;
    q.after_id = *page->next_cursor;
  }
  ASSERT_EQ(keys.size(), 7u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  EXPECT_EQ(keys[3].first, kGridA);  // 甲9: the largest id, still before grid B
  EXPECT_EQ(keys[4].first, kGridB);
}

TEST_P(RegistryTest, SearchPagesWithCursor) {
  int64_t h = NewHousehold(kGridA);
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(
        registry_->AddResident(community_, h, Person("赵" + std::to_string(i), 31 + 2 * i)).ok());
  ResidentQuery q{.region_code = "420102001001", .limit = 2};
  std::vector<int64_t> ids;
  while (true) {
    auto page = registry_->Search(community_, q);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (auto& r : page->items) ids.push_back(r.id);
    if (!page->next_cursor) break;
    q.after_id = *page->next_cursor;
  }
  EXPECT_EQ(ids.size(), 5u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  // A full last page has no cursor; one row more than a page gives one.
  auto exact = registry_->Search(community_, {.region_code = "420102001001", .limit = 5});
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(exact->items.size(), 5u);
  EXPECT_FALSE(exact->next_cursor.has_value());
  auto short_page = registry_->Search(community_, {.region_code = "420102001001", .limit = 4});
  ASSERT_TRUE(short_page.ok());
  EXPECT_EQ(short_page->items.size(), 4u);
  EXPECT_EQ(short_page->next_cursor, std::optional<int64_t>(ids[3]));
  auto by_name = registry_->Search(community_, {.name = "赵3"});
  ASSERT_TRUE(by_name.ok());
  EXPECT_EQ(by_name->items.size(), 1u);
  auto by_prefix = registry_->Search(community_, {.name = "赵*"});
  EXPECT_EQ(by_prefix->items.size(), 5u);
  auto by_id = registry_->Search(community_, {.id_number = MakeId("19900101", 33)});
  EXPECT_EQ(by_id->items.size(), 1u);
  auto by_addr = registry_->Search(community_, {.address = "1-2-101"});
  EXPECT_EQ(by_addr->items.size(), 5u);
  EXPECT_EQ(registry_->Search(community_, {.limit = 201}).error().code,
            ErrorCode::kInvalidArgument);
}

constexpr const char* kCsvHeader =
    "网格代码,楼栋,单元,房号,姓名,性别,出生日期,身份证号,电话,独居老人\n";

std::string CsvRow(const char* grid, const std::string& name, const std::string& id,
                   const char* sex = "男", const char* birth = "1990-01-01") {
  return std::string(grid) + ",3,1,502," + name + "," + sex + "," + birth + "," + id +
         ",13900001111,1\n";
}

TEST_P(RegistryTest, ImportAllOrNothingRefusesEverything) {
  std::string csv = kCsvHeader + CsvRow(kGridA, "甲", MakeId("19900101", 41)) +
                    CsvRow(kGridA, "乙", MakeId("19900101", 42)) +  // even digit: female
                    CsvRow(kGridA, "丙", MakeId("19900101", 43));
  auto rep = registry_->ImportResidentsCsv(community_, csv, ImportMode::kAllOrNothing);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->rows, 3);
  EXPECT_EQ(rep->imported, 0);
  ASSERT_EQ(rep->rejected.size(), 1u);
  EXPECT_EQ(rep->rejected[0].line, 3);
  EXPECT_EQ(rep->rejected[0].reason, "id_number: sex digit says female, sex is male");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM households"), 0);
  // The refused import leaves its record, with the counts, and nothing else.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'import_rejected' AND entity = "
                  "'resident' AND detail = '0 imported, 1 rejected of 3 rows' AND user_id = 7 "
                  "AND region = '420102001001'"),
            1);
}

// Invalid UTF-8 used to be stored, and then every region view above it
// answered 500. A row that is not UTF-8 is rejected at its line, before any
// other check could quote its bytes back, and nothing of it is stored.
TEST_P(RegistryTest, ImportRejectsRowsThatAreNotUtf8) {
  const std::string csv = kCsvHeader + CsvRow(kGridA, "甲", MakeId("19900101", 41)) +
                          CsvRow(kGridA, "\xE7\x94", MakeId("19900101", 43)) +  // truncated 甲
                          CsvRow(kGridA, "丙", MakeId("19900101", 45)) + std::string(kGridA) +
                          ",3,1,502,丁,\xFF,1990-01-01," + MakeId("19900101", 47) +
                          ",13900001111,1\n";
  auto refused = registry_->ImportResidentsCsv(community_, csv, ImportMode::kAllOrNothing);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  ASSERT_EQ(refused->rejected.size(), 2u);
  EXPECT_EQ(refused->rejected[0].line, 3);
  EXPECT_EQ(refused->rejected[0].reason, "not valid UTF-8");
  EXPECT_EQ(refused->rejected[1].line, 5);
  EXPECT_EQ(refused->rejected[1].reason, "not valid UTF-8");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 0);
  auto partial = registry_->ImportResidentsCsv(community_, csv, ImportMode::kValidRows);
  ASSERT_TRUE(partial.ok()) << partial.error().message;
  EXPECT_EQ(partial->imported, 2);
  EXPECT_EQ(partial->rejected.size(), 2u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 2);
  auto header = registry_->ImportResidentsCsv(community_, "姓\xFF名\n甲\n", ImportMode::kValidRows);
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().message, "header: not valid UTF-8");
}

// The attack of issue 11: an import answered "already registered" for a
// number registered anywhere, so anyone who could import could test
// whether anyone was registered anywhere. A number registered only outside
// the caller's scope now gets exactly what a fresh number gets, and the
// pair becomes a conflict that only officers whose scope holds both see.
TEST_P(RegistryTest, AnImportTellsNothingOfRegistrationsOutsideTheScope) {
  const std::string elsewhere = MakeId("19900101", 81), fresh = MakeId("19900101", 83);
  const int64_t c = NewHousehold(kGridC);
  const AccessContext& community_c = community_c_;
  auto there = registry_->AddResident(community_c, c, Person("甲", 81));
  ASSERT_TRUE(there.ok()) << there.error().message;
  const AccessContext worker_a = Actor(Role::kGridWorker, kGridA, 10);
  auto report_of = [&](const std::string& id, const std::string& room) {
    const std::string csv = std::string(kCsvHeader) + kGridA + ",3,1," + room + ",甲,男," +
                            "1990-01-01," + id + ",13900001111,1\n";
    auto rep = registry_->ImportResidentsCsv(worker_a, csv, ImportMode::kAllOrNothing);
    EXPECT_TRUE(rep.ok()) << rep.error().message;
    return std::make_tuple(rep->rows, rep->imported, rep->rejected.size());
  };
  const auto of_elsewhere = report_of(elsewhere, "601");
  EXPECT_EQ(of_elsewhere, report_of(fresh, "602"));
  EXPECT_EQ(of_elsewhere, std::make_tuple(int64_t{1}, int64_t{1}, size_t{0}));
  // Both are registered in grid A now, and the caller sees both alike.
  for (const std::string& id : {elsewhere, fresh}) {
    auto found = registry_->Search(worker_a, {.id_number = id});
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->items.size(), 1u) << id;
    EXPECT_EQ(found->items[0].grid_code, kGridA);
  }
  // A second import of a number now registered in the caller's scope is refused,
  // as before: the caller can see that registration anyway.
  const std::string again = std::string(kCsvHeader) + kGridA + ",3,1,603,甲,男,1990-01-01," +
                            elsewhere + ",13900001111,1\n";
  auto dup = registry_->ImportResidentsCsv(worker_a, again, ImportMode::kValidRows);
  ASSERT_TRUE(dup.ok());
  ASSERT_EQ(dup->rejected.size(), 1u);
  EXPECT_EQ(dup->rejected[0].reason, "id_number: already registered");
  // Nothing of it reaches the caller's area: neither the conflict (the
  // caller's community officer cannot list it) nor its audit record (an
  // administrator of grid A does not read it).
  auto mine = registry_->Conflicts(community_, 0, 50);
  ASSERT_TRUE(mine.ok()) << mine.error().message;
  EXPECT_TRUE(mine->items.empty());
  AuditService audit(db(), *audit_);
  auto grid_log = audit.Query(Actor(Role::kAdministrator, kGridA, 30), {});
  ASSERT_TRUE(grid_log.ok());
  for (const auto& e : grid_log->items) EXPECT_NE(e.entity, "registration_conflict") << e.detail;
  // The street officer, whose scope holds both grids, sees one conflict.
  const AccessContext street = Actor(Role::kStreetOfficer, "420102001", 11);
  auto open = registry_->Conflicts(street, 0, 50);
  ASSERT_TRUE(open.ok()) << open.error().message;
  ASSERT_EQ(open->items.size(), 1u);
  const RegistrationConflict& k = open->items[0];
  EXPECT_EQ(k.region, "420102001");
  EXPECT_EQ(k.id_number, MaskIdNumber(elsewhere));
  EXPECT_EQ(k.other_resident_id, there->id);
  EXPECT_EQ(k.other_grid_code, kGridC);
  EXPECT_EQ(k.grid_code, kGridA);
  auto street_log = audit.Query(Actor(Role::kAdministrator, "420102001", 31),
                                {.entity = "registration_conflict"});
  ASSERT_TRUE(street_log.ok());
  int created = 0;
  for (const auto& e : street_log->items) created += e.action == "create";
  EXPECT_EQ(created, 1);
}

// Adding and changing a single resident follow the same rule as the import.
TEST_P(RegistryTest, AddAndUpdateTellNothingOfRegistrationsOutsideTheScope) {
  const int64_t a = NewHousehold(kGridA), c = NewHousehold(kGridC);
  const AccessContext& community_c = community_c_;
  ASSERT_TRUE(registry_->AddResident(community_c, c, Person("甲", 91)).ok());
  ASSERT_TRUE(registry_->AddResident(community_c, c, Person("乙", 93)).ok());
  // Registered only in community 2: community 1 registers it as if new.
  auto added = registry_->AddResident(community_, a, Person("甲", 91));
  ASSERT_TRUE(added.ok()) << added.error().message;
  // In scope: refused, as ever.
  auto twice = registry_->AddResident(community_, a, Person("甲", 91));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(twice.error().message, "id_number: already registered");
  // Changing a resident's number to one registered elsewhere: accepted.
  auto mine = registry_->AddResident(community_, a, Person("丙", 95));
  ASSERT_TRUE(mine.ok());
  Status changed = registry_->UpdateResident(community_, mine->id, Person("乙", 93));
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  // ... to one registered in scope: refused.
  Status clash = registry_->UpdateResident(community_, mine->id, Person("甲", 91));
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().message, "id_number: already registered");
  // Other changes of a resident in conflict are not refused.
  ResidentInput moved_phone = Person("乙", 93);
  moved_phone.phone = "13900000000";
  EXPECT_TRUE(registry_->UpdateResident(community_, mine->id, moved_phone).ok());
  const AccessContext street = Actor(Role::kStreetOfficer, "420102001", 11);
  auto open = registry_->Conflicts(street, 0, 50);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->items.size(), 2u);
  // And the street officer, who sees both, is refused a third registration.
  const int64_t b = NewHousehold(kGridB);
  EXPECT_EQ(registry_->AddResident(street, b, Person("乙", 93)).error().message,
            "id_number: already registered");
  // Two grids of one community: that conflict is the community's (the one
  // with grid C, the street's).
  ASSERT_TRUE(
      registry_->AddResident(Actor(Role::kGridWorker, kGridB, 13), b, Person("甲", 91)).ok());
  auto community = registry_->Conflicts(community_, 0, 50);
  ASSERT_TRUE(community.ok());
  ASSERT_EQ(community->items.size(), 1u);
  EXPECT_EQ(community->items[0].region, "420102001001");
  EXPECT_EQ(community->items[0].grid_code, kGridB);
  EXPECT_EQ(community->items[0].other_grid_code, kGridA);
}

TEST_P(RegistryTest, AConflictIsResolvedByKeepingOneRegistration) {
  const int64_t a = NewHousehold(kGridA), c = NewHousehold(kGridC);
  const AccessContext& community_c = community_c_;
  auto first = registry_->AddResident(community_c, c, Person("甲", 97));
  auto second = registry_->AddResident(community_, a, Person("甲", 97));
  ASSERT_TRUE(first.ok() && second.ok());
  const AccessContext street = Actor(Role::kStreetOfficer, "420102001", 11);
  auto open = registry_->Conflicts(street, 0, 50);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->items.size(), 1u);
  const int64_t id = open->items[0].id;
  // Neither community's officer may resolve it: it is not wholly theirs.
  EXPECT_EQ(registry_->ResolveConflict(community_, id, second->id, "人户分离").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(
      registry_->ResolveConflict(street, id, 12345, "人户分离").error().message,
      "keep: must be resident " + std::to_string(second->id) + " or " + std::to_string(first->id));
  EXPECT_EQ(registry_->ResolveConflict(street, id, first->id, " ").error().code,
            ErrorCode::kInvalidArgument);
  // A household that moved out of the scope since takes its side of the
  // conflict with it: neither listed nor resolvable there any more.
  const AccessContext district = Actor(Role::kDistrictOfficer, "420102", 14);
  RegionService regions(db());
  for (const char* code : {"420102002", "420102002001", "420102002001001"})
    ASSERT_TRUE(regions.Create(district, {code, "别处", "", RegionLevel::kGrid}).ok()) << code;
  ASSERT_TRUE(registry_->MoveHousehold(district, c, "420102002001001", "搬迁").ok());
  EXPECT_TRUE(registry_->Conflicts(street, 0, 50)->items.empty());
  EXPECT_EQ(registry_->ResolveConflict(street, id, first->id, "x").error().code,
            ErrorCode::kNotFound);
  ASSERT_TRUE(registry_->MoveHousehold(district, c, kGridC, "搬回").ok());
  EXPECT_EQ(registry_->Conflicts(street, 0, 50)->items.size(), 1u);
  Status resolved = registry_->ResolveConflict(street, id, first->id, "人户分离，以户籍地为准");
  ASSERT_TRUE(resolved.ok()) << resolved.error().message;
  EXPECT_TRUE(registry_->GetResident(street, first->id).ok());
  EXPECT_EQ(registry_->GetResident(street, second->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(registry_->Conflicts(street, 0, 50)->items.empty());
  EXPECT_EQ(registry_->ResolveConflict(street, id, first->id, "again").error().message,
            "registration conflict " + std::to_string(id) + " is already resolved");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'resolve' AND entity = "
                  "'registration_conflict' AND region = '420102001'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND entity_id = '" +
                  std::to_string(second->id) + "' AND region = '" + kGridA + "'"),
            1);
  // Deleting a resident closes their conflicts too.
  auto third = registry_->AddResident(community_, a, Person("甲", 97));
  ASSERT_TRUE(third.ok());
  ASSERT_EQ(registry_->Conflicts(street, 0, 50)->items.size(), 1u);
  ASSERT_TRUE(registry_->DeleteResident(community_, third->id, "登记错误").ok());
  EXPECT_TRUE(registry_->Conflicts(street, 0, 50)->items.empty());
}

// A cursor naming a resident of another area answers exactly as a missing
// one: the first page, whichever list it is given to.
TEST_P(RegistryTest, ACursorOutsideTheScopeAnswersAsAMissingOne) {
  const int64_t a = NewHousehold(kGridA), c = NewHousehold(kGridC);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(registry_->AddResident(community_, a, Person("甲", 101 + 2 * i)).ok());
  auto other = registry_->AddResident(community_c_, c, Person("乙", 111));
  ASSERT_TRUE(other.ok());
  auto ids = [&](int64_t after) {
    auto page = registry_->Search(community_, {.after_id = after, .limit = 2});
    EXPECT_TRUE(page.ok()) << page.error().message;
    std::vector<int64_t> out;
    for (const auto& r : page->items) out.push_back(r.id);
    out.push_back(page->next_cursor.value_or(-1));
    return out;
  };
  EXPECT_EQ(ids(other->id), ids(999999));
  EXPECT_EQ(ids(other->id), ids(0));
}

TEST_P(RegistryTest, SearchesAreAuditedWithWhatWasSearched) {
  const AccessContext grid_a = Actor(Role::kGridWorker, kGridA, 12);
  ASSERT_TRUE(registry_->Search(grid_a, {.name = "张*", .address = "3-1"}).ok());
  ASSERT_TRUE(registry_->Search(grid_a, {.id_number = MakeId("19900101", 11)}).ok());
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  auto rows = (*lease)->Query(
      "SELECT action, entity_id, detail, region FROM audit_log WHERE user_id = 12 ORDER BY id");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "search");
  EXPECT_EQ((*rows)[0].Text(1), std::string("region ") + kGridA);
  EXPECT_EQ((*rows)[0].Text(2), "name=张* address=\"3-1\"; 0 results");
  EXPECT_EQ((*rows)[0].Text(3), kGridA);
  // A term that names a person only as its hash, and no count: with the
  // audit log's term filter, "1 results" would tell an administrator that
  // the person is registered there.
  const std::string hashed = (*rows)[1].Text(2);
  EXPECT_EQ(hashed.rfind("id_number=hmac:", 0), 0u) << hashed;
  EXPECT_EQ(hashed.size(), std::string("id_number=hmac:").size() + 64) << hashed;
  EXPECT_EQ(hashed.find(MakeId("19900101", 11).substr(6, 8)), std::string::npos);
}

TEST_P(RegistryTest, ImportValidRowsReportsEachRejectedLine) {
  const std::string dup = MakeId("19900101", 51);
  std::string csv = kCsvHeader + CsvRow(kGridA, "甲", dup) + CsvRow(kGridA, "乙", dup) +
                    CsvRow(kGridC, "丙", MakeId("19900101", 53)) +  // outside the scope
                    CsvRow(kGridA, "丁", "123") + CsvRow(kGridB, "戊", MakeId("19900101", 55));
  auto rep = registry_->ImportResidentsCsv(community_, csv, ImportMode::kValidRows);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->imported, 2);
  ASSERT_EQ(rep->rejected.size(), 3u);
  EXPECT_EQ(rep->rejected[0].line, 3);
  EXPECT_EQ(rep->rejected[0].reason, "id_number: appears twice in the file");
  EXPECT_EQ(rep->rejected[1].line, 4);
  EXPECT_EQ(rep->rejected[1].reason, "grid_code: 420102001002001 is outside your scope");
  EXPECT_EQ(rep->rejected[2].line, 5);
  EXPECT_EQ(rep->rejected[2].reason, "id_number: must be 18 characters, got 3");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents WHERE elderly_alone = 1"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'import'"), 1);
}

TEST_P(RegistryTest, ImportStoresAFixedLineAsDigits) {
  const std::string csv = kCsvHeader + std::string(kGridA) + ",3,1,502,甲,男,1990-01-01," +
                          MakeId("19900101", 57) + ",027-87654321,1\n";
  auto rep = registry_->ImportResidentsCsv(community_, csv, ImportMode::kAllOrNothing);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->imported, 1) << (rep->rejected.empty() ? "" : rep->rejected[0].reason);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents WHERE phone = '02787654321'"), 1);
}

TEST_P(RegistryTest, ImportUnknownHeaderRefused) {
  auto rep =
      registry_->ImportResidentsCsv(community_, "姓名,鞋码\n甲,42\n", ImportMode::kValidRows);
  ASSERT_FALSE(rep.ok());
  EXPECT_EQ(rep.error().message, "header: unknown column \"鞋码\"");
}

TEST_P(RegistryTest, DeleteResidentRemovesOnlyThemAndIsAudited) {
  const int64_t h = NewHousehold(kGridA);
  auto gone = registry_->AddResident(community_, h, Person("错登", 21));
  auto kept = registry_->AddResident(community_, h, Person("留下", 22));
  ASSERT_TRUE(gone.ok() && kept.ok());
  const Status deleted = registry_->DeleteResident(community_, gone->id, "重复登记");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(registry_->GetResident(community_, gone->id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(registry_->GetResident(community_, kept->id).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND entity = "
                  "'resident' AND entity_id = '" +
                  std::to_string(gone->id) + "' AND detail = '重复登记' AND user_id = 7"),
            1);
  // The ID number is free again; deleting twice finds nothing.
  EXPECT_TRUE(registry_->AddResident(community_, h, Person("错登", 21)).ok());
  EXPECT_EQ(registry_->DeleteResident(community_, gone->id, "again").error().code,
            ErrorCode::kNotFound);
}

TEST_P(RegistryTest, DeleteResidentRefusedChangesNothing) {
  const int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("甲", 23));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(registry_->DeleteResident(community_, r->id, " \t").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(registry_->DeleteResident(community_, r->id, std::string(501, 'x')).error().code,
            ErrorCode::kInvalidArgument);
  // Another community's grid worker: not found (ids of other areas are not revealed).
  EXPECT_EQ(registry_->DeleteResident(grid_worker_c_, r->id, "x").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(
      registry_->DeleteResident(Actor(Role::kVolunteer, "420102001001"), r->id, "x").error().code,
      ErrorCode::kPermissionDenied);
  EXPECT_TRUE(registry_->GetResident(community_, r->id).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'delete'"), 0);
}

TEST_P(RegistryTest, ScreenedResidentsAndHouseholdsAreKept) {
  const int64_t h = NewHousehold(kGridA);
  auto r = registry_->AddResident(community_, h, Person("乙", 24));
  ASSERT_TRUE(r.ok());
  ScreeningService screening(db(), [] { return int64_t{1580000000}; });
  ASSERT_TRUE(
      screening.CreateCampaign(community_, "摸排", "420102001001", "2020-02-01", "2020-02-07")
          .ok());
  Status s = registry_->DeleteResident(community_, r->id, "x");
  EXPECT_EQ(s.error().code, ErrorCode::kConflict);
  EXPECT_NE(s.error().message.find("screening"), std::string::npos) << s.error().message;
  EXPECT_TRUE(registry_->GetResident(community_, r->id).ok());
  const int64_t empty = NewHousehold(kGridA, "102");  // created after the campaign
  EXPECT_TRUE(registry_->DeleteHousehold(community_, empty, "x").ok());
}

TEST_P(RegistryTest, DeleteHouseholdOnlyWhenEmptyWithItsMoves) {
  const int64_t h = NewHousehold(kGridA);
  ASSERT_TRUE(registry_->MoveHousehold(community_, h, kGridB, "搬迁").ok());
  auto r = registry_->AddResident(community_, h, Person("丙", 25));
  ASSERT_TRUE(r.ok());
  Status busy = registry_->DeleteHousehold(community_, h, "x");
  EXPECT_EQ(busy.error().code, ErrorCode::kConflict);
  EXPECT_NE(busy.error().message.find("1 residents"), std::string::npos) << busy.error().message;
  EXPECT_TRUE(registry_->GetHousehold(community_, h).ok());
  ASSERT_TRUE(registry_->DeleteResident(community_, r->id, "x").ok());
  EXPECT_EQ(registry_->DeleteHousehold(grid_worker_c_, h, "x").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(registry_->DeleteHousehold(community_, h, "登记错误").ok());
  EXPECT_EQ(registry_->GetHousehold(community_, h).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM household_moves WHERE household_id = " + std::to_string(h)),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'delete' AND entity = "
                  "'household' AND detail = '登记错误'"),
            1);
}

TEST_P(RegistryTest, ExportMasksUnlessAsked) {
  std::string csv = kCsvHeader + CsvRow(kGridA, "张三丰", MakeId("19900101", 61));
  ASSERT_TRUE(registry_->ImportResidentsCsv(community_, csv, ImportMode::kAllOrNothing).ok());
  auto masked = registry_->ExportResidentsCsv(community_, "420102001001", false);
  ASSERT_TRUE(masked.ok());
  EXPECT_NE(masked->find("张*"), std::string::npos);
  EXPECT_EQ(masked->find("张三丰"), std::string::npos);
  EXPECT_NE(masked->find("139****1111"), std::string::npos);
  auto clear = registry_->ExportResidentsCsv(community_, "420102001001", true);
  EXPECT_NE(clear->find("张三丰"), std::string::npos);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'export%'"), 2);
}

// CSV injection: what residents and households were registered with comes
// back in the export as text a spreadsheet shows, never as a formula it runs.
TEST_P(RegistryTest, ExportNeutralisesFormulas) {
  auto h = registry_->CreateHousehold(
      community_, {0, kGridA, "=HYPERLINK(\"http://evil.example/\",\"x\")", "@SUM(A1)", "-1"});
  ASSERT_TRUE(h.ok()) << h.error().message;
  ASSERT_TRUE(registry_->AddResident(community_, h->id, Person("=1+2", 131)).ok());
  auto out = registry_->ExportResidentsCsv(community_, kGridA, true);
  ASSERT_TRUE(out.ok()) << out.error().message;
  const std::string row = out->substr(out->find('\n') + 1);
  EXPECT_EQ(
      row.rfind(std::string(kGridA) + ",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\","
                                      "\"'@SUM(A1)\",\"'-1\",\"'=1+2\",male,",
                0),
      0u)
      << row;
  for (const char* bad : {",=", ",@", ",+", ",-"}) EXPECT_EQ(out->find(bad), std::string::npos);
}

// Rows come grid by grid, by id within a grid, whatever order they were added in.
TEST_P(RegistryTest, ExportRunsGridByGrid) {
  std::string csv = kCsvHeader + CsvRow(kGridB, "乙一", MakeId("19900101", 71)) +
                    CsvRow(kGridA, "甲一", MakeId("19900101", 73)) +
                    CsvRow(kGridB, "乙二", MakeId("19900101", 75)) +
                    CsvRow(kGridA, "甲二", MakeId("19900101", 77));
  ASSERT_TRUE(registry_->ImportResidentsCsv(community_, csv, ImportMode::kAllOrNothing).ok());
  auto out = registry_->ExportResidentsCsv(community_, "420102001001", true);
  ASSERT_TRUE(out.ok()) << out.error().message;
  for (const char* name : {"甲一", "甲二", "乙一", "乙二"})
    ASSERT_NE(out->find(name), std::string::npos) << name;
  EXPECT_LT(out->find("甲一"), out->find("甲二"));
  EXPECT_LT(out->find("甲二"), out->find("乙一"));
  EXPECT_LT(out->find("乙一"), out->find("乙二"));
}

TEST_P(RegistryTest, AuditLogIsAppendOnly) {
  int64_t h = NewHousehold(kGridA);
  (void)h;
  auto lease = db().Acquire();
  ASSERT_TRUE(lease.ok());
  EXPECT_FALSE((*lease)->Exec("UPDATE audit_log SET action = 'x'").ok());
  EXPECT_FALSE((*lease)->Exec("DELETE FROM audit_log").ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 1);
  AuditService audit(db(), *audit_);
  auto page = audit.Query(Actor(Role::kAdministrator, ""), {.entity = "household"});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].user_id, 7);
  EXPECT_EQ(page->items[0].client_address, "127.0.0.1:5000");
  EXPECT_EQ(audit.Query(community_, {}).error().code, ErrorCode::kPermissionDenied);
}

// Rows are written store::kMaxBatchRows at a time: rejections found by the
// batch duplicate check still come back in line order, and households
// registered before the import are reused.
TEST_P(RegistryTest, ImportOverSeveralBatchesReportsInLineOrder) {
  const std::vector<std::string> grids = {kGridA, kGridB};
  const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001001", 7);
  auto first = registry_->ImportResidentsCsv(officer, synthetic::Csv(700, 1, grids),
                                             ImportMode::kAllOrNothing);
  ASSERT_TRUE(first.ok()) << first.error().message;
  const int64_t households = Count("SELECT COUNT(*) FROM households");
  std::string csv = synthetic::Csv(0, 1300, grids);
  csv += "420102001001001,1,1,101,坏,男,1990-01-01,123,13900000000\n";  // line 1302
  auto rep = registry_->ImportResidentsCsv(officer, csv, ImportMode::kValidRows);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->rows, 1301);
  EXPECT_EQ(rep->imported, 1299);
  ASSERT_EQ(rep->rejected.size(), 2u);
  EXPECT_EQ(rep->rejected[0].line, 702);  // person 700: header is line 1
  EXPECT_EQ(rep->rejected[0].reason, "id_number: already registered");
  EXPECT_EQ(rep->rejected[1].line, 1302);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 1300);
  // Three people a household: 434 households, one of them made by the first import.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM households"), 434);
  EXPECT_EQ(households, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM households h WHERE NOT EXISTS "
                  "(SELECT 1 FROM residents r WHERE r.household_id = h.id)"),
            0);
  auto again = registry_->ImportResidentsCsv(officer, synthetic::Csv(1290, 20, grids),
                                             ImportMode::kAllOrNothing);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->rejected.size(), 10u);  // 1290..1299 are registered
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 1300);
}

// Residents are written 16 * kMaxBatchRows (8,192) at a time with
// Transaction::BulkInsert (COPY on PostgreSQL): an import of more than one
// such write keeps every row, and a bad row after the first write leaves
// nothing in all-or-nothing mode.
TEST_P(RegistryTest, ImportLargerThanOneBulkWriteIsWholeOrNothing) {
  const std::vector<std::string> grids = {kGridA, kGridB};
  const AccessContext officer = Actor(Role::kCommunityOfficer, "420102001001", 7);
  const int64_t rows = 16 * static_cast<int64_t>(store::kMaxBatchRows) + 700;
  if (GetParam() == store::Dialect::kPostgres) {
    // The refused import below leaves dead rows; an autovacuum of them after
    // the second import would re-estimate reltuples from the pages it scans.
    auto lease = db().Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Exec("ALTER TABLE residents SET (autovacuum_enabled = false)").ok());
  }
  std::string csv = synthetic::Csv(0, rows, grids);
  csv += "420102001001001,1,1,101,坏,男,1990-01-01,123,13900000000\n";
  auto refused = registry_->ImportResidentsCsv(officer, csv, ImportMode::kAllOrNothing);
  ASSERT_TRUE(refused.ok()) << refused.error().message;
  EXPECT_EQ(refused->imported, 0);
  ASSERT_EQ(refused->rejected.size(), 1u);
  EXPECT_EQ(refused->rejected[0].line, rows + 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM households"), 0);
  auto done = registry_->ImportResidentsCsv(officer, synthetic::Csv(0, rows, grids),
                                            ImportMode::kAllOrNothing);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->imported, rows);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM residents"), rows);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT id_number) FROM residents"), rows);
  // The import is a bulk load: PostgreSQL's planner counts its rows at once
  // (store::Database::RefreshStatistics), not after autovacuum's next round.
  if (GetParam() == store::Dialect::kPostgres) {
    EXPECT_EQ(Count("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE relname = 'residents'"),
              rows);
  }
}

// Many threads read residents at once (pages and single residents): every
// answered read has exactly one audit row, visible from another connection
// as soon as the read returns; while audit inserts fail, every read fails
// (kInternal, a 500) and answers nothing.
TEST_P(RegistryTest, EveryAnsweredConcurrentReadHasOneAuditRow) {
  const int64_t h = NewHousehold(kGridA);
  int64_t resident = 0;
  for (int i = 0; i < 60; ++i) {
    auto r = registry_->AddResident(community_, h, Person("李四", 201 + 2 * i));
    ASSERT_TRUE(r.ok()) << r.error().message;
    resident = r->id;
  }
  auto other = store::Database::Open(t_->url());
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto audit_rows = [&](int64_t user) -> int64_t {
    auto lease = (*other)->Acquire();
    if (!lease) return -1;
    auto rows = (*lease)->Query("SELECT COUNT(*) FROM audit_log WHERE user_id = ?", {user});
    return rows ? rows->at(0).Int(0) : -1;
  };
  constexpr int kThreads = 8, kReads = 12;
  std::vector<int> answered(kThreads, 0), refused(kThreads, 0), unaudited(kThreads, 0);
  auto read_all = [&](bool expect_ok) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        const AccessContext reader = Actor(Role::kCommunityOfficer, "420102001001", 100 + t);
        for (int i = 0; i < kReads; ++i) {
          bool ok = false;
          ErrorCode code = ErrorCode::kInternal;
          if (i % 2 == 0) {
            auto page = registry_->Search(reader, {.limit = 50});
            ok = page.ok() && page->items.size() == 50;
            if (!page.ok()) code = page.error().code;
          } else {
            auto one = registry_->GetResident(reader, resident);
            ok = one.ok();
            if (!one.ok()) code = one.error().code;
          }
          if (ok) {
            ++answered[t];
            if (audit_rows(100 + t) != answered[t]) ++unaudited[t];
          } else if (code == ErrorCode::kInternal) {
            ++refused[t];
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    for (int t = 0; t < kThreads; ++t) {
      EXPECT_EQ(answered[t] + refused[t], (expect_ok ? 1 : 2) * kReads) << "thread " << t;
      EXPECT_EQ(unaudited[t], 0) << "thread " << t;
    }
  };
  read_all(true);
  RefuseAuditInserts(db(), "1 = 1");
  read_all(false);
  AllowAuditInserts(db());
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(answered[t], kReads);
    EXPECT_EQ(refused[t], kReads);
    EXPECT_EQ(audit_rows(100 + t), kReads) << "thread " << t;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE user_id >= 100"), kThreads * kReads);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
