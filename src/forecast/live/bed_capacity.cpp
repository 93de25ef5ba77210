#include "forecast/live/bed_capacity.hpp"

#include "ops/regions/region_code.hpp"

namespace fk::forecast {

Result<std::map<std::string, BedCapacity>> ReadBedCapacity(store::Database& db,
                                                           const std::string& city_code) {
  const std::string prefix = ops::SubtreePrefix(city_code), end = ops::PrefixEnd(prefix);
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT f.id, f.region_code, b.kind, b.staffed FROM facilities f JOIN facility_beds b ON "
      "b.facility_id = f.id WHERE f.region_code >= ? AND f.region_code < ? AND f.kind IN "
      "('designated_hospital', 'emergency_hospital') AND b.kind IN ('general', 'icu') "
      "ORDER BY f.id",
      {prefix, end});
  if (!rows) return rows.error();
  std::map<std::string, BedCapacity> out;
  int64_t last_facility = 0;
  for (const auto& r : *rows) {
    BedCapacity& c = out[r.Text(1).substr(0, 6)];
    if (r.Int(0) != last_facility) ++c.hospitals;
    last_facility = r.Int(0);
    c.beds += r.Int(3);
    if (r.Text(2) == "icu") c.icu += r.Int(3);
  }
  return out;
}

FirstDayOver FirstDayOverCapacity(const std::vector<sim::Band>& bands, int64_t capacity) {
  FirstDayOver out;
  const double limit = static_cast<double>(capacity);
  for (int d = 0; d < static_cast<int>(bands.size()); ++d) {
    if (!out.p05 && bands[d].p05 > limit) out.p05 = d;
    if (!out.median && bands[d].median > limit) out.median = d;
    if (!out.p95 && bands[d].p95 > limit) out.p95 = d;
  }
  return out;
}

}  // namespace fk::forecast
