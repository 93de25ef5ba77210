// The demo data (api/demo): the synthetic city stored through the operations
// services on each backend, and the synthetic personal data it is made of.
#include <gtest/gtest.h>

#include <ctime>
#include <future>
#include <map>
#include <set>
#include <tuple>

#include "api/api_server.hpp"
#include "api/demo/demo_data.hpp"
#include "api/demo/demo_people.hpp"
#include "backends.hpp"
#include "common/dates.hpp"
#include "ops/csv.hpp"

namespace fk::api::test {
namespace {

// Age on kCensusDate of someone born on `birth` (YYYY-MM-DD).
int AgeAtCensus(const std::string& birth) {
  auto d = ParseDate(birth);
  EXPECT_TRUE(d.ok()) << birth;
  if (!d.ok()) return -1;
  const bool had_birthday = d->month < 11 || (d->month == 11 && d->day == 1);
  return 2020 - d->year - (had_birthday ? 0 : 1);
}

TEST(DemoPeopleTest, BirthDatesGiveTheAgeAtTheCensusAndSpreadOverTheYear) {
  const Rng rng(7);
  for (int age : {0, 1, 37, 64, 100}) {
    std::set<std::string> dates;
    for (uint32_t agent = 0; agent < 2000; ++agent) {
      const std::string birth = DemoBirthDate(rng, agent, age);
      ASSERT_EQ(AgeAtCensus(birth), age) << birth;
      dates.insert(birth);
    }
    EXPECT_GT(dates.size(), 300u) << "age " << age;  // 2000 draws over 365 days
  }
  EXPECT_EQ(DemoBirthDate(rng, 5, 30), DemoBirthDate(Rng(7), 5, 30));
  EXPECT_NE(DemoBirthDate(rng, 5, 30), DemoBirthDate(Rng(8), 5, 30));
}

TEST(DemoPeopleTest, HouseholdAddressesAreDistinct) {
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  for (uint32_t i = 0; i < 5000; ++i) {
    const DemoAddress a = DemoHouseholdAddress(i);
    EXPECT_TRUE(seen.emplace(a.building, a.unit, a.room).second) << i;
  }
  const DemoAddress first = DemoHouseholdAddress(0);
  EXPECT_EQ(first.building + "-" + first.unit + "-" + first.room, "1-1-101");
}

TEST(DemoPeopleTest, IdNumbersAreValidDistinctAndRunOutAfter500) {
  const Rng rng(3);
  IdNumbers ids(rng);
  std::set<std::string> seen;
  for (uint32_t agent = 0; agent < 500; ++agent) {
    const ops::Sex sex = ops::Sex::kFemale;
    auto id = ids.Next(agent, "420102", "1990-02-28", sex);
    ASSERT_TRUE(id.ok()) << id.error().message;
    EXPECT_TRUE(ops::CheckResidentId(*id, "1990-02-28", sex).ok()) << *id;
    EXPECT_EQ(id->substr(0, 14), "42010219900228");
    EXPECT_TRUE(seen.insert(*id).second) << *id;
  }
  auto men = ids.Next(500, "420102", "1990-02-28", ops::Sex::kMale);
  ASSERT_TRUE(men.ok());
  EXPECT_TRUE(ops::CheckResidentId(*men, "1990-02-28", ops::Sex::kMale).ok()) << *men;
  auto full = ids.Next(501, "420102", "1990-02-28", ops::Sex::kFemale);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(full.error().message,
            "id_number: more than 500 female residents born on 1990-02-28 in 420102");
}

TEST(DemoPeopleTest, NamesAreChineseAndDeterministic) {
  const Rng rng(11);
  std::set<std::string> names;
  for (uint32_t agent = 0; agent < 1000; ++agent) {
    const std::string name = DemoName(rng, DemoPurpose::kPerson, agent, 0, ops::Sex::kMale);
    EXPECT_TRUE(name.size() == 6 || name.size() == 9) << name;  // 2 or 3 CJK characters
    names.insert(name);
  }
  EXPECT_GT(names.size(), 500u);
  EXPECT_EQ(DemoName(rng, DemoPurpose::kPerson, 4, 0, ops::Sex::kFemale),
            DemoName(Rng(11), DemoPurpose::kPerson, 4, 0, ops::Sex::kFemale));
  const std::string phone = DemoPhone(rng, DemoPurpose::kPerson, 4, 2);
  EXPECT_EQ(phone.size(), 11u);
  EXPECT_EQ(phone[0], '1');
}

TEST(DemoCityTest, RefusesAPopulationOutOfRange) {
  DemoOptions options;
  options.population = 999;
  auto city = BuildDemoCity(options);
  ASSERT_FALSE(city.ok());
  EXPECT_EQ(city.error().message, "population: must be 1000 to 1000000 residents, got 999");
}

TEST(DemoCityTest, KeepsSeveralDistrictsAndAtMostWuhansThirteen) {
  DemoOptions options;
  auto city = BuildDemoCity(options);
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(city->size(), 20'000u);
  EXPECT_EQ(city->districts.size(), 3u);
  EXPECT_EQ(city->districts[0].name, "江岸区");
  options.population = 200'000;
  city = BuildDemoCity(options);
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_LE(city->districts.size(), 13u);  // 55 streets, 5 a district: 11 districts
  EXPECT_GT(city->districts.size(), 3u);
}

class DemoDataTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<fk::testing::TestDb>(GetParam());
    ASSERT_TRUE(test_db_->ok()) << "database backend unavailable";
    ApiServerOptions options;
    options.db_url = test_db_->url();
    options.users.ops_limit = 1;     // crypto_pwhash_OPSLIMIT_MIN: fast tests
    options.users.mem_limit = 8192;  // crypto_pwhash_MEMLIMIT_MIN
    auto server = ApiServer::Open(options);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
    options_.population = 3'000;
    options_.households_per_grid = 30;
    options_.seed = 5;
    auto city = BuildDemoCity(options_);
    ASSERT_TRUE(city.ok()) << city.error().message;
    city_ = std::move(*city);
    auto created = CreateDemoData(services(), options_);
    ASSERT_TRUE(created.ok()) << created.error().message;
    summary_ = *created;
  }

