#include "api/demo/demo_outbreak.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_set>

#include "api/demo/demo_people.hpp"
#include "common/dates.hpp"
#include "common/rng.hpp"
#include "forecast/rt/serial_interval.hpp"
#include "ops/cases/cases.hpp"
#include "ops/contacts/contacts.hpp"
#include "ops/facilities/admissions.hpp"
#include "ops/facilities/facilities.hpp"
#include "ops/quarantine/quarantine.hpp"

namespace fk::api {
namespace {

constexpr int64_t kDay = 86400;
// The curve: a renewal process over onset days, I(t) = R(t) sum_s I(t-s)
// w(s), with the serial interval 7.5 ± 3.4 d of Li et al. (NEJM 2020;
// shared/reference/epi-parameters.md 1.1, forecast/rt/serial_interval.hpp),
// R 2.2 before the measures (Li et al., R0 of Wuhan to 4 Jan 2020, 1.7) and
// 0.6 after them (an assumption: Wuhan's Rt fell well below 1 once contacts
// fell 7- to 8-fold, 3.3), seeded by one imported onset a day for the first
// days. The measures start kMeasuresDay days into the kOutbreakDays and
// take kMeasuresRamp days to take full effect (R falls linearly).
constexpr double kR0 = 2.2, kRMeasures = 0.6;
constexpr int kMeasuresDay = 22, kMeasuresRamp = 6, kImportDays = 5;
// Cases by onset over the kOutbreakDays: 1 % of the first kFullRateResidents
// residents and 0.25 % of the rest, at least kMinCases (assumptions for a
// demo; Wuhan confirmed 0.45 % of its people in 2020, wuhan-2020.md): a
// large city's demo gets more cases, not proportionally more time to write
// them. Before the reporting delay: the last days' onsets not yet reported
// are left out, as they would be.
constexpr double kAttackRate = 0.01, kAttackRateBeyond = 0.0025;
constexpr int64_t kFullRateResidents = 20'000, kMinCases = 40;
// Severity of confirmed cases in China to 11 Feb 2020 (China CDC; epi-parameters.md
// 1.5): mild 81 %, severe 14 %, critical 5 %; 49 % of the critical died.
constexpr double kSevereShare = 0.14, kCriticalShare = 0.05, kCriticalFatality = 0.49;
// Onset to report: 2..7 days, uniform (mean 4.5), close to the mean onset to
// isolation of 4.6 d in Shenzhen (Bi et al., epi-parameters.md 1.6).
constexpr int kMinDelay = 2, kDelayValues = 6;
// Onset to outcome, ± 3 days: recovery 21 d (Shenzhen median, Bi et al.),
// discharge of a severe or critical case 23 d (Verity et al. 22.6 d), death
// 18 d (Verity et al. 17.8 d; epi-parameters.md 1.4 and 1.6).
constexpr int kRecoveryDays = 21, kHospitalRecoveryDays = 23, kDeathDays = 18, kOutcomeSpread = 3;
// Contacts of a case: its household (at most kHouseholdContacts) and 0 to
// kOtherContacts other of its grid, quarantined at the district's site.
constexpr int kHouseholdContacts = 3, kOtherContacts = 1;
// The share of active orders' past days without a check (missed), and of
// today's checks not yet made.
constexpr double kMissedCheck = 0.05, kNotYetToday = 0.3;
// Beds of a district's facilities, by its residents (assumptions sized to
// hold the demo's open cases with room to spare).
constexpr int64_t kResidentsPerGeneralBed = 400, kResidentsPerIcuBed = 1500,
                  kResidentsPerQuarantineRoom = 150;
constexpr const char* kLab = "武汉市疾病预防控制中心";

// The draw slots of an entity (a case's number, or a day's).
enum Slot : uint32_t {
  kNoise,
  kDistrict,
  kGrid,
  kPerson,
  kSeverity,
  kDelay,
  kOutcomeTime,
  kDeath,
  kOthers,
  kOtherPick,  // + the other contact's number
};
constexpr uint32_t kDayEntity = 0x80000000u;    // entity of an onset day's noise
constexpr uint32_t kOrderEntity = 0x40000000u;  // + order number: its checks (index = day)

struct Draws {
  Rng rng;
  double U(uint32_t entity, uint32_t index) const {
    return Rng::ToUnit(rng.Draw(Stream::kPopulation, static_cast<uint32_t>(DemoPurpose::kOutbreak),
                                entity, index)[0]);
  }
};

std::string DayText(int64_t day) { return AddDays(Date{1970, 1, 1}, static_cast<int>(day)); }

// Cases by onset day (0 .. kOutbreakDays-1), about `total` in all.
Result<std::vector<int64_t>> CasesByOnset(const Draws& d, int64_t total) {
  auto w = forecast::DiscretiseSerialInterval(forecast::kSerialIntervalMean,
                                              forecast::kSerialIntervalSd);
  if (!w) return w.error();
  std::vector<double> incidence(kOutbreakDays, 0.0);
  double sum = 0;
  for (int t = 0; t < kOutbreakDays; ++t) {
    double pressure = 0;
    for (int s = 1; s < static_cast<int>(w->size()) && s <= t; ++s)
      pressure += incidence[t - s] * (*w)[s];
    const double effect =
        std::clamp(static_cast<double>(t - kMeasuresDay) / kMeasuresRamp, 0.0, 1.0);
    const double r = kR0 + (kRMeasures - kR0) * effect;
    incidence[t] = (t < kImportDays ? 1.0 : 0.0) + r * pressure;
    sum += incidence[t];
  }
  std::vector<int64_t> out(kOutbreakDays, 0);
  double carry = 0;
  for (int t = 0; t < kOutbreakDays; ++t) {
    const double x = incidence[t] * static_cast<double>(total) / sum *
                         (0.8 + 0.4 * d.U(kDayEntity + t, kNoise)) +
                     carry;
    out[t] = static_cast<int64_t>(std::floor(x));
    carry = x - static_cast<double>(out[t]);
  }
  return out;
}

// Index of the weight `u` (in [0, 1)) falls in, over cumulative weights.
size_t Pick(const std::vector<double>& cumulative, double u) {
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back());
  return std::min<size_t>(it - cumulative.begin(), cumulative.size() - 1);
}

struct Person {
  int64_t id = 0, household = 0;
};

struct District {
  std::string code, name;
  std::vector<std::string> grids;
  std::vector<double> grid_weights;  // cumulative
  int64_t residents = 0;
  int64_t hospital = 0, site = 0;
  int rooms = 0;  // site rooms handed out
};

// The city as the outbreak needs it: residents by grid from the registry,
// districts with their grids weighted (the first street of each district
// three times the others: some streets are hit harder).
struct City {
  std::map<std::string, std::vector<Person>> people;  // by grid
  std::vector<District> districts;
  std::vector<double> district_weights;  // cumulative
};

Result<City> LoadCity(store::Database& db, const sim::Population& pop) {
  City city;
  {
    auto tx = db.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    Status read = tx->ForEachRow(
        "SELECT id, grid_code, household_id FROM residents ORDER BY grid_code, household_id, id",
        {}, [&](const store::RowView& r) {
          city.people[std::string(r.Text(1))].push_back({r.Int(0), r.Int(2)});
          return true;
        });
    if (!read) return read.error();
  }
  double total = 0;
  for (size_t i = 0; i < pop.districts.size(); ++i) {
    District d{pop.districts[i].code, pop.districts[i].name, {}, {}, 0, 0, 0, 0};
    std::string first_street;
    double sum = 0;
    for (const auto& g : pop.grids) {
      if (g.code.compare(0, d.code.size(), d.code) != 0) continue;
      if (first_street.empty()) first_street = g.code.substr(0, 9);
      d.grids.push_back(g.code);
      sum += g.code.compare(0, 9, first_street) == 0 ? 3.0 : 1.0;
      d.grid_weights.push_back(sum);
      d.residents += static_cast<int64_t>(city.people[g.code].size());
    }
    if (d.grids.empty()) continue;
    // More cases in the first districts: 4, 2.5, 1.5, then 1 each.
    total += i == 0 ? 4.0 : i == 1 ? 2.5 : i == 2 ? 1.5 : 1.0;
    city.district_weights.push_back(total);
    city.districts.push_back(std::move(d));
  }
  if (city.districts.empty()) return Error{ErrorCode::kInternal, "demo outbreak: no grids"};
  return city;
}

// A designated hospital (general and ICU beds) and a quarantine site in
// every district; the demo's medical account works at the first hospital.
Status StoreFacilities(Services& s, const ops::AccessContext& ctx, City& city, int64_t medical_user,
                       const std::string& medical_scope) {
  for (auto& d : city.districts) {
    auto hospital = s.facilities.Create(
        ctx, {d.name + "定点医院", "designated_hospital", d.code, d.name + "医院路 1 号"});
    if (!hospital) return hospital.error();
    const int64_t general = 10 + d.residents / kResidentsPerGeneralBed;
    const int64_t icu = 4 + d.residents / kResidentsPerIcuBed;
    if (auto b = s.facilities.SetBeds(ctx, hospital->id, "general", general, general); !b)
      return b.error();
    if (auto b = s.facilities.SetBeds(ctx, hospital->id, "icu", icu, icu); !b) return b.error();
    d.hospital = hospital->id;
    if (d.code == medical_scope && medical_user != 0) {
      if (Status st = s.facilities.SetStaff(ctx, d.hospital, {medical_user}); !st) return st;
    }
    auto site = s.facilities.Create(
        ctx, {d.name + "集中隔离点", "quarantine_site", d.code, d.name + "隔离酒店"});
    if (!site) return site.error();
    const int64_t rooms = 10 + d.residents / kResidentsPerQuarantineRoom;
    if (auto b = s.facilities.SetBeds(ctx, site->id, "quarantine_room", rooms, rooms); !b)
      return b.error();
    d.site = site->id;
  }
  return Status::Ok();
}

class Outbreak {
 public:
  Outbreak(Services& s, const std::vector<ops::User>& users, uint64_t seed, int64_t now)
      : s_(s), draws_{Rng(seed)}, now_(now), today_(now / kDay) {
    const int64_t admin = users.front().id;
    // The setup acts with the rights of the officers who would have: a
    // district officer's over the city (cases, contacts, beds, orders), a
    // community officer's for the daily checks.
    officer_ = {admin, ops::Role::kDistrictOfficer, kCity, "demo"};
    checker_ = {admin, ops::Role::kCommunityOfficer, kCity, "demo"};
  }

