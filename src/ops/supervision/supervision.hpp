// Supervision (督导, 指导组): teams assigned to regions draw a share of the
// households a screening campaign visited (ops/supervision/sampling.hpp:
// reproducible for a seed, never the first visitor), visit them again,
// record where they disagree with the first visit, and count disagreements
// per worker and per grid as a quality score; a round's findings become
// correction directives to the grids concerned (ops/directives).
// Team and round management needs kIssueDirectives over the team's region;
// a re-visit is seen and recorded (kRecordVisits) only by the member it was
// given to, who is never one of the household's first visitors.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/directives/directives.hpp"
#include "ops/supervision/sampling.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

constexpr std::size_t kMaxTeamMembers = 50;

struct SupervisionTeam {
  int64_t id = 0;
  std::string name, region_code;
  std::vector<int64_t> members;        // user ids, sorted
  std::vector<std::string> usernames;  // of `members`, in the same order
};

struct Revisit {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string grid_code;
  std::optional<int64_t> revisitor;  // empty: every member visited it first
  bool done = false;
  int64_t disagreements = 0;  // people whose re-visit differs from the first visit
  int64_t team_id = 0, campaign_id = 0;
};

// A re-visit as its re-visitor sees it: the household's door and, from
// Household, its people (names masked).
struct RevisitTask {
  Revisit revisit;
  int64_t household_id = 0;
  std::string building, unit, room;
  struct Person {
    int64_t id = 0;
    std::string name;  // masked
  };
  std::vector<Person> residents;  // filled by Household only
};

// What the re-visitor found for one person of the household.
struct RevisitFinding {
  int64_t resident_id = 0;
  bool present = true;
  bool flagged = false;  // has findings (fever, symptoms, travel, contact)
};

// Quality of the first visits re-visited so far: per worker (`key` the
// user id) or per grid (`key` the grid code).
struct QualityScore {
  std::string key;
  // A worker's display name when their account's scope lies in the
  // caller's (else empty: the key alone); empty for grids.
  std::string name;
  int64_t revisited = 0;        // households re-visited
  int64_t disagreeing = 0;      // of them, households with a disagreement
  int64_t score_per_mille = 0;  // 1000 x (1 - disagreeing / revisited)
};

// The mark that a round's corrections were issued: when, by whom, and how
// many correction directives went out with it (in the same transaction).
struct CorrectionsMark {
  int64_t issued_at = 0, issued_by = 0, directives = 0;
};

struct QualityReport {
  std::vector<QualityScore> by_worker, by_grid;  // ordered by key
  std::optional<CorrectionsMark> corrections;    // empty until issued
};

class SupervisionService {
 public:
  SupervisionService(store::Database& db, Clock clock = SystemClock());

  // `members` are usernames of active accounts that may record visits
  // (kRecordVisits) with a scope inside the team's region. kInvalidArgument
  // for an empty name, no members or more than kMaxTeamMembers, a member that
  // does not fit (one message whatever the reason), a missing region.
  Result<SupervisionTeam> CreateTeam(const AccessContext& ctx, const std::string& name,
                                     const std::string& region_code,
                                     const std::vector<std::string>& members);
  // Teams over the caller's subtree, by id; `after_id` the last id of the
  // previous page (0: the first).
  Result<Page<SupervisionTeam>> Teams(const AccessContext& ctx, int64_t after_id, int limit);
  // The re-visits of the team's round of the campaign, by id (empty when
  // not drawn). A team out of scope is kNotFound.
  Result<Page<Revisit>> Round(const AccessContext& ctx, int64_t team_id, int64_t campaign_id,
                              int64_t after_id, int limit);
  // The re-visits given to the caller (kRecordVisits), newest first.
  Result<Page<RevisitTask>> Mine(const AccessContext& ctx, int64_t after_id, int limit);
  // One re-visit given to the caller with its household's people, masked;
  // kNotFound for any other. Audited (read, revisit).
  Result<RevisitTask> Household(const AccessContext& ctx, int64_t revisit_id);
  // Draws the round of the team over the campaign's visited households in
  // the team's region: `per_mille` (1..1000) of them, by `seed`. One round a
  // (team, campaign): a second is kConflict. Audited (create, revisit_round).
  Result<std::vector<Revisit>> DrawRound(const AccessContext& ctx, int64_t team_id,
                                         int64_t campaign_id, int per_mille, uint64_t seed);
  // Records the re-visit given to the caller: each finding is compared with
  // the person's first visit (a person without one disagrees). kNotFound for
  // a re-visit not given to the caller; kInvalidArgument for a person not of
  // the household; kConflict when already recorded. Audited (revisit, resident).
  Result<Revisit> Record(const AccessContext& ctx, int64_t revisit_id,
                         const std::vector<RevisitFinding>& findings);
  // The scores of the round so far and whether its corrections were issued.
  Result<QualityReport> Quality(const AccessContext& ctx, int64_t team_id, int64_t campaign_id);
  // One correction directive to each grid of the round with a disagreement,
  // due at `deadline`; the directives issued, in grid order. The round is
  // marked issued (supervision_corrections) and its directives go out in
  // one transaction: all of them with the mark, or nothing and no mark when
  // one is refused (a bad deadline: kInvalidArgument naming it; a grid out
  // of the caller's scope: kPermissionDenied), so a refused call can be
  // made again. Once a round: a second call, or one racing the first, is
  // kConflict. Audited as each directive's create.
  Result<std::vector<Directive>> IssueCorrections(const AccessContext& ctx, int64_t team_id,
                                                  int64_t campaign_id, int64_t deadline);

 private:
  Result<SupervisionTeam> Team(store::Transaction& tx, const AccessContext& ctx, int64_t team_id);
  Result<RevisitTask> MyRevisit(store::Transaction& tx, const AccessContext& ctx,
                                int64_t revisit_id);

  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
