#include "forecast/live/live_state.hpp"

#include <algorithm>

#include "common/dates.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::forecast {

sim::State StateOfCase(std::string_view status, std::string_view severity) {
  if (status == "asymptomatic") return sim::State::kAsymptomatic;
  if (severity == "critical") return sim::State::kCritical;
  if (severity == "severe") return sim::State::kSevere;
  return sim::State::kMild;
}

Result<LiveState> ReadLiveState(store::Database& db, const std::string& city_code, int cutoff) {
  const std::string prefix = ops::SubtreePrefix(city_code), end = ops::PrefixEnd(prefix);
  const std::string last = AddDays(Date{1970, 1, 1}, cutoff),
                    first_recent = AddDays(Date{1970, 1, 1}, cutoff - kRecentDays + 1);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  LiveState out;
  Status read = tx->ForEachRow(
      "SELECT c.resident_id, c.grid_code, c.status, COALESCE(c.severity, ''), "
      "CASE WHEN EXISTS (SELECT 1 FROM admissions a WHERE a.resident_id = c.resident_id AND "
      "a.discharged_at IS NULL) OR EXISTS (SELECT 1 FROM quarantine_orders q WHERE "
      "q.resident_id = c.resident_id AND q.status = 'active') THEN 1 ELSE 0 END "
      "FROM cases c WHERE c.grid_code >= ? AND c.grid_code < ? AND c.outcome IS NULL AND "
      "c.status IN ('confirmed', 'clinically_diagnosed', 'asymptomatic') AND c.report_date <= ? "
      "ORDER BY c.resident_id",
      {prefix, end, last}, [&](const store::RowView& r) {
        out.open_cases.push_back(
            {r.Int(0), std::string(r.Text(1)), StateOfCase(r.Text(2), r.Text(3)), r.Int(4) != 0});
        return true;
      });
  if (!read.ok()) return read.error();
  auto recent = tx->Query(
      "SELECT grid_code, COUNT(*) FROM cases WHERE grid_code >= ? AND grid_code < ? AND "
      "status IN ('confirmed', 'clinically_diagnosed', 'asymptomatic') AND report_date <= ? AND "
      "COALESCE(onset_date, report_date) >= ? GROUP BY grid_code",
      {prefix, end, last, first_recent});
  if (!recent) return recent.error();
  for (const auto& r : *recent) out.recent_by_grid[r.Text(0)] = r.Int(1);
  auto counts = tx->QueryOne(
      "SELECT (SELECT COUNT(*) FROM cases WHERE grid_code >= ? AND grid_code < ? AND status IN "
      "('confirmed', 'clinically_diagnosed', 'asymptomatic') AND report_date <= ?), "
      "(SELECT COUNT(*) FROM quarantine_orders WHERE grid_code >= ? AND grid_code < ? AND "
      "status = 'active'), "
      "(SELECT COUNT(*) FROM admissions a JOIN residents r ON r.id = a.resident_id WHERE "
      "r.grid_code >= ? AND r.grid_code < ? AND a.discharged_at IS NULL)",
      {prefix, end, last, prefix, end, prefix, end});
  if (!counts) return counts.error();
  out.cases_ever = counts->Int(0);
  out.quarantined = counts->Int(1);
  out.admitted = counts->Int(2);
  return out;
}

}  // namespace fk::forecast