  Status Run(const sim::Population& pop, const std::vector<ops::User>& users,
             OutbreakSummary& out) {
    auto city = LoadCity(s_.db, pop);
    if (!city) return city.error();
    city_ = std::move(*city);
    int64_t medical = 0;
    std::string medical_scope;
    for (const auto& u : users) {
      if (u.role == ops::Role::kMedicalStaff) {
        medical = u.id;
        medical_scope = u.scope;
      }
    }
    if (Status st = StoreFacilities(s_, officer_, city_, medical, medical_scope); !st) return st;
    int64_t residents = 0;
    for (const auto& [grid, people] : city_.people)
      residents += static_cast<int64_t>(people.size());
    const double expected =
        kAttackRate * static_cast<double>(std::min(residents, kFullRateResidents)) +
        kAttackRateBeyond *
            static_cast<double>(std::max<int64_t>(0, residents - kFullRateResidents));
    const int64_t total = std::max(kMinCases, static_cast<int64_t>(std::llround(expected)));
    auto by_onset = CasesByOnset(draws_, total);
    if (!by_onset) return by_onset.error();
    // The cases (onset, report day), in report order: each is written as
    // it would have happened, its contacts and outcome with it.
    struct Planned {
      int64_t onset, report;
      uint32_t number;
    };
    std::vector<Planned> planned;
    uint32_t number = 0;
    for (int t = 0; t < kOutbreakDays; ++t) {
      for (int64_t i = 0; i < (*by_onset)[t]; ++i, ++number) {
        const int64_t onset = today_ - kOutbreakDays + t;
        const int64_t report =
            onset + kMinDelay + static_cast<int64_t>(draws_.U(number, kDelay) * kDelayValues);
        if (report <= today_) planned.push_back({onset, report, number});
      }
    }
    std::stable_sort(planned.begin(), planned.end(),
                     [](const Planned& a, const Planned& b) { return a.report < b.report; });
    for (const auto& p : planned) {
      if (Status st = OneCase(p.number, p.onset, p.report, out); !st) return st;
    }
    return Status::Ok();
  }

