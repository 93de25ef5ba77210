#include "forecast/live/supply_outlook.hpp"

#include <cmath>

#include "ops/supplies/days_left.hpp"
#include "sim/output/quantile.hpp"

namespace fk::forecast {

Result<std::map<std::string, std::vector<SupplyUse>>> ReadSupplyUse(store::Database& db,
                                                                    const std::string& city_code,
                                                                    int64_t now) {
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  // warn_days does not matter here: only quantities and use are read.
  auto report = ops::ReadDaysLeft(*tx, city_code, 7, now);
  if (!report) return report.error();
  std::map<std::string, std::map<std::string, SupplyUse>> by_region;
  for (const ops::DepotDaysLeft& depot : report->depots) {
    std::vector<std::string> regions{city_code};
    // A district's code is the first 6 digits of the codes under it.
    const std::string district = depot.region_code.substr(0, 6);
    if (district != city_code) regions.push_back(district);
    for (const ops::DaysLeft& line : depot.items) {
      for (const std::string& region : regions) {
        SupplyUse& u = by_region[region][line.item];
        u.item = line.item;
        u.stock += line.quantity;
        (depot.kind == ops::DepotKind::kHospital ? u.hospital_use : u.other_use) += line.daily_use;
      }
    }
  }
  std::map<std::string, std::vector<SupplyUse>> out;
  for (auto& [region, items] : by_region)
    for (auto& [item, use] : items) out[region].push_back(std::move(use));
  return out;
}

std::optional<int> RunOutDay(const SupplyUse& use, const std::vector<double>& beds,
                             double beds_now) {
  double left = static_cast<double>(use.stock);
  for (size_t t = 0; t < beds.size(); ++t) {
    const double scale = beds_now > 0 ? beds[t] / beds_now : 1.0;
    const double need = use.other_use + use.hospital_use * scale;
    if (need > 0 && left < need) return static_cast<int>(t);
    left -= need;
  }
  return std::nullopt;
}

FirstDayOver RunOutBand(const std::vector<std::optional<int>>& member_days, int days) {
  FirstDayOver band;
  if (member_days.empty()) return band;
  std::vector<double> values;
  for (const std::optional<int>& d : member_days) values.push_back(d ? *d : days);
  auto day = [&](double p) -> std::optional<int> {
    const double q = sim::Quantile(values, p);
    if (q >= days) return std::nullopt;
    return static_cast<int>(std::floor(q));
  };
  band.p05 = day(0.05);
  band.median = day(0.5);
  band.p95 = day(0.95);
  return band;
}

}  // namespace fk::forecast
