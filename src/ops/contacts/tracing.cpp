// ContactService's views over many records: the transmission chain of a
// cluster and the WHO tracing figures of a region.
#include <deque>
#include <map>
#include <set>

#include "common/dates.hpp"
#include "ops/cases/case_links.hpp"
#include "ops/contacts/contacts.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::ops {
namespace {

// A chain stops growing at this many cases (a city-wide cluster is read by
// region, not by chain).
constexpr size_t kMaxChainCases = 1000;

// Contacts are followed for 14 days after their last exposure (the NHC
// protocol's medical observation period, 2020).
constexpr int kFollowUpDays = 14;

}  // namespace

Result<Chain> ContactService::ChainOf(const AccessContext& ctx, int64_t case_id) {
  if (Status s = Require(ctx, Permission::kReadCases); !s) return s.error();
  std::string grid;
  auto chain = [&]() -> Result<Chain> {
    auto tx = db_.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto first = VisibleCaseGrid(*tx, ctx, case_id);
    if (!first) return first.error();
    grid = std::move(*first);
    Chain out;
    std::map<int64_t, size_t> node_of;  // case id -> index in out.nodes
    std::set<std::pair<int64_t, int64_t>> edge_seen;
    std::deque<int64_t> queue{case_id};
    auto node = [&](int64_t id) {
      if (node_of.count(id) || node_of.size() >= kMaxChainCases) return;
      node_of[id] = out.nodes.size();
      out.nodes.push_back({id, "", "", false});
      queue.push_back(id);
    };
    node_of[case_id] = 0;
    out.nodes.push_back({case_id, "", "", false});
    auto edge = [&](int64_t from, int64_t to, const store::Row& r) {
      if (!edge_seen.emplace(from, to).second) return;
      out.edges.push_back({from, to, r.Text(1), r.Text(2)});
    };
    while (!queue.empty()) {
      const int64_t id = queue.front();
      queue.pop_front();
      auto c = tx->QueryOne(
          "SELECT resident_id, status, report_date, grid_code, facility_id "
          "FROM cases WHERE id = ?",
          {id});
      if (!c) return c.error();
      ChainNode& n = out.nodes[node_of[id]];
      // A case the reader may not see is shown as a node, not opened: the
      // chain says a case elsewhere is linked, nothing of it, and goes no
      // further.
      std::optional<int64_t> facility;
      if (!c->IsNull(4)) facility = c->Int(4);
      auto may = MaySeeCase(*tx, ctx, c->Text(3), facility);
      if (!may) return may.error();
      if (!*may) continue;
      n.visible = true;
      n.status = c->Text(1);
      n.report_date = c->Text(2);
      // Its contacts who became cases after the exposure, and the cases
      // whose contact it was before it was reported.
      auto out_rows = tx->Query(
          "SELECT c2.id, k.setting, k.last_exposure_date FROM contacts k "
          "JOIN cases c2 ON c2.resident_id = k.resident_id "
          "WHERE k.case_id = ? AND c2.id <> ? AND c2.report_date >= k.last_exposure_date "
          "ORDER BY c2.id",
          {id, id});
      if (!out_rows) return out_rows.error();
      for (const auto& r : *out_rows) {
        node(r.Int(0));
        if (node_of.count(r.Int(0))) edge(id, r.Int(0), r);
      }
      auto in_rows = tx->Query(
          "SELECT k.case_id, k.setting, k.last_exposure_date FROM contacts k "
          "WHERE k.resident_id = ? AND k.case_id <> ? AND k.last_exposure_date <= ? "
          "ORDER BY k.case_id",
          {c->Int(0), id, c->Text(2)});
      if (!in_rows) return in_rows.error();
      for (const auto& r : *in_rows) {
        node(r.Int(0));
        if (node_of.count(r.Int(0))) edge(r.Int(0), id, r);
      }
    }
    std::set<int64_t> reached;
    for (const auto& e : out.edges) reached.insert(e.to_case);
    std::vector<int64_t> sources;
    for (const auto& n : out.nodes)
      if (!reached.count(n.case_id)) sources.push_back(n.case_id);
    if (sources.size() == 1 && !out.edges.empty()) out.source_case = sources.front();
    return out;
  }();
  if (!chain) return chain.error();
  if (Status s = audit_.Record(ctx, clock_(), "read", "chain", "case " + std::to_string(case_id),
                               std::to_string(chain->nodes.size()) + " cases", grid);
      !s)
    return s.error();
  return chain;
}

Result<TracingFigures> ContactService::Figures(const AccessContext& ctx,
                                               const std::string& region_code,
                                               const std::string& date) {
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  auto day = ParseDate(date);
  if (date.size() != 10 || !day)
    return InvalidArgument("date: " + date + " is not a YYYY-MM-DD date");
  const int64_t start = int64_t{DaysFromCivil(*day)} * 86400, end = start + 86400;
  const std::string first_day = AddDays(*day, 1 - kFollowUpDays);
  const std::string prefix = SubtreePrefix(region_code), stop = PrefixEnd(prefix);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  TracingFigures f{region_code, date};
  // A new case: confirmed that day (and not an asymptomatic infection
  // before), or an asymptomatic infection reported that day.
  auto cases = tx->QueryOne(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM contacts k WHERE "
      "k.resident_id = cases.resident_id AND k.listed_at < ?) THEN 1 ELSE 0 END), 0) FROM cases "
      "WHERE grid_code >= ? AND grid_code < ? AND (asymptomatic_date = ? OR "
      "(confirmation_date = ? AND asymptomatic_date IS NULL))",
      {end, prefix, stop, date, date});
  if (!cases) return cases.error();
  f.new_cases = cases->Int(0);
  f.new_cases_from_contacts = cases->Int(1);
  auto listed = tx->QueryOne(
      "SELECT COUNT(*), COALESCE(SUM(CASE WHEN reached_at IS NOT NULL AND reached_at - listed_at "
      "<= 86400 THEN 1 ELSE 0 END), 0) FROM contacts WHERE region >= ? AND region < ? AND "
      "listed_at >= ? AND listed_at < ?",
      {prefix, stop, start, end});
  if (!listed) return listed.error();
  f.contacts_listed = listed->Int(0);
  f.reached_within_24h = listed->Int(1);
  auto followed = tx->QueryOne(
      "SELECT COALESCE(SUM(1 - lost), 0), COALESCE(SUM(CASE WHEN lost = 0 AND "
      "last_followup_date = ? THEN 1 ELSE 0 END), 0), COALESCE(SUM(lost), 0) FROM contacts "
      "WHERE region >= ? AND region < ? AND listed_at < ? AND last_exposure_date >= ? AND "
      "last_exposure_date <= ?",
      {date, prefix, stop, end, first_day, date});
  if (!followed) return followed.error();
  f.under_follow_up = followed->Int(0);
  f.followed_up_today = followed->Int(1);
  f.lost = followed->Int(2);
  return f;
}

}  // namespace fk::ops