  Services& services() { return server_->services(); }

  ops::AccessContext As(const std::string& username) {
    std::promise<ops::Checked<ops::LoginResult>> done;
    services().users.Login(username, "fangkong-demo", "test",
                           [&done](ops::Checked<ops::LoginResult> r) { done.set_value(r); });
    auto login = done.get_future().get().result;
    EXPECT_TRUE(login.ok()) << username;
    auto ctx = services().users.Authenticate(login->token, "test");
    EXPECT_TRUE(ctx.ok());
    return *ctx;
  }

  // The rows of the unmasked export of `region`, as header name -> value.
  std::vector<std::map<std::string, std::string>> Export(const std::string& region) {
    auto csv = services().registry.ExportResidentsCsv(As("command"), region, true);
    EXPECT_TRUE(csv.ok()) << csv.error().message;
    std::vector<std::map<std::string, std::string>> rows;
    ops::CsvReader reader(*csv);
    std::vector<std::string> header, fields;
    int64_t line = 0;
    EXPECT_TRUE(*reader.Next(header, line));
    while (*reader.Next(fields, line)) {
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields.at(i);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::unique_ptr<fk::testing::TestDb> test_db_;
  std::unique_ptr<ApiServer> server_;
  DemoOptions options_;
  sim::Population city_;
  DemoSummary summary_;
};

TEST_P(DemoDataTest, RegionTreeHasThePopulationsCodesAndNames) {
  EXPECT_EQ(summary_.grids, city_.grid_count());
  EXPECT_GE(city_.districts.size(), 2u);  // the compact tree: several districts
  std::size_t regions = 2;                // province and city
  auto province = services().regions.Get(kDemoProvince);
  ASSERT_TRUE(province.ok());
  EXPECT_EQ(province->name, "湖北省");
  auto city = services().regions.Get(kDemoCity);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->name, "武汉市");
  EXPECT_EQ(city->parent_code, kDemoProvince);
  for (const auto* level : {&city_.districts, &city_.streets, &city_.communities, &city_.grids}) {
    for (const auto& r : *level) {
      auto stored = services().regions.Get(r.code);
      ASSERT_TRUE(stored.ok()) << r.code;
      EXPECT_EQ(stored->name, r.name);
      ++regions;
    }
  }
  auto all = services().regions.Subtree(kDemoProvince);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), regions);
  auto staff = services().regions.GridStaff(city_.grids.back().code);
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(staff->size(), 3u);
}

