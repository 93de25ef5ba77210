#include "api/demo/demo_data.hpp"

#include <array>
#include <chrono>
#include <ctime>
#include <string_view>

#include "api/demo/demo_checkpoints.hpp"
#include "api/demo/demo_command.hpp"
#include "api/demo/demo_notices.hpp"
#include "api/demo/demo_outbreak.hpp"
#include "api/demo/demo_people.hpp"
#include "api/demo/demo_supplies.hpp"
#include "api/demo/demo_volunteers.hpp"
#include "sim/geography/city_layout.hpp"
#include "sim/geography/geojson.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/population/build_population.hpp"
#include "sim/population/region_tree.hpp"
#include "store/migrations.hpp"

namespace fk::api {

namespace {

constexpr const char* kPassword = "fangkong-demo";
// The settings row that marks a database made by the demo (migration 7 made
// the table: a database of an older schema was not marked).
constexpr std::string_view kDemoSetting = "demo";
constexpr int kFirstMarkedSchema = 7;

struct DemoUser {
  const char* username;
  ops::Role role;
  const char* scope;
};

constexpr std::array<DemoUser, 9> kUsers{{
    {"admin", ops::Role::kAdministrator, kDemoProvince},
    {"command", ops::Role::kCommandCentre, kDemoCity},
    {"district", ops::Role::kDistrictOfficer, kDemoDistrict},
    {"street", ops::Role::kStreetOfficer, "420102001"},
    {"community", ops::Role::kCommunityOfficer, "420102001001"},
    {"grid", ops::Role::kGridWorker, kDemoGrid},
    {"medical", ops::Role::kMedicalStaff, kDemoDistrict},
    {"supply", ops::Role::kSupplyOfficer, kDemoDistrict},
    {"volunteer", ops::Role::kVolunteer, kDemoGrid},
}};

// The demo city keeps the simulator's people, households and grids but a
// compact tree above the grids (2 grids a community, 2 communities a street,
// at least 2 streets a district instead of 8, 10 and 12), so that even a small
// city has several districts, streets and communities for the scoped logins;
// a large one gets more streets a district so as to keep to Wuhan's 13 real
// districts (sim/population/region_tree.cpp).
constexpr int kGridsPerCommunity = 2;
constexpr int kCommunitiesPerStreet = 2;
constexpr int kMinStreetsPerDistrict = 2;
constexpr std::size_t kWuhanDistricts = 13;

// Residents are imported in transactions of about this many rows (whole grids).
constexpr std::size_t kImportChunkRows = 50'000;

// Pregnant women at any moment: Wuhan's 2019 birth rate, 12.8 per 1,000
// residents a year (shared/reference/demography-china.md §3.1), times 40/52
// of a year of pregnancy = 0.98 % of residents, all taken (an assumption)
// from the women aged 20 to 39.
constexpr double kPregnantShareOfResidents = 0.0128 * 40.0 / 52.0;
// Chronic illness by age: an assumption for demo data, not a prevalence.
constexpr double kChronicUnder45 = 0.02, kChronic45To64 = 0.15, kChronic65Up = 0.35;
// Children below this age give a parent's phone.
constexpr int kOwnPhoneAge = 16;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

Error FirstRejected(const char* what, const ops::ImportReport& report) {
  return Error{ErrorCode::kInternal, std::string("demo ") + what + ": line " +
                                         std::to_string(report.rejected[0].line) + ": " +
                                         report.rejected[0].reason};
}

std::string RegionCsv(const sim::Population& pop) {
  std::string csv = "code,name,parent_code\n";
  csv += std::string(kDemoProvince) + ",湖北省,\n";
  csv += std::to_string(pop.city_code) + "," + pop.city_name + "," + kDemoProvince + "\n";
  auto add = [&](const std::vector<sim::Region>& level, const std::string& parent_of_all,
                 const std::vector<sim::Region>* parents) {
    for (const auto& r : level) {
      csv += r.code + "," + r.name + "," + (parents ? (*parents)[r.parent].code : parent_of_all) +
             "\n";
    }
  };
  add(pop.districts, std::to_string(pop.city_code), nullptr);
  add(pop.streets, "", &pop.districts);
  add(pop.communities, "", &pop.streets);
  add(pop.grids, "", &pop.communities);
  return csv;
}

// The map: the city laid out from the seed as `fangkong city --geojson`
// does (sim/geography), imported as an administrator imports a real city's
// outlines.
Status StoreShapes(Services& s, const ops::AccessContext& admin, const sim::Population& pop,
                   uint64_t seed) {
  auto layout = sim::LayOutCity(pop, seed);
  if (!layout.ok()) return layout.error();
  auto report = s.shapes.ImportGeoJson(admin, sim::CityGeoJson(pop, *layout, seed));
  if (!report.ok()) return report.error();
  if (!report->rejected.empty())
    return Error{ErrorCode::kInternal, "demo shapes: feature " +
                                           std::to_string(report->rejected[0].index) + ": " +
                                           report->rejected[0].reason};
  return Status::Ok();
}

// A leader (网格长), a worker (网格员) and a party member (党员先锋岗) for
// every grid; the demo grid worker's account is the worker of their grid.
Status SetStaff(Services& s, const ops::AccessContext& admin, const sim::Population& pop,
                const Rng& rng, int64_t grid_user) {
  constexpr std::array<ops::GridDuty, 3> kDuties{ops::GridDuty::kLeader, ops::GridDuty::kWorker,
                                                 ops::GridDuty::kPartyPost};
  for (uint32_t g = 0; g < pop.grid_count(); ++g) {
    std::vector<ops::GridStaffMember> staff;
    for (uint32_t k = 0; k < kDuties.size(); ++k) {
      const ops::Sex sex = (g + k) % 2 == 0 ? ops::Sex::kFemale : ops::Sex::kMale;
      staff.push_back({kDuties[k], DemoName(rng, DemoPurpose::kStaff, g, k, sex),
                       DemoPhone(rng, DemoPurpose::kStaff, g, k + kDuties.size()), std::nullopt});
    }
    if (pop.grids[g].code == kDemoGrid) {
      staff[1].name = "Demo grid";
      staff[1].user_id = grid_user;
    }
    if (Status st = s.regions.SetGridStaff(admin, pop.grids[g].code, staff); !st) return st;
  }
  return Status::Ok();
}

// Appends the residents of grid `g` to `csv` (header of StoreResidents).
Status AppendGrid(const sim::Population& pop, uint32_t g, const Rng& rng, double pregnant_chance,
                  IdNumbers& ids, std::string& csv) {
  const std::string& grid = pop.grids[g].code;
  const std::string_view district = std::string_view(grid).substr(0, 6);
  const uint32_t first_household = pop.grid_household_start[g];
  for (uint32_t h = first_household; h < pop.grid_household_start[g + 1]; ++h) {
    const DemoAddress address = DemoHouseholdAddress(h - first_household);
    const uint32_t begin = pop.household_start[h], end = pop.household_start[h + 1];
    std::string adult_phone;
    for (uint32_t a = begin; a < end; ++a) {
      if (pop.age[a] >= 18) {
        adult_phone = DemoPhone(rng, DemoPurpose::kPerson, a, 2);
        break;
      }
    }
    for (uint32_t a = begin; a < end; ++a) {
      const int age = pop.age[a];
      const ops::Sex sex = pop.sex[a] == 1 ? ops::Sex::kMale : ops::Sex::kFemale;
      const std::string birth = DemoBirthDate(rng, a, age);
      auto id = ids.Next(a, district, birth, sex);
      if (!id.ok()) return id.error();
      const std::string phone = age < kOwnPhoneAge && !adult_phone.empty()
                                    ? adult_phone
                                    : DemoPhone(rng, DemoPurpose::kPerson, a, 2);
      const Bits flags =
          rng.Draw(Stream::kPopulation, static_cast<uint32_t>(DemoPurpose::kPerson), a, 3);
      const double chronic = age >= 65   ? kChronic65Up
                             : age >= 45 ? kChronic45To64
                                         : kChronicUnder45;
      const bool alone = end - begin == 1 && age >= 65;
      const bool ill = Rng::ToUnit(flags[0]) < chronic;
      const bool pregnant = sex == ops::Sex::kFemale && age >= 20 && age <= 39 &&
                            Rng::ToUnit(flags[1]) < pregnant_chance;
      csv += grid + ',' + address.building + ',' + address.unit + ',' + address.room + ',' +
             DemoName(rng, DemoPurpose::kPerson, a, 0, sex) + ',' + std::string(ops::SexName(sex)) +
             ',' + birth + ',' + *id + ',' + phone + ',' + (alone ? '1' : '0') + ',' +
             (ill ? '1' : '0') + ',' + (pregnant ? '1' : '0') + '\n';
    }
  }
  return Status::Ok();
}

// Imports every resident, whole grids at a time, as `loader`.
Status StoreResidents(Services& s, const ops::AccessContext& loader, const sim::Population& pop,
                      const Rng& rng) {
  static constexpr std::string_view kHeader =
      "grid_code,building,unit,room,name,sex,birth_date,id_number,phone,elderly_alone,"
      "chronic_illness,pregnant\n";
  int64_t women_20_39 = 0;
  for (uint32_t a = 0; a < pop.size(); ++a) {
    if (pop.sex[a] == 0 && pop.age[a] >= 20 && pop.age[a] <= 39) ++women_20_39;
  }
  const double pregnant_chance =
      women_20_39 == 0 ? 0.0 : kPregnantShareOfResidents * pop.size() / women_20_39;
  IdNumbers ids(rng);
  std::string csv(kHeader);
  csv.reserve(kImportChunkRows * 120);
  std::size_t rows = 0;
  for (uint32_t g = 0; g < pop.grid_count(); ++g) {
    if (Status st = AppendGrid(pop, g, rng, pregnant_chance, ids, csv); !st) return st;
    rows += pop.grid_agent_start[g + 1] - pop.grid_agent_start[g];
    if (rows < kImportChunkRows && g + 1 < pop.grid_count()) continue;
    auto report = s.registry.ImportResidentsCsv(loader, csv, ops::ImportMode::kAllOrNothing);
    if (!report.ok()) return report.error();
    if (!report->rejected.empty()) return FirstRejected("residents", *report);
    csv.assign(kHeader);
    rows = 0;
  }
  return Status::Ok();
}

}  // namespace

std::vector<DemoLogin> DemoLogins() {
  std::vector<DemoLogin> out;
  for (const auto& u : kUsers) {
    out.push_back({u.username, kPassword, std::string(ops::RoleName(u.role)), u.scope});
  }
  return out;
}

Result<sim::Population> BuildDemoCity(const DemoOptions& options) {
  if (options.population < sim::kMinPopulation || options.population > kMaxDemoPopulation) {
    return InvalidArgument("population: must be " + std::to_string(sim::kMinPopulation) + " to " +
                           std::to_string(kMaxDemoPopulation) + " residents, got " +
                           std::to_string(options.population));
  }
  sim::Parameters params = sim::DefaultParameters();
  params.population = options.population;
  if (options.households_per_grid > 0) params.households_per_grid = options.households_per_grid;
  params.grids_per_community = kGridsPerCommunity;
  params.communities_per_street = kCommunitiesPerStreet;
  params.streets_per_district = kMinStreetsPerDistrict;
  auto pop = sim::BuildPopulation(params, Rng(options.seed), options.threads);
  if (!pop.ok()) return pop.error();
  if (pop->districts.size() > kWuhanDistricts) {
    const std::size_t streets = pop->streets.size();
    params.streets_per_district =
        static_cast<int>((streets + kWuhanDistricts - 1) / kWuhanDistricts);
    if (Status st = sim::BuildRegionTree(params, *pop); !st) return st.error();
  }
  if (std::to_string(pop->city_code) != kDemoCity || pop->grids.empty() ||
      pop->grids[0].code != kDemoGrid) {
    return Error{ErrorCode::kInternal,
                 "demo: the city is not Wuhan's tree starting at " + std::string(kDemoGrid)};
  }
  return pop;
}

Result<DemoSummary> CreateDemoData(Services& s, const DemoOptions& options) {
  auto start = std::chrono::steady_clock::now();
  auto pop = BuildDemoCity(options);
  if (!pop.ok()) return pop.error();
  DemoSummary summary;
  summary.residents = pop->size();
  summary.households = pop->households();
  summary.grids = pop->grid_count();
  summary.districts = static_cast<int64_t>(pop->districts.size());
  summary.build_seconds = Seconds(start);
  start = std::chrono::steady_clock::now();

  // Only an empty database, marked as the demo's before anything else is
  // written: `fangkong demo` reuses only databases that carry the mark.
  {
    auto tx = s.db.Begin();
    if (!tx) return tx.error();
    auto users = tx->QueryOne("SELECT COUNT(*) FROM users", {});
    if (!users) return users.error();
    if (users->Int(0) > 0) return Error{ErrorCode::kConflict, "demo: the database has users"};
    auto marked = tx->Exec("INSERT INTO settings (name, value) VALUES (?, ?)",
                           {std::string(kDemoSetting), std::string("1")});
    if (!marked) return marked.error();
    if (Status st = tx->Commit(); !st) return st.error();
  }
  // The demo's users are made the operator's way (no approvals): the demo
  // plays the operator who sets up a city, with one public password.
  std::vector<ops::User> users;
  for (const auto& u : kUsers) {
    auto created = s.users.CreateBySystem(
        {u.username, std::string("Demo ") + u.username, u.role, u.scope}, kPassword, false, "demo");
    if (!created.ok()) return created.error();
    users.push_back(*created);
  }
  const ops::User& admin = users[0];
  const ops::AccessContext ctx{admin.id, admin.role, admin.scope, "demo"};
  auto regions = s.regions.ImportCsv(ctx, RegionCsv(*pop), ops::ImportMode::kAllOrNothing);
  if (!regions.ok()) return regions.error();
  if (!regions->rejected.empty()) return FirstRejected("regions", *regions);
  if (Status st = StoreShapes(s, ctx, *pop, options.seed); !st) return st.error();
  int64_t grid_user = 0;
  for (const auto& u : users)
    if (u.role == ops::Role::kGridWorker) grid_user = u.id;
  const Rng rng(options.seed);
  if (Status st = SetStaff(s, ctx, *pop, rng, grid_user); !st) return st.error();
  // The registry is written by the setup itself, under the administrator's
  // id, with a registrar's rights over the city (administrators manage
  // regions and users but may not write the registry through the API).
  const ops::AccessContext loader{admin.id, ops::Role::kDistrictOfficer, kDemoCity, "demo"};
  if (Status st = StoreResidents(s, loader, *pop, rng); !st) return st.error();
  if (options.supply_days > 0) {
    // Depots and movements are set up by the command centre's rights.
    const ops::AccessContext keeper{admin.id, ops::Role::kCommandCentre, kDemoCity, "demo"};
    if (Status st = StoreSupplies(s, keeper, *pop, options.supply_days,
                                  static_cast<int64_t>(std::time(nullptr)));
        !st)
      return st.error();
  }
  if (options.notices) {
    const ops::AccessContext publisher{admin.id, ops::Role::kCommandCentre, kDemoCity, "demo"};
    if (Status st =
            StoreNotices(s, publisher, *pop, kDemoCity, static_cast<int64_t>(std::time(nullptr)));
        !st)
      return st.error();
  }
  if (options.volunteers) {
    const ops::AccessContext organiser{admin.id, ops::Role::kCommandCentre, kDemoCity, "demo"};
    if (Status st = StoreVolunteers(s, organiser, *pop, static_cast<int64_t>(std::time(nullptr)));
        !st)
      return st.error();
  }
  if (options.command) {
    if (Status st = StoreCommand(s, users, *pop, static_cast<int64_t>(std::time(nullptr))); !st)
      return st.error();
  }
  if (options.checkpoints) {
    if (Status st = StoreCheckpoints(s, users, *pop, static_cast<int64_t>(std::time(nullptr))); !st)
      return st.error();
  }
  summary.store_seconds = Seconds(start);
  if (options.outbreak) {
    start = std::chrono::steady_clock::now();
    auto outbreak =
        StoreOutbreak(s, users, *pop, options.seed, static_cast<int64_t>(std::time(nullptr)));
    if (!outbreak.ok()) return outbreak.error();
    summary.cases = outbreak->cases;
    summary.quarantine_orders = outbreak->quarantine_orders;
    summary.outbreak_seconds = Seconds(start);
  }
  return summary;
}

Result<DemoDatabase> ClassifyDemoDatabase(store::Database& db) {
  auto version = store::SchemaVersion(db);
  if (!version.ok()) return version.error();
  if (*version == 0) return DemoDatabase::kNew;
  if (*version < kFirstMarkedSchema) return DemoDatabase::kOther;
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx.ok()) return tx.error();
  auto mark = tx->Query("SELECT value FROM settings WHERE name = ?", {std::string(kDemoSetting)});
  if (!mark.ok()) return mark.error();
  return mark->empty() ? DemoDatabase::kOther : DemoDatabase::kDemo;
}

}  // namespace fk::api
