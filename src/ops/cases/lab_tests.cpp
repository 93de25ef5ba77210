// CaseService's laboratory tests: record one, read a person's.
#include "ops/audit/audit.hpp"
#include "ops/cases/cases.hpp"
#include "ops/cases/cases_internal.hpp"

namespace fk::ops {

using namespace cases_internal;

Result<LabTest> CaseService::RecordTest(const AccessContext& ctx, const LabTestInput& in) {
  if (Status s = Require(ctx, Permission::kManageCases); !s) return s.error();
  const int64_t now = clock_();
  if (Status s = CheckDay("sample_date", in.sample_date, Day(now)); !s) return s.error();
  if (in.lab.find_first_not_of(" \t\r\n") == std::string::npos)
    return InvalidArgument("lab: must not be empty");
  if (in.lab.size() > 200) return InvalidArgument("lab: at most 200 bytes");
  auto tx = db_.Begin();
  if (!tx) return tx.error();
  auto grid = ResidentGrid(*tx, ctx, in.resident_id);
  if (!grid) return grid.error();
  auto row = tx->QueryOne(
      "INSERT INTO lab_tests (resident_id, kind, sample_date, result, lab, recorded_by, "
      "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {in.resident_id, std::string(Name(in.kind)), in.sample_date, std::string(Name(in.result)),
       in.lab, ctx.user_id, now});
  if (!row) return row.error();
  LabTest out{row->Int(0), in.resident_id, in.kind,     in.sample_date,
              in.result,   in.lab,         ctx.user_id, now};
  if (Status s = AppendAudit(*tx, ctx, now, "create", "lab_test", std::to_string(out.id),
                             "resident " + std::to_string(in.resident_id) + " " +
                                 std::string(Name(in.kind)) + " " + std::string(Name(in.result)),
                             *grid);
      !s)
    return s.error();
  if (Status s = tx->Commit(); !s) return s.error();
  return out;
}

Result<std::vector<LabTest>> CaseService::Tests(const AccessContext& ctx, int64_t resident_id) {
  if (Status s = Require(ctx, Permission::kReadCases); !s) return s.error();
  std::string grid;
  auto tests = [&]() -> Result<std::vector<LabTest>> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto found = ResidentGrid(*tx, ctx, resident_id);
    if (!found) return found.error();
    grid = std::move(*found);
    return TestsOf(*tx, resident_id);
  }();
  if (!tests) return tests.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "lab_tests",
                               "resident " + std::to_string(resident_id), "", grid);
      !s)
    return s.error();
  return tests;
}

}  // namespace fk::ops