TEST_P(DemoDataTest, EveryAgentIsAResidentWithAValidIdNumber) {
  const auto rows = Export(kDemoCity);
  ASSERT_EQ(static_cast<int64_t>(rows.size()), options_.population);
  EXPECT_EQ(summary_.residents, options_.population);
  // Per grid, the (age, sex) multiset of the residents is the agents'.
  std::map<std::string, std::multiset<std::pair<int, std::string>>> stored, agents;
  std::set<std::string> ids;
  std::map<std::string, std::set<std::string>> grid_addresses;
  int64_t elderly_alone = 0;
  for (const auto& row : rows) {
    const std::string& id = row.at("id_number");
    const ops::Sex sex = row.at("sex") == "male" ? ops::Sex::kMale : ops::Sex::kFemale;
    EXPECT_TRUE(ops::CheckResidentId(id, row.at("birth_date"), sex).ok()) << id;
    EXPECT_EQ(id.substr(0, 6), row.at("grid_code").substr(0, 6)) << id;
    EXPECT_TRUE(ids.insert(id).second) << id;
    EXPECT_EQ(row.at("phone").size(), 11u);
    stored[row.at("grid_code")].emplace(AgeAtCensus(row.at("birth_date")), row.at("sex"));
    grid_addresses[row.at("grid_code")].insert(row.at("building") + "-" + row.at("unit") + "-" +
                                               row.at("room"));
    elderly_alone += row.at("elderly_alone") == "1";
  }
  int64_t alone_agents = 0;
  for (uint32_t g = 0; g < city_.grid_count(); ++g) {
    for (uint32_t a = city_.grid_agent_start[g]; a < city_.grid_agent_start[g + 1]; ++a) {
      agents[city_.grids[g].code].emplace(city_.age[a], city_.sex[a] == 1 ? "male" : "female");
    }
    const uint32_t households = city_.grid_household_start[g + 1] - city_.grid_household_start[g];
    EXPECT_EQ(grid_addresses[city_.grids[g].code].size(), households) << city_.grids[g].code;
  }
  for (uint32_t h = 0; h < city_.households(); ++h) {
    const uint32_t a = city_.household_start[h];
    alone_agents += city_.household_start[h + 1] - a == 1 && city_.age[a] >= 65;
  }
  EXPECT_EQ(stored, agents);
  EXPECT_EQ(elderly_alone, alone_agents);
  EXPECT_GT(elderly_alone, 0);
}

TEST_P(DemoDataTest, GridWorkerSeesTheResidentsOfTheirGridOnly) {
  const ops::AccessContext grid = As("grid");
  ASSERT_EQ(grid.scope, kDemoGrid);
  const int64_t expected = city_.grid_agent_start[1] - city_.grid_agent_start[0];
  ASSERT_GT(expected, 0);
  int64_t seen = 0;
  ops::ResidentQuery query;
  query.limit = ops::kMaxPageSize;
  while (true) {
    auto page = services().registry.Search(grid, query);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const auto& r : page->items) EXPECT_EQ(r.grid_code, kDemoGrid);
    seen += static_cast<int64_t>(page->items.size());
    if (!page->next_cursor) break;
    query.after_id = *page->next_cursor;
  }
  EXPECT_EQ(seen, expected);
  query = {};
  query.region_code = kDemoOtherGrid;
  auto other = services().registry.Search(grid, query);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(Export(kDemoOtherGrid).empty(), false);  // it has residents, just not theirs
}

