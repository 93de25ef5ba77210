// Test fixture for ops/cases: the OpsTest tree with three residents in
// each of its three grids (names 张三101, 张三103, ... in grid order), a
// CaseService and RegistryService on a clock fixed at 2020-02-20, and
// helpers that report cases and record tests as medical staff of the
// district. Both backends.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ops/audit/audit_writer.hpp"
#include "ops/cases/cases.hpp"
#include "ops/registry/registry.hpp"
#include "ops_fixture.hpp"

namespace fk::ops {

constexpr int64_t kCasesNow = 1582156800;  // 2020-02-20 00:00 UTC

class CasesTest : public OpsTest {
 protected:
  void SetUp() override {
    OpsTest::SetUp();
    audit_ = std::make_unique<AuditWriter>(db());
    auto clock = [] { return kCasesNow; };
    registry_ = std::make_unique<RegistryService>(db(), *audit_, clock);
    cases_ = std::make_unique<CaseService>(db(), *audit_, clock);
    const AccessContext officer = Actor(Role::kDistrictOfficer, "420102", 2);
    int seq = 101;
    for (const char* grid : {kGridA, kGridB, kGridC}) {
      auto h = registry_->CreateHousehold(officer, {0, grid, "1", "1", "101"});
      ASSERT_TRUE(h.ok()) << h.error().message;
      households_[grid] = h->id;
      for (int k = 0; k < 3; ++k) {
        ResidentInput r{"张三" + std::to_string(seq), Sex::kMale, "1980-05-05",
                        MakeId("19800505", seq), "13700000000"};
        seq += 2;
        auto res = registry_->AddResident(officer, h->id, r);
        ASSERT_TRUE(res.ok()) << res.error().message;
        people_[grid].push_back(res->id);
      }
    }
  }
  void TearDown() override {
    cases_.reset();
    registry_.reset();
    audit_.reset();
  }

  int64_t Person(const char* grid, int k = 0) { return people_[grid][k]; }

  // A test of `resident` recorded by medical staff; its id.
  int64_t Test(int64_t resident, const std::string& day, TestResult result,
               TestKind kind = TestKind::kNucleicAcid) {
    auto t = cases_->RecordTest(medical_, {resident, kind, day, result, "武汉市疾控中心"});
    EXPECT_TRUE(t.ok()) << t.error().message;
    return t.ok() ? t->id : 0;
  }

  CaseRecord Report(int64_t resident, CaseStatus status, const std::string& day,
                    std::optional<int64_t> test = {}) {
    NewCase n;
    n.resident_id = resident;
    n.status = status;
    n.report_date = day;
    n.test_id = test;
    auto c = cases_->Report(medical_, n);
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : CaseRecord{};
  }

  Result<CaseRecord> Change(int64_t id, CaseStatus to, const std::string& day,
                            std::optional<int64_t> test = {},
                            std::optional<std::string> onset = {}) {
    return cases_->ChangeStatus(medical_, id, {to, day, test, onset, ""});
  }

  std::unique_ptr<AuditWriter> audit_;
  std::unique_ptr<RegistryService> registry_;
  std::unique_ptr<CaseService> cases_;
  std::map<std::string, int64_t> households_;
  std::map<std::string, std::vector<int64_t>> people_;
  const AccessContext medical_ = Actor(Role::kMedicalStaff, "420102", 10);
  const AccessContext grid_a_ = Actor(Role::kGridWorker, kGridA, 12);
  const AccessContext community2_ = Actor(Role::kCommunityOfficer, "420102001002", 13);
  const AccessContext elsewhere_ = Actor(Role::kMedicalStaff, "420103", 15);
};

inline void ExpectError(const Status& s, ErrorCode code, const std::string& message) {
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, code);
  EXPECT_EQ(s.error().message, message);
}

template <typename T>
inline void ExpectError(const Result<T>& r, ErrorCode code, const std::string& message) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, code);
  EXPECT_EQ(r.error().message, message);
}

}  // namespace fk::ops