 private:
  static constexpr const char* kCity = "420100";

  // The clock of something done on `day`: the morning, or now for today.
  ops::Clock On(int64_t day) const {
    const int64_t t = std::min(day * kDay + 10 * 3600, now_);
    return [t] { return t; };
  }

  // An unlisted resident of grid `grid`, from the draw `u`; 0 when none is left.
  int64_t Unused(const std::string& grid, double u, int64_t* household = nullptr) {
    const auto& people = city_.people[grid];
    if (people.empty()) return 0;
    const size_t start = static_cast<size_t>(u * static_cast<double>(people.size()));
    for (size_t k = 0; k < people.size(); ++k) {
      const Person& p = people[(start + k) % people.size()];
      if (used_.count(p.id)) continue;
      used_.insert(p.id);
      if (household) *household = p.household;
      return p.id;
    }
    return 0;
  }

  Status OneCase(uint32_t n, int64_t onset, int64_t report, OutbreakSummary& out) {
    District& d = city_.districts[Pick(city_.district_weights, draws_.U(n, kDistrict))];
    // The grid drawn, else the next with someone left.
    std::string grid;
    int64_t resident = 0, household = 0;
    const size_t first = Pick(d.grid_weights, draws_.U(n, kGrid));
    for (size_t k = 0; k < d.grids.size() && resident == 0; ++k) {
      grid = d.grids[(first + k) % d.grids.size()];
      resident = Unused(grid, draws_.U(n, kPerson), &household);
    }
    if (resident == 0) return Status::Ok();  // everyone of the district is listed already
    const double roll = draws_.U(n, kSeverity);
    const ops::Severity severity = roll < kCriticalShare                  ? ops::Severity::kCritical
                                   : roll < kCriticalShare + kSevereShare ? ops::Severity::kSevere
                                                                          : ops::Severity::kMild;
    // The report: the positive test of that day, and the confirmed case.
    ops::CaseService cases(s_.db, s_.audit_writer, On(report));
    auto test = cases.RecordTest(officer_, {resident, ops::TestKind::kNucleicAcid, DayText(report),
                                            ops::TestResult::kPositive, kLab});
    if (!test) return test.error();
    ops::NewCase in;
    in.resident_id = resident;
    in.status = ops::CaseStatus::kConfirmed;
    in.severity = severity;
    in.onset_date = DayText(onset);
    in.report_date = DayText(report);
    in.test_id = test->id;
    auto reported = cases.Report(officer_, in);
    if (!reported) return reported.error();
    const int64_t case_id = reported->id;
    ++out.cases;
    // Severe and critical cases are admitted that day, to their district's
    // hospital, else the first with a free bed.
    int64_t hospital = 0, admission = 0;
    if (severity != ops::Severity::kMild) {
      ops::AdmissionService admissions(s_.db, On(report));
      const std::string bed = severity == ops::Severity::kCritical ? "icu" : "general";
      std::vector<int64_t> order{d.hospital};
      for (const auto& other : city_.districts)
        if (other.hospital != d.hospital) order.push_back(other.hospital);
      for (int64_t h : order) {
        auto a = admissions.Admit(
            officer_, h,
            {resident, bed, std::string(ops::SeverityName(severity)), case_id, DayText(report)});
        if (a) {
          hospital = h;
          admission = a->id;
          ++out.admissions;
          break;
        }
        if (a.error().code != ErrorCode::kResourceExhausted) return a.error();
      }
    }
    if (Status st = Contacts(n, d, grid, household, case_id, onset, report, out); !st) return st;
    return Outcome(n, resident, case_id, severity, onset, report, hospital, admission, out);
  }

