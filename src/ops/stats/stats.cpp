#include "ops/stats/stats.hpp"

#include <map>

#include "common/dates.hpp"
#include "ops/regions/region_code.hpp"

namespace fk::ops {

Result<std::vector<DailyStat>> StatsService::Daily(const AccessContext& ctx,
                                                   const std::string& region_code,
                                                   const std::string& from, const std::string& to) {
  if (Status s = Require(ctx, Permission::kReadStats, region_code); !s) return s.error();
  auto d0 = ParseDate(from);
  if (!d0) return InvalidArgument("from: " + from + " is not a YYYY-MM-DD date");
  auto d1 = ParseDate(to);
  if (!d1) return InvalidArgument("to: " + to + " is not a YYYY-MM-DD date");
  const int days = DaysFromCivil(*d1) - DaysFromCivil(*d0) + 1;
  if (days < 1 || days > 366) return InvalidArgument("to: must be 0 to 365 days after from");
  const std::string prefix = SubtreePrefix(region_code), end = PrefixEnd(prefix);
  auto tx = db_.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  std::vector<DailyStat> out(days);
  std::map<std::string, size_t> index;
  for (int i = 0; i < days; ++i) {
    out[i].date = AddDays(*d0, i);
    index[out[i].date] = i;
  }
  // Registered before `from`, then per-day additions (cumulative).
  for (auto [table, member] :
       {std::pair{"residents", &DailyStat::residents}, {"households", &DailyStat::households}}) {
    auto base = tx->QueryOne(std::string("SELECT COUNT(*) FROM ") + table +
                                 " WHERE grid_code >= ? AND grid_code < ? AND created_day < ?",
                             {prefix, end, from});
    if (!base) return base.error();
    auto rows = tx->Query(std::string("SELECT created_day, COUNT(*) FROM ") + table +
                              " WHERE grid_code >= ? AND grid_code < ? AND created_day >= ? AND "
                              "created_day <= ? GROUP BY created_day",
                          {prefix, end, from, to});
    if (!rows) return rows.error();
    std::vector<int64_t> added(days, 0);
    for (const auto& r : *rows)
      if (auto it = index.find(r.Text(0)); it != index.end()) added[it->second] = r.Int(1);
    int64_t total = base->Int(0);
    for (int i = 0; i < days; ++i) out[i].*member = (total += added[i]);
  }
  auto visits = tx->Query(
      "SELECT visit_day, COUNT(*), SUM(flagged) FROM screening_visits WHERE visit_day >= ? AND "
      "visit_day <= ? AND grid_code >= ? AND grid_code < ? GROUP BY visit_day",
      {from, to, prefix, end});
  if (!visits) return visits.error();
  for (const auto& r : *visits) {
    if (auto it = index.find(r.Text(0)); it != index.end()) {
      out[it->second].screened = r.Int(1);
      out[it->second].flagged = r.Int(2);
    }
  }
  return out;
}

}  // namespace fk::ops
