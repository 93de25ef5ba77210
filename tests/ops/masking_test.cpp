// Masking (ops/registry/masking.hpp): each mask on its own, and the attack
// it must stop. A masked ID number used to be recovered in nine tries: the
// birth date came in clear and filled eight of the hidden digits, the last
// four characters were shown, and the check digit narrowed the rest. Here
// every ID number consistent with all that a masked reader gets of a
// resident (name, sex, birth date, ID, phone, grid code and address, the
// district known from the grid code) is counted by brute force over every
// hidden digit, and must be thousands.
#include "ops/registry/masking.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/dates.hpp"
#include "ops/registry/registry.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {
namespace {

TEST(Masking, EachMask) {
  EXPECT_EQ(MaskName("张三丰"), "张*");
  EXPECT_EQ(MaskName("Li"), "L*");
  EXPECT_EQ(MaskBirthDate("1990-01-31"), "1990-**-**");
  EXPECT_EQ(MaskIdNumber("420102199001011234"), "4201*************4");
  EXPECT_EQ(MaskIdNumber("42010219900101123X"), "4201*************X");
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  // Short values are starred whole; boundaries keep exactly their ends.
  EXPECT_EQ(MaskName(""), "");
  EXPECT_EQ(MaskBirthDate("199"), "***");
  EXPECT_EQ(MaskIdNumber("1234567"), "*******");
  EXPECT_EQ(MaskIdNumber("12345678"), "1234***8");
  EXPECT_EQ(MaskPhone("123456"), "******");
  EXPECT_EQ(MaskPhone("1234567"), "1234567");
  EXPECT_EQ(MaskPhone("+8613812345678"), "+86*******5678");
}

// Every 18-character ID number that a reader of `seen` (a masked resident)
// cannot tell from the real one: the district of the grid code, the year of
// the masked birth date, the shown first and last characters, the sex; any
// day of the year, any sequence digits. 10^7 tries (month, day, sequence).
int64_t Candidates(const Resident& seen) {
  const std::string district = seen.grid_code.substr(0, 6);
  const std::string year = seen.data.birth_date.substr(0, 4);
  const std::string& id = seen.data.id_number;
  int64_t count = 0;
  char first17[18];
  for (int mmdd = 0; mmdd < 10000; ++mmdd) {
    char date[11];
    std::snprintf(date, sizeof date, "%s-%02d-%02d", year.c_str(), mmdd / 100, mmdd % 100);
    if (!ParseDate(date).ok()) continue;
    for (int seq = 0; seq < 1000; ++seq) {
      std::snprintf(first17, sizeof first17, "%s%s%04d%03d", district.c_str(), year.c_str(), mmdd,
                    seq);
      const Sex sex = seq % 2 ? Sex::kMale : Sex::kFemale;
      if (sex != seen.data.sex) continue;
      const std::string candidate = std::string(first17) + ResidentIdCheckChar(first17);
      if (MaskIdNumber(candidate) == id) ++count;
    }
  }
  return count;
}

class MaskedReaderTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    audit_ = std::make_unique<AuditWriter>(db());
    registry_ = std::make_unique<RegistryService>(db(), *audit_);
    auto h = registry_->CreateHousehold(officer_, {0, kGridA, "3", "1", "502"});
    ASSERT_TRUE(h.ok()) << h.error().message;
    household_ = h->id;
  }
  // Registers a person born on `birth` (YYYYMMDD) with sequence `seq` and
  // returns what a volunteer of the grid reads of them.
  Resident Masked(const std::string& birth, int seq) {
    ResidentInput r;
    r.name = "张三丰";
    r.id_number = MakeId(birth, seq);
    r.birth_date = birth.substr(0, 4) + "-" + birth.substr(4, 2) + "-" + birth.substr(6, 2);
    r.sex = seq % 2 ? Sex::kMale : Sex::kFemale;
    r.phone = "13812345678";
    auto added = registry_->AddResident(officer_, household_, r);
    EXPECT_TRUE(added.ok()) << added.error().message;
    auto seen = registry_->GetResident(volunteer_, added->id);
    EXPECT_TRUE(seen.ok()) << seen.error().message;
    // And the search and the export show no more than the single read.
    auto page = registry_->Search(volunteer_, {.name = "张*", .limit = 200});
    EXPECT_TRUE(page.ok()) << page.error().message;
    bool listed = false;
    for (const Resident& p : page->items) {
      if (p.id != added->id) continue;
      listed = true;
      EXPECT_EQ(p.data.birth_date, seen->data.birth_date);
      EXPECT_EQ(p.data.id_number, seen->data.id_number);
    }
    EXPECT_TRUE(listed);
    auto csv = registry_->ExportResidentsCsv(volunteer_, kGridA, false);
    EXPECT_TRUE(csv.ok());
    EXPECT_EQ(csv->find(r.id_number.substr(4, 13)), std::string::npos);
    EXPECT_EQ(csv->find(r.birth_date), std::string::npos);
    return std::move(*seen);
  }
  const AccessContext officer_ = Actor(Role::kCommunityOfficer, "420102001001", 7);
  const AccessContext volunteer_ = Actor(Role::kVolunteer, kGridA, 9);
  std::unique_ptr<AuditWriter> audit_;
  std::unique_ptr<RegistryService> registry_;
  int64_t household_ = 0;
};

