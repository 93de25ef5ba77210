// Door-to-door screening campaigns (摸排). A campaign over a region subtree
// and a date range creates one task per household, assigned round robin to
// the grid's workers (grid_staff duty worker/leader with a user account);
// workers record a visit per person; people with findings are flagged.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/regions/region_code.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

// Temperature at or above which a person is flagged, in °C (the 37.3 °C fever
// threshold of China's COVID-19 diagnosis and treatment protocol, NHC 2020).
constexpr double kFeverCelsius = 37.3;

struct Campaign {
  int64_t id = 0;
  std::string name;
  std::string region_code;
  std::string start_date, end_date;  // YYYY-MM-DD, inclusive
  int64_t tasks = 0;
};

struct ScreeningTask {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t household_id = 0;
  std::string grid_code;
  std::optional<int64_t> assignee_id;
  int64_t residents = 0, screened = 0, flagged = 0;
  bool visited = false;
  std::string building, unit, room;  // the household's address, for the door
};

struct VisitInput {
  int64_t task_id = 0;
  int64_t resident_id = 0;
  bool present = true;
  std::optional<double> temperature{};  // °C, 34..43 when given
  bool symptoms = false;
  bool high_risk_travel = false;
  bool case_contact = false;
  std::string note{};
  // An id the worker's device made for this visit (8..64 letters, digits,
  // '-' or '_'; a UUID, say), or empty. See RecordVisit.
  std::string client_id{};
  // The campaign the caller names; the task must be one of its tasks (0: any).
  int64_t campaign_id = 0;
};

struct VisitResult {
  int64_t visit_id = 0;
  bool flagged = false;
  std::vector<std::string> findings;  // "temperature 37.8", "symptoms", ...
  bool replayed = false;              // a repeat of an earlier send with the same client_id
};

struct Coverage {
  std::string code;
  RegionLevel level = RegionLevel::kGrid;
  int64_t households = 0, households_visited = 0;
  int64_t residents = 0, residents_screened = 0, flagged = 0;
};

struct FlaggedPerson {
  int64_t visit_id = 0;
  int64_t resident_id = 0;
  std::string grid_code;
  std::string name;  // masked
  std::vector<std::string> findings;
};

class ScreeningService {
 public:
  ScreeningService(store::Database& db, Clock clock = SystemClock());

  // Needs kRunScreening in scope of `region_code`. kInvalidArgument for bad dates.
  Result<Campaign> CreateCampaign(const AccessContext& ctx, std::string name,
                                  std::string region_code, std::string start_date,
                                  std::string end_date);
  Result<Campaign> GetCampaign(const AccessContext& ctx, int64_t id);
  // The campaigns whose region overlaps the user's scope (inside it, or
  // holding it: a city-wide campaign is a grid worker's too), newest first;
  // `after_id` is the last id of the previous page (0: the first page). Needs
  // kRunScreening or kRecordVisits. Campaigns are few (one a round of
  // screening), so the scope is checked per row, not in SQL.
  Result<Page<Campaign>> Campaigns(const AccessContext& ctx, int64_t after_id, int limit);
  // Tasks of the campaign in the user's scope; a grid worker sees the tasks
  // assigned to them plus unassigned ones in their grid. Pages are ordered by
  // (grid_code, id); `after_id` is the last task id of the previous page.
  Result<Page<ScreeningTask>> Tasks(const AccessContext& ctx, int64_t campaign_id, int64_t after_id,
                                    int limit);
  // Needs kRecordVisits in scope; the resident must belong to the task's
  // household. Recording again for the same person replaces the visit
  // (which keeps its id). With a client_id, a send is recorded once per
  // (campaign, worker, client_id): a repeat with the same content records
  // nothing (no visit change, no audit) and answers as the first did, with
  // `replayed` set; the same id with other content is kConflict.
  Result<VisitResult> RecordVisit(const AccessContext& ctx, const VisitInput& visit);
  // Coverage of every grid, community, street and district (and the region
  // itself) under `region_code` (default: the campaign's region), ordered by code.
  Result<std::vector<Coverage>> CoverageOf(const AccessContext& ctx, int64_t campaign_id,
                                           std::string region_code = {});
  // Flagged people of the campaign in the user's scope, ordered by
  // (grid_code, visit_id); `after_id` is the last visit_id of the previous page.
  Result<Page<FlaggedPerson>> Flagged(const AccessContext& ctx, int64_t campaign_id,
                                      int64_t after_id, int limit);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