// Depots in every district and community, a month of movements, days left
// for the city with some warnings, and every depot's stock is its ledger.
TEST_P(DemoDataTest, SuppliesHaveDepotsAMonthOfMovementsAndWarnings) {
  auto report = services().supplies.DaysLeftOf(As("command"), kDemoCity, 7);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->depots.size(), 2 * city_.districts.size() + city_.communities.size());
  EXPECT_GT(report->warnings, 0);
  EXPECT_EQ(report->regions.size(), 1 + city_.districts.size());
  auto lease = services().db.Acquire();
  ASSERT_TRUE(lease.ok());
  auto mismatched = (*lease)->Query(
      "SELECT COUNT(*) FROM supply_stock s WHERE s.quantity <> "
      "(SELECT COALESCE(SUM(quantity), 0) FROM supply_movements WHERE to_depot_id = s.depot_id "
      "AND item = s.item) - (SELECT COALESCE(SUM(quantity), 0) FROM supply_movements WHERE "
      "from_depot_id = s.depot_id AND item = s.item)");
  ASSERT_TRUE(mismatched.ok()) << mismatched.error().message;
  EXPECT_EQ(mismatched->at(0).Int(0), 0);
  auto days = (*lease)->Query(
      "SELECT COUNT(DISTINCT (at - (at % 86400))) FROM supply_movements WHERE kind = "
      "'consumption'");
  ASSERT_TRUE(days.ok());
  EXPECT_EQ(days->at(0).Int(0), options_.supply_days);
}

// Every community's open page shows the city's pinned notice first, its
// district's and its own.
TEST_P(DemoDataTest, EveryCommunityHasNoticesPinnedFirst) {
  for (const auto& c : city_.communities) {
    auto page = services().notices.ForCommunity(c.code);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ASSERT_EQ(page->notices.size(), 3u) << c.code;
    EXPECT_TRUE(page->notices[0].pinned);
    EXPECT_EQ(page->notices[0].region_code, kDemoCity);
    EXPECT_EQ(page->notices[1].region_code, c.code);  // then newest first: published last
    EXPECT_EQ(page->notices[2].region_code, c.code.substr(0, 6));
  }
}

// Every community has its team of volunteers with a leader and two posts
// with someone on duty now; the demo's shifts keep the rest rules (each was
// added through DutyService, which refuses any that breaks one).
TEST_P(DemoDataTest, EveryCommunityHasVolunteersATeamAndSomeoneOnDutyNow) {
  const ops::AccessContext command = As("command");
  auto teams = services().volunteers.Teams(command, 0, ops::kMaxPageSize);
  ASSERT_TRUE(teams.ok()) << teams.error().message;
  ASSERT_EQ(teams->items.size(), city_.communities.size());
  for (const auto& t : teams->items) {
    EXPECT_TRUE(t.leader_id) << t.name;
    EXPECT_EQ(t.members, 6) << t.name;
  }
  auto posts = services().duty.Posts(command, 0, ops::kMaxPageSize);
  ASSERT_TRUE(posts.ok()) << posts.error().message;
  ASSERT_EQ(posts->items.size(), 2 * city_.communities.size());
  for (const auto& p : posts->items) EXPECT_EQ(p.on_duty, 1) << p.name;
  auto on = services().duty.OnDuty(As("grid"));
  ASSERT_TRUE(on.ok()) << on.error().message;
  EXPECT_FALSE(on->empty());
  auto volunteers = services().volunteers.List(As("community"), std::nullopt, 0, 50);
  ASSERT_TRUE(volunteers.ok()) << volunteers.error().message;
  ASSERT_EQ(volunteers->items.size(), 6u);
  for (const auto& v : volunteers->items) EXPECT_GE(v.minutes_worked, 8 * 60) << v.name;
}