TEST_P(MaskedReaderTest, AMaskedResidentLeavesThousandsOfCandidateIdNumbers) {
  // A man born in 1990, a woman born on a leap day whose check character is
  // X, a child born in 2015.
  for (const auto& [birth, seq] :
       {std::pair<std::string, int>{"19900101", 11}, {"20000229", 48}, {"20150817", 123}}) {
    SCOPED_TRACE(birth);
    const Resident seen = Masked(birth, seq);
    EXPECT_EQ(seen.data.name, "张*");
    EXPECT_EQ(seen.data.birth_date, birth.substr(0, 4) + "-**-**");
    EXPECT_EQ(seen.data.phone, "138****5678");
    EXPECT_EQ(seen.data.id_number, MaskIdNumber(MakeId(birth, seq)));
    if (birth == "20000229") {
      EXPECT_EQ(seen.data.id_number.back(), 'X');
    }
    const int64_t candidates = Candidates(seen);
    // 365 or 366 days x 100 sequences x 5 sex digits, about 1 in 11 with
    // the shown check character: about 16,600.
    EXPECT_GE(candidates, 15000) << "candidates " << candidates;
    EXPECT_LE(candidates, 18500) << "candidates " << candidates;
  }
}

// The rest of the old attack: trying candidates by exact search. A role
// that sees masked data only may not search by anything the mask hides.
TEST_P(MaskedReaderTest, AMaskedReaderCannotTestCandidatesBySearch) {
  const Resident seen = Masked("19900101", 11);
  const std::string id = MakeId("19900101", 11);
  struct Case {
    ResidentQuery query;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{.id_number = id}, "id_number: role volunteer may not search by ID number"},
           {{.phone = "13812345678"}, "phone: role volunteer may not search by phone"},
           {{.name = "张三丰"},
            "name: role volunteer may search names only by their first character (张*), not by "
            "more"},
           {{.name = "张三*"},
            "name: role volunteer may search names only by their first character (张*), not by "
            "more"},
       }) {
    auto found = registry_->Search(volunteer_, c.query);
    ASSERT_FALSE(found.ok()) << c.message;
    EXPECT_EQ(found.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(found.error().message, c.message);
  }
  // One character, or none, is what the mask shows: allowed.
  EXPECT_TRUE(registry_->Search(volunteer_, {.name = "张*"}).ok());
  EXPECT_TRUE(registry_->Search(volunteer_, {.name = "*"}).ok());
  // A role that sees unmasked data finds the person by number.
  auto found = registry_->Search(officer_, {.id_number = id});
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].id, seen.id);
}

INSTANTIATE_TEST_SUITE_P(Backends, MaskedReaderTest, testing::AllDialects(), testing::DialectName);

}  // namespace
}  // namespace fk::ops