  // The household (listed the day of the report, exposed until the day
  // before) and a few others of the grid (exposed between onset and report).
  Status Contacts(uint32_t n, District& d, const std::string& grid, int64_t household,
                  int64_t case_id, int64_t onset, int64_t report, OutbreakSummary& out) {
    ops::ContactService contacts(s_.db, s_.audit_writer, On(report));
    int listed = 0;
    for (const Person& p : city_.people[grid]) {
      if (p.household != household || listed == kHouseholdContacts || used_.count(p.id)) continue;
      used_.insert(p.id);
      ++listed;
      if (Status st = OneContact(contacts, d, case_id, p.id, ops::ExposureSetting::kHousehold,
                                 report - 1, report, false, out);
          !st)
        return st;
    }
    const int others = static_cast<int>(draws_.U(n, kOthers) * (kOtherContacts + 1));
    for (int k = 0; k < others; ++k) {
      const int64_t who = Unused(grid, draws_.U(n, kOtherPick + k));
      if (who == 0) break;
      const int64_t exposed =
          onset + static_cast<int64_t>(draws_.U(n, kOtherPick + kOtherContacts + k) *
                                       static_cast<double>(report - onset));
      const auto setting =
          k % 2 == 0 ? ops::ExposureSetting::kWorkplace : ops::ExposureSetting::kPublicPlace;
      if (Status st = OneContact(contacts, d, case_id, who, setting, exposed, report, true, out);
          !st)
        return st;
    }
    return Status::Ok();
  }

