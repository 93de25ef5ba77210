#include "api/demo/demo_command.hpp"

#include <string>

#include "api/demo/demo_spread.hpp"
#include "ops/directives/directives.hpp"
#include "ops/reports/daily_reports.hpp"
#include "ops/screening/screening.hpp"
#include "ops/supervision/supervision.hpp"

namespace fk::api {
namespace {

using demo_spread::DayOf;
using demo_spread::Spread;

constexpr int64_t kDay = 86400;
constexpr int kReportDays = 7;

// The actor of a unit: the demo account of that level where there is one,
// else the setup's (the administrator's id) with the unit's role and scope.
struct Actors {
  const std::vector<ops::User>& users;
  int64_t Id(const std::string& username) const {
    for (const auto& u : users)
      if (u.username == username) return u.id;
    return users.front().id;
  }
  ops::AccessContext Of(const std::string& username) const {
    for (const auto& u : users)
      if (u.username == username) return {u.id, u.role, u.scope, "demo"};
    return {users.front().id, ops::Role::kAdministrator, "", "demo"};
  }
  ops::AccessContext Unit(const std::string& code) const {
    const auto parsed = ops::LevelOfCode(code);
    const ops::RegionLevel level = parsed.ok() ? *parsed : ops::RegionLevel::kGrid;
    ops::Role role = ops::Role::kGridWorker;
    if (level == ops::RegionLevel::kCommunity) role = ops::Role::kCommunityOfficer;
    if (level == ops::RegionLevel::kStreet) role = ops::Role::kStreetOfficer;
    if (level == ops::RegionLevel::kDistrict) role = ops::Role::kDistrictOfficer;
    for (const auto& u : users)
      if (u.scope == code && u.role == role) return {u.id, role, code, "demo"};
    return {users.front().id, role, code, "demo"};
  }
};

// Completes `code` and everything below it, bottom up, at `at`.
Status CompleteSubtree(store::Database& db, const Actors& who, int64_t directive,
                       const std::string& code, int64_t at) {
  ops::DirectiveService directives(db, [at] { return at; });
  std::vector<store::Row> rows;
  {
    auto tx = db.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto found = tx->Query(
        "SELECT code FROM directive_units WHERE directive_id = ? AND code >= ? AND code < ? "
        "ORDER BY level DESC, code",
        {directive, ops::SubtreePrefix(code), ops::PrefixEnd(ops::SubtreePrefix(code))});
    if (!found) return found.error();
    rows = std::move(*found);
  }
  for (const auto& r : rows) {
    const std::string unit = r.Text(0);
    auto done = directives.Complete(
        who.Unit(unit), directive, unit,
        {"已按要求完成", Spread(directive, static_cast<int64_t>(unit.size()), 40) + 5, {}});
    if (!done.ok()) return done.error();
  }
  return Status::Ok();
}

Status StoreDirectives(Services& s, const Actors& who, const sim::Population& pop, int64_t now) {
  const ops::AccessContext district = who.Of("district");
  const ops::AccessContext command = who.Of("command");
  const auto& first_street = pop.streets[pop.districts[0].first_child];
  const std::string street = first_street.code;
  const std::string community_a = pop.communities[first_street.first_child].code;
  // A small city's first street may have one community: it then stands for both.
  const bool two = first_street.end_child - first_street.first_child >= 2;
  const std::string community_b = pop.communities[first_street.first_child + (two ? 1 : 0)].code;
  auto issue = [&](const ops::AccessContext& by, int64_t at, ops::DirectiveInput in) {
    ops::DirectiveService directives(s.db, [at] { return at; });
    return directives.Issue(by, in);
  };
  using M = ops::Measure;
  // On time: the first community's closed management, done a day early.
  auto on_time = issue(district, now - 6 * kDay,
                       {"小区封闭管理", "辖区内所有小区实行封闭管理，只留一个出入口，24 小时值守",
                        M::kClosedManagement, community_a, now - 3 * kDay});
  if (!on_time.ok()) return on_time.error();
  if (Status st = CompleteSubtree(s.db, who, on_time->id, community_a, now - 4 * kDay); !st)
    return st;
  // Late: the second community's screening, finished after its deadline.
  auto late = issue(district, now - 6 * kDay,
                    {"入户摸排", "逐户逐人摸排发热病人，做到不漏一户、不漏一人",
                     M::kDoorToDoorScreening, community_b, now - 4 * kDay});
  if (!late.ok()) return late.error();
  if (Status st = CompleteSubtree(s.db, who, late->id, community_b, now - 2 * kDay); !st) return st;
  // Overdue and escalated: the street's notice, one community done, the
  // other's grids not, past the deadline.
  auto overdue = issue(district, now - 3 * kDay,
                       {"张贴防控通告", "在各小区出入口张贴第 1 号防控通告并拍照回传",
                        M::kPublishNotice, street, now - kDay});
  if (!overdue.ok()) return overdue.error();
  if (Status st = CompleteSubtree(s.db, who, overdue->id, community_a, now - 2 * kDay); !st)
    return st;
  // Open: the city's order of this week, acknowledged by the district.
  auto open = issue(command, now - kDay,
                    {"全市集中排查", "各区于本周内完成集中排查，日报按时上报",
                     M::kDoorToDoorScreening, std::string(pop.districts[0].code), now + 3 * kDay});
  if (!open.ok()) return open.error();
  ops::DirectiveService today(s.db, [now] { return now - 3600; });
  auto ack = today.Acknowledge(who.Unit(pop.districts[0].code), open->id, pop.districts[0].code);
  if (!ack.ok()) return ack.error();
  return Status::Ok();
}

// A week of reports: most grids report each day, a few miss one (about one
// in eight), and today only some have reported yet.
Status StoreReports(Services& s, const Actors& who, const sim::Population& pop, int64_t now) {
  for (int back = kReportDays - 1; back >= 0; --back) {
    const int64_t noon = (now / kDay - back) * kDay + kDay / 2;
    const int64_t at = back == 0 ? now : noon;
    ops::DailyReportService reports(s.db, [at] { return at; });
    for (size_t g = 0; g < pop.grids.size(); ++g) {
      const int64_t roll = Spread(back, static_cast<int64_t>(g), 8);
      if (roll == 0 || (back == 0 && roll < 4)) continue;  // missing
      const int64_t screened = 20 + Spread(g, back, 60);
      ops::DailyReportInput in{DayOf(at),
                               pop.grids[g].code,
                               {screened, Spread(back * 7, g, 3)},
                               roll == 1 ? "部分住户拒绝配合测温" : "",
                               roll == 2 ? "口罩、体温计不足" : ""};
      in.quarantined_from_data = true;  // the demo's quarantine orders, as the page pre-fills
      auto sent = reports.Submit(who.Unit(pop.grids[g].code), in);
      if (!sent.ok()) return sent.error();
    }
  }
  return Status::Ok();
}

// The first community's screening two days ago by the grid worker (most
// households) and the volunteer (a few), then the community's supervision
// team re-visits 30% of them: the community officer records theirs, some
// disagreeing; the volunteer's wait. The findings go down as corrections.
Status StoreSupervision(Services& s, const Actors& who, const sim::Population& pop, int64_t now) {
  const auto& street = pop.streets[pop.districts[0].first_child];
  const std::string community = pop.communities[street.first_child].code;
  const int64_t visited = now - 2 * kDay;
  ops::ScreeningService screening(s.db, [visited] { return visited; });
  auto campaign = screening.CreateCampaign(who.Of("community"), "第一轮入户摸排", community,
                                           DayOf(visited), DayOf(visited + kDay));
  if (!campaign.ok()) return campaign.error();
  const ops::AccessContext grid = who.Of("grid");
  const ops::AccessContext volunteer = who.Of("volunteer");
  for (int64_t after = 0;;) {
    auto tasks = screening.Tasks(grid, campaign->id, after, ops::kMaxPageSize);
    if (!tasks.ok()) return tasks.error();
    for (const auto& t : tasks->items) {
      const ops::AccessContext& by = Spread(t.id, 1, 5) == 0 ? volunteer : grid;
      std::vector<store::Row> rows;
      {
        auto tx = s.db.Begin(store::TxMode::kRead);
        if (!tx) return tx.error();
        auto found = tx->Query("SELECT id FROM residents WHERE household_id = ? ORDER BY id",
                               {t.household_id});
        if (!found) return found.error();
        rows = std::move(*found);
      }
      for (const auto& r : rows) {
        ops::VisitInput v;
        v.task_id = t.id;
        v.resident_id = r.Int(0);
        v.temperature = Spread(t.id, r.Int(0), 40) == 0 ? 37.8 : 36.5;
        auto done = screening.RecordVisit(by, v);
        if (!done.ok()) return done.error();
      }
    }
    if (!tasks->next_cursor) break;
    after = *tasks->next_cursor;
  }
  const int64_t drawn = now - kDay;
  ops::SupervisionService supervision(s.db, [drawn] { return drawn; });
  const ops::AccessContext officer = who.Of("community");
  auto team = supervision.CreateTeam(officer, "社区督导组", community, {"community", "volunteer"});
  if (!team.ok()) return team.error();
  auto round = supervision.DrawRound(officer, team->id, campaign->id, 300, 2020);
  if (!round.ok()) return round.error();
  for (const auto& r : *round) {
    if (r.revisitor != officer.user_id) continue;
    auto door = supervision.Household(officer, r.id);
    if (!door.ok()) return door.error();
    std::vector<ops::RevisitFinding> found;
    for (const auto& p : door->residents) {
      // About one household in three: someone away, or a fever missed.
      const int64_t roll = Spread(r.id, p.id, 9);
      found.push_back({p.id, roll != 0, roll == 1});
    }
    auto recorded = supervision.Record(officer, r.id, found);
    if (!recorded.ok()) return recorded.error();
  }
  auto fixes = supervision.IssueCorrections(officer, team->id, campaign->id, now + 2 * kDay);
  if (!fixes.ok()) return fixes.error();
  return Status::Ok();
}

}  // namespace

Status StoreCommand(Services& s, const std::vector<ops::User>& users, const sim::Population& pop,
                    int64_t now) {
  const Actors who{users};
  if (Status st = StoreDirectives(s, who, pop, now); !st) return st;
  if (Status st = StoreReports(s, who, pop, now); !st) return st;
  return StoreSupervision(s, who, pop, now);
}

}  // namespace fk::api
