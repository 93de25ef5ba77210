// Volunteers (志愿者) and their teams: a volunteer signs a pledge (请战书:
// its text, skills, availability, party member or not) and is linked to one
// registered resident; teams (党员突击队 "commando", 青年先锋队 "vanguard")
// belong to a region and have a leader among their members.
//
// Promises:
// - A volunteer lives where their resident lives: a volunteer, a team or a
//   resident outside the caller's scope answers kNotFound, as one that does
//   not exist. A team's members live in the team's region.
// - Reading volunteers (names, phones) is audited; names and phones are
//   masked for roles without see_unmasked. Every change is audited.
// - Free text (pledge, skills, availability, team names) is plain text
//   (ops/plain_text.hpp); a refusal changes nothing.
// Thread-safe: holds a reference to the Database (must outlive it) and a clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/result.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

constexpr size_t kMaxPledgeChars = 2000;

struct VolunteerInput {
  int64_t resident_id = 0;
  std::string pledge;          // 请战书, 1..kMaxPledgeChars characters, lines allowed
  std::string skills{};        // e.g. "驾驶, 护理"; up to 200
  std::string availability{};  // e.g. "工作日晚上, 周末全天"; up to 200
  bool party_member = false;
};

struct Volunteer {
  int64_t id = 0;
  int64_t resident_id = 0;
  std::string name, phone;  // the resident's (masked without see_unmasked)
  std::string grid_code;
  std::string pledge, skills, availability;
  bool party_member = false;
  std::optional<int64_t> team_id{};
  // The team's name, also when the team belongs to a region above the
  // caller's scope (a grid worker's volunteers in their community's team):
  // a team's name is not personal data. Empty without a team.
  std::string team_name{};
  int64_t created_at = 0;
  int64_t minutes_worked = 0;    // of shifts, up to now
  int64_t minutes_last_24h = 0;  // of shifts, in the 24 hours up to now
};

struct VolunteerTeam {
  int64_t id = 0;
  std::string name;
  std::string kind;  // "commando" (党员突击队), "vanguard" (先锋队)
  std::string region_code;
  std::optional<int64_t> leader_id{};  // a volunteer, a member
  std::string leader_name{};           // masked without see_unmasked
  int64_t members = 0;
  int64_t created_at = 0;
};

class VolunteerService {
 public:
  VolunteerService(store::Database& db, Clock clock = SystemClock());

  // kManageVolunteers; the resident in scope (else kNotFound). kConflict
  // when the resident has signed up already.
  Result<Volunteer> Enroll(const AccessContext& ctx, const VolunteerInput& input);
  // Volunteers in scope, newest first (kReadRegistry; audited). `team_id`:
  // only that team's members.
  Result<Page<Volunteer>> List(const AccessContext& ctx, std::optional<int64_t> team_id,
                               int64_t after_id, int limit);

  // kManageVolunteers in scope of the region, which must exist. Name
  // 1..100 characters; kind "commando" or "vanguard".
  Result<VolunteerTeam> CreateTeam(const AccessContext& ctx, const std::string& name,
                                   const std::string& kind, const std::string& region_code);
  // Teams in scope, by id (kReadRegistry).
  Result<Page<VolunteerTeam>> Teams(const AccessContext& ctx, int64_t after_id, int limit);
  // Puts a volunteer in a team (or out of any: nullopt); kInvalidArgument
  // when they live outside the team's region. Leaving a team one leads
  // leaves it without a leader.
  Result<Volunteer> SetTeam(const AccessContext& ctx, int64_t volunteer_id,
                            std::optional<int64_t> team_id);
  // The leader must be a member: kInvalidArgument otherwise.
  Result<VolunteerTeam> SetLeader(const AccessContext& ctx, int64_t team_id, int64_t volunteer_id);

 private:
  store::Database& db_;
  Clock clock_;
};

}  // namespace fk::ops
