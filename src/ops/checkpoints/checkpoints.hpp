// Checkpoints (第一道防线): community gates and traffic checkpoints in the
// region tree, the passage log their guards write, and the alerts raised
// when a person under quarantine or isolation passes one. Who is under
// either is read from the response's records (quarantine orders, cases,
// admissions) when the passage is written: passage_writer.hpp.
//
// Promises:
// - Passages are written by PassageWriter (passage_writer.hpp), in batches;
//   this class creates checkpoints and reads the log and the alerts.
// - Who may use a checkpoint: its region is in the caller's scope, or the
//   caller's scope lies inside its region (a grid worker guards the gate of
//   the community around their grid). Otherwise it answers kNotFound, as for
//   a checkpoint that does not exist.
// - Reading passages and alerts (ID numbers) is audited; ID numbers are
//   masked for roles without see_unmasked.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

struct Checkpoint {
  int64_t id = 0;
  std::string name;
  std::string kind;  // "gate" (a community's gate) or "traffic" (a road checkpoint)
  std::string region_code;
  int64_t created_at = 0;
};

struct Passage {
  int64_t id = 0;
  int64_t checkpoint_id = 0;
  int64_t at = 0;
  std::string direction;  // "in", "out"
  std::string subject;    // "person", "vehicle"
  std::string id_number;  // a person's (masked without see_unmasked); "" for a vehicle
  std::string plate;      // a vehicle's; "" for a person
  std::optional<int64_t> resident_id{};     // the registered person, if any
  std::optional<int> temperature_tenths{};  // 372 = 37.2 °C
  std::string result;                       // "pass", "refused", "held"
  std::string health_code;                  // "green", "yellow", "red", "none"
  int64_t recorded_by = 0;
};

struct CheckpointAlert {
  int64_t id = 0;
  int64_t passage_id = 0;
  int64_t checkpoint_id = 0;
  std::string checkpoint_region;
  int64_t resident_id = 0;
  std::string grid_code;  // the resident's grid: its worker is alerted
  std::string kind;       // "quarantine", "isolation"
  int64_t at = 0;
  std::optional<int64_t> acknowledged_at{}, acknowledged_by{};
};

// Whether `ctx` may use a checkpoint in `region` (see Promises).
bool MayUseCheckpoint(const AccessContext& ctx, std::string_view region);

class CheckpointService {
 public:
  CheckpointService(store::Database& db, Clock clock = SystemClock());

  // Needs kIssueDirectives (the officers who order measures) in scope of the
  // region, which must exist. Name 1..100 characters; kind "gate" or "traffic".
  Result<Checkpoint> Create(const AccessContext& ctx, const std::string& name,
                            const std::string& kind, const std::string& region_code);
  // The checkpoints the caller may use, by id (kReadRegistry: the guards and
  // the officers).
  Result<Page<Checkpoint>> List(const AccessContext& ctx, int64_t after_id, int limit);
  // A checkpoint's log, newest first (kReadRegistry; audited).
  Result<Page<Passage>> Passages(const AccessContext& ctx, int64_t checkpoint_id, int64_t after_id,
                                 int limit);
  // Alerts whose resident's grid or whose checkpoint is in the caller's
  // scope, newest first (kReadRegistry; audited). `open_only`: not acknowledged.
  Result<Page<CheckpointAlert>> Alerts(const AccessContext& ctx, bool open_only, int64_t after_id,
                                       int limit);
  // kRecordVisits, the alert in scope as for Alerts; kConflict when done already.
  Result<CheckpointAlert> Acknowledge(const AccessContext& ctx, int64_t alert_id);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