// Every command page has content: directives completed on time, late and
// overdue (escalated), daily reports with some grids missing, a
// supervision round with re-visits recorded, disagreements and corrections.
TEST_P(DemoDataTest, TheChainOfCommandHasDirectivesReportsAndASupervisionRound) {
  const ops::AccessContext command = As("command");
  auto list = services().directives.List(command, 0, 50);
  ASSERT_TRUE(list.ok()) << list.error().message;
  int64_t completed = 0, late = 0, overdue = 0, corrections = 0;
  for (const auto& d : list->items) {
    corrections += d.directive.measure == ops::Measure::kCorrection;
    auto view = services().directives.View(command, d.directive.id);
    ASSERT_TRUE(view.ok()) << view.error().message;
    for (const auto& level : view->levels) {
      completed += level.completed;
      late += level.completed_late;
      overdue += level.overdue;
    }
  }
  EXPECT_GT(completed, 0);
  EXPECT_GT(late, 0);
  EXPECT_GT(overdue, 0);
  EXPECT_GT(corrections, 0);
  const std::time_t yesterday = std::time(nullptr) - 86400;
  std::tm tm{};
  gmtime_r(&yesterday, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  auto rollup = services().reports.Rollup(command, kDemoCity, day);
  ASSERT_TRUE(rollup.ok()) << rollup.error().message;
  EXPECT_GT(rollup->total.submitted, 0);
  EXPECT_GT(rollup->total.missing, 0);
  EXPECT_EQ(rollup->total.submitted + rollup->total.missing, rollup->total.grids);
  auto lease = services().db.Acquire();
  ASSERT_TRUE(lease.ok());
  auto revisits = (*lease)->Query(
      "SELECT COUNT(*), SUM(CASE WHEN disagreements > 0 THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN revisited_at IS NULL THEN 1 ELSE 0 END) FROM revisits");
  ASSERT_TRUE(revisits.ok());
  EXPECT_GT(revisits->at(0).Int(0), 0);
  EXPECT_GT(revisits->at(0).Int(1), 0);  // findings
  EXPECT_GT(revisits->at(0).Int(2), 0);  // the volunteer's still to do
}

// The checkpoints page has content: gates and a traffic checkpoint the
// first grid's worker guards, a day of passages, and one open alert: the
// first grid's resident under home quarantine who went out.
TEST_P(DemoDataTest, CheckpointsHaveADayOfPassagesAndOneQuarantineAlert) {
  const ops::AccessContext grid = As("grid");
  auto list = services().checkpoints.List(grid, 0, 50);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->items.size(), 2u);  // their community's gate, their district's road
  EXPECT_EQ(list->items[0].kind, "gate");
  EXPECT_EQ(list->items[0].region_code, std::string(kDemoGrid).substr(0, 12));
  EXPECT_EQ(list->items[1].kind, "traffic");
  const int64_t now = std::time(nullptr);
  auto log = services().checkpoints.Passages(grid, list->items[0].id, 0, 100);
  ASSERT_TRUE(log.ok()) << log.error().message;
  EXPECT_GE(log->items.size(), 20u);
  for (const auto& p : log->items) {
    EXPECT_GT(p.at, now - 86400 - 60);
    EXPECT_LE(p.at, now);
  }
  auto alerts = services().checkpoints.Alerts(grid, true, 0, 50);
  ASSERT_TRUE(alerts.ok()) << alerts.error().message;
  ASSERT_EQ(alerts->items.size(), 1u);
  EXPECT_EQ(alerts->items[0].kind, "quarantine");
  EXPECT_EQ(alerts->items[0].grid_code, kDemoGrid);
  EXPECT_EQ(alerts->items[0].checkpoint_id, list->items[0].id);
  int held = 0;
  for (const auto& p : log->items) {
    if (p.id != alerts->items[0].passage_id) continue;
    ++held;
    EXPECT_EQ(p.result, "held");
    EXPECT_EQ(p.resident_id, alerts->items[0].resident_id);
  }
  EXPECT_EQ(held, 1);
  // The held resident is under an active order (the outbreak's orders are there too).
  int of_held = 0;
  for (std::optional<int64_t> after = 0; after;) {
    auto orders = services().quarantine.List(As("community"), {"", "active", false, {}}, *after,
                                             ops::kMaxPageSize);
    ASSERT_TRUE(orders.ok()) << orders.error().message;
    for (const auto& o : orders->items) of_held += o.resident_id == alerts->items[0].resident_id;
    after = orders->next_cursor;
  }
  EXPECT_EQ(of_held, 1);
}

TEST_P(DemoDataTest, CreatingTwiceReusesTheData) {
  auto again = CreateDemoData(services(), options_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(static_cast<int64_t>(Export(kDemoCity).size()), options_.population);
}

INSTANTIATE_TEST_SUITE_P(Backends, DemoDataTest, fk::testing::AllDialects(),
                         fk::testing::DialectName);

}  // namespace
}  // namespace fk::api::test