  // Lists the contact and quarantines them from the day of the report: daily
  // checks up to today, released with a negative test once the 14 days are over.
  Status OneContact(ops::ContactService& contacts, District& d, int64_t case_id, int64_t resident,
                    ops::ExposureSetting setting, int64_t exposed, int64_t report, bool at_site,
                    OutbreakSummary& out) {
    ops::ContactInput c;
    c.resident_id = resident;
    c.setting = setting;
    c.last_exposure_date = DayText(exposed);
    auto contact = contacts.AddContact(officer_, case_id, c);
    if (!contact) return contact.error();
    ++out.contacts;
    ops::QuarantineService ordering(s_.db, On(report));
    ops::QuarantineInput q;
    q.resident_id = resident;
    q.place = "home";
    q.last_exposure = DayText(exposed);
    q.contact_id = contact->id;
    auto order = Result<ops::QuarantineOrder>(Error{});
    if (at_site) {
      ops::QuarantineInput site = q;
      site.place = "site";
      site.facility_id = d.site;
      site.room = std::to_string(101 + d.rooms++);
      order = ordering.Create(officer_, site);
    }
    if (!at_site || (!order && order.error().code == ErrorCode::kConflict))
      order = ordering.Create(officer_, q);  // at home when the site is full
    if (!order) return order.error();
    ++out.quarantine_orders;
    const uint32_t entity = kOrderEntity + static_cast<uint32_t>(out.quarantine_orders);
    const int64_t end = exposed + ops::kDefaultQuarantineDays;
    const bool active = end > today_;
    // The order's checks up to today, written as of the last of them (in
    // one transaction: a day's commit each would make a large city slow).
    std::vector<ops::CheckInput> checks;
    const int64_t last = std::min(end - 1, today_);
    for (int64_t day = report; day <= last; ++day) {
      const double u = draws_.U(entity, static_cast<uint32_t>(day - report));
      if (day == today_ ? u < kNotYetToday : active && u < kMissedCheck) continue;
      ops::CheckInput check;
      check.temperature = 36.2 + 0.1 * std::floor(u * 8);  // 36.2 .. 36.9 °C
      check.date = DayText(day);
      checks.push_back(std::move(check));
    }
    if (!checks.empty()) {
      ops::QuarantineService checking(s_.db, On(last));
      auto done = checking.RecordChecks(checker_, order->id, checks);
      if (!done) return done.error();
    }
    if (active) return Status::Ok();
    ops::QuarantineService release(s_.db, On(end));
    auto released = release.Release(officer_, order->id, DayText(end - 1), "negative", kLab);
    if (!released) return released.error();
    return Status::Ok();
  }

  // Recovery (two negative tests a day apart, then the outcome and the
  // discharge) or death, when its day has come.
  Status Outcome(uint32_t n, int64_t resident, int64_t case_id, ops::Severity severity,
                 int64_t onset, int64_t report, int64_t hospital, int64_t admission,
                 OutbreakSummary& out) {
    const bool dies =
        severity == ops::Severity::kCritical && draws_.U(n, kDeath) < kCriticalFatality;
    const int64_t spread =
        static_cast<int64_t>(draws_.U(n, kOutcomeTime) * (2 * kOutcomeSpread + 1)) - kOutcomeSpread;
    const int64_t base = dies                               ? kDeathDays
                         : severity == ops::Severity::kMild ? kRecoveryDays
                                                            : kHospitalRecoveryDays;
    const int64_t day = std::max(onset + base + spread, report + 2);
    if (day > today_) return Status::Ok();
    ops::CaseService cases(s_.db, s_.audit_writer, On(day));
    if (!dies) {
      for (int64_t sample : {day - 1, day}) {
        auto test = cases.RecordTest(officer_, {resident, ops::TestKind::kNucleicAcid,
                                                DayText(sample), ops::TestResult::kNegative, kLab});
        if (!test) return test.error();
      }
    }
    const ops::Outcome outcome = dies ? ops::Outcome::kDied : ops::Outcome::kRecovered;
    auto closed = cases.RecordOutcome(officer_, case_id, outcome, DayText(day), "");
    if (!closed) return closed.error();
    ++(dies ? out.died : out.recovered);
    if (admission == 0) return Status::Ok();
    ops::AdmissionService admissions(s_.db, On(day));
    auto discharged = admissions.Discharge(officer_, hospital, admission,
                                           dies ? "died" : "recovered", DayText(day));
    if (!discharged) return discharged.error();
    return Status::Ok();
  }

  Services& s_;
  Draws draws_;
  int64_t now_, today_;
  ops::AccessContext officer_, checker_;
  City city_;
  std::unordered_set<int64_t> used_;  // residents already a case or a contact
};

}  // namespace

Result<OutbreakSummary> StoreOutbreak(Services& s, const std::vector<ops::User>& users,
                                      const sim::Population& pop, uint64_t seed, int64_t now) {
  if (users.empty()) return Error{ErrorCode::kInternal, "demo outbreak: no users"};
  OutbreakSummary out;
  Outbreak outbreak(s, users, seed, now);
  if (Status st = outbreak.Run(pop, users, out); !st) return st.error();
  return out;
}

}  // namespace fk::api
