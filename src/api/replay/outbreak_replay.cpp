#include "api/replay/outbreak_replay.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace fk::api::replay {
namespace {

constexpr const char* kLab = "武汉市疾病预防控制中心";
constexpr size_t kMaxErrors = 20;
constexpr int kPage = 200;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct AdmissionRef {
  int64_t facility = 0, id = 0;
};

class Replayer {
 public:
  Replayer(const Caller& call, const Plan& plan, const std::vector<Resident>& residents,
           const ReplayOptions& options)
      : call_(call), plan_(plan), residents_(residents), options_(options) {}

  Result<ReplayReport> Run() {
    for (const DayPlan& day : plan_.days) {
      if (options_.set_day) options_.set_day(day.day);
      // The staff log in each day (a session of a day ago has been idle).
      auto officer = LogIn(call_, options_.officer);
      if (!officer.ok()) return officer.error();
      officer_ = *officer;
      auto checker = LogIn(call_, options_.checker);
      if (!checker.ok()) return checker.error();
      checker_ = *checker;
      if (shelter_ == 0)
        if (Status s = RegisterFacilities(); !s.ok()) return s.error();
      auto start = std::chrono::steady_clock::now();
      RunDay(day);
      report_.write_seconds += Seconds(start);
      start = std::chrono::steady_clock::now();
      DayCounts counts;
      counts.day = day.day;
      counts.active_orders = CountActiveOrders();
      ReadOccupancy(counts);
      report_.observed.push_back(counts);
      report_.read_seconds += Seconds(start);
    }
    const auto start = std::chrono::steady_clock::now();
    ReadFinalCounts();
    report_.read_seconds += Seconds(start);
    report_.writes = writes_;
    return std::move(report_);
  }

 private:
  // A write that must answer `expected`; its body, or null after an error.
  nlohmann::json Write(const std::string& method, const std::string& target,
                       const nlohmann::json& body, int expected, const std::string& token) {
    ++writes_;
    Answer a = call_(method, target, body.dump(), token);
    if (a.status == expected) return std::move(a.body);
    Fail(method + " " + target + " " + body.dump() + ": " + std::to_string(a.status) + " " +
         a.body.dump().substr(0, 300));
    return nullptr;
  }
  nlohmann::json Read(const std::string& target) {
    Answer a = call_("GET", target, "", officer_);
    if (a.status == 200) return std::move(a.body);
    Fail("GET " + target + ": " + std::to_string(a.status) + " " + a.body.dump().substr(0, 300));
    return nullptr;
  }
  void Fail(std::string what) {
    std::lock_guard lock(mutex_);
    if (report_.errors.size() < kMaxErrors) report_.errors.push_back(std::move(what));
  }

  // Runs `work(k)` for k in [0, n) on the lanes.
  void Parallel(size_t n, const std::function<void(size_t)>& work) {
    std::atomic<size_t> next{0};
    auto lane = [&] {
      for (size_t k = next++; k < n; k = next++) work(k);
    };
    const int lanes = std::max(1, std::min<int>(options_.lanes, static_cast<int>(n)));
    std::vector<std::thread> threads;
    for (int i = 1; i < lanes; ++i) threads.emplace_back(lane);
    lane();
    for (auto& t : threads) t.join();
  }

  int64_t Resident(uint32_t person) const { return residents_[person].id; }
  template <typename Map>
  auto Take(Map& map, uint32_t person) {
    std::lock_guard lock(mutex_);
    auto it = map.find(person);
    if (it == map.end()) return std::optional<typename Map::mapped_type>{};
    auto value = it->second;
    map.erase(it);
    return std::optional<typename Map::mapped_type>{value};
  }
  template <typename Map>
  void Put(Map& map, uint32_t person, typename Map::mapped_type value) {
    std::lock_guard lock(mutex_);
    map[person] = value;
  }

  Status RegisterFacilities() {
    auto make = [&](const std::string& name, const std::string& kind,
                    const std::vector<std::pair<std::string, int64_t>>& beds) -> Result<int64_t> {
      const nlohmann::json made =
          Write("POST", "/api/v1/facilities",
                {{"name", name}, {"kind", kind}, {"region_code", options_.region}}, 201, officer_);
      if (made.is_null()) return Error{ErrorCode::kInternal, report_.errors.back()};
      const int64_t id = made["id"];
      for (const auto& [bed, n] : beds) {
        const nlohmann::json set =
            Write("PUT", "/api/v1/facilities/" + std::to_string(id) + "/beds/" + bed,
                  {{"beds", std::max<int64_t>(n, 1)}, {"staffed", std::max<int64_t>(n, 1)}}, 200,
                  officer_);
        if (set.is_null()) return Error{ErrorCode::kInternal, report_.errors.back()};
      }
      return id;
    };
    auto shelter = make("回放方舱医院 replay shelter hospital", "shelter_hospital",
                        {{"general", plan_.shelter_beds}});
    if (!shelter.ok()) return shelter.error();
    auto hospital = make("回放定点医院 replay designated hospital", "designated_hospital",
                         {{"general", plan_.general_beds}, {"icu", plan_.icu_beds}});
    if (!hospital.ok()) return hospital.error();
    shelter_ = *shelter;
    hospital_ = *hospital;
    return Status::Ok();
  }

  void RunDay(const DayPlan& day) {
    const std::string date = DayDate(day.day);
    Parallel(day.releases.size(), [&](size_t k) {
      const uint32_t p = day.releases[k];
      auto order = Take(orders_, p);
      if (!order) return Fail("release: no order of person " + std::to_string(p));
      Write("POST", "/api/v1/quarantine-orders/" + std::to_string(*order) + "/release",
            {{"test_date", DayDate(day.day - 1)}, {"test_result", "negative"}, {"lab", kLab}}, 200,
            officer_);
    });
    Parallel(day.discharges.size(), [&](size_t k) {
      const uint32_t p = day.discharges[k];
      auto a = Take(admissions_, p);
      if (!a) return Fail("discharge: no admission of person " + std::to_string(p));
      Write("POST",
            "/api/v1/facilities/" + std::to_string(a->facility) + "/admissions/" +
                std::to_string(a->id) + "/discharge",
            {{"outcome", "recovered"}, {"date", date}}, 200, officer_);
    });
    Parallel(day.cases.size(), [&](size_t k) { RunCase(day.cases[k], date); });
    Parallel(day.checks.size(), [&](size_t k) {
      const uint32_t p = day.checks[k];
      int64_t order = 0;
      {
        std::lock_guard lock(mutex_);
        auto it = orders_.find(p);
        if (it == orders_.end()) return Fail("check: no order of person " + std::to_string(p));
        order = it->second;
      }
      Write("POST", "/api/v1/quarantine-orders/" + std::to_string(order) + "/checks",
            {{"date", date}, {"temperature", 36.5}, {"symptoms", false}}, 201, checker_);
    });
  }

  void RunCase(const CaseStep& c, const std::string& date) {
    const int64_t person = Resident(c.person);
    const nlohmann::json test = Write("POST", "/api/v1/lab-tests",
                                      {{"resident_id", person},
                                       {"kind", "nucleic_acid"},
                                       {"sample_date", date},
                                       {"result", "positive"},
                                       {"lab", kLab}},
                                      201, officer_);
    if (test.is_null()) return;
    const nlohmann::json made = Write("POST", "/api/v1/cases",
                                      {{"resident_id", person},
                                       {"status", "confirmed"},
                                       {"severity", c.severity},
                                       {"onset_date", DayDate(c.onset)},
                                       {"report_date", date},
                                       {"test_id", test["id"]}},
                                      201, officer_);
    if (made.is_null()) return;
    const int64_t case_id = made["id"];
    if (c.converts) {
      if (auto order = Take(orders_, c.person)) {
        Write("POST", "/api/v1/quarantine-orders/" + std::to_string(*order) + "/convert",
              {{"case_id", case_id}}, 200, officer_);
      } else {
        Fail("convert: no order of person " + std::to_string(c.person));
      }
    }
    const std::string contacts = "/api/v1/cases/" + std::to_string(case_id) + "/contacts";
    for (const ContactStep& k : c.contacts) {
      const nlohmann::json listed = Write("POST", contacts,
                                          {{"resident_id", Resident(k.person)},
                                           {"setting", k.setting},
                                           {"last_exposure_date", DayDate(k.last_exposure)}},
                                          201, officer_);
      if (listed.is_null() || !k.orders) continue;
      const nlohmann::json order = Write("POST", "/api/v1/quarantine-orders",
                                         {{"resident_id", Resident(k.person)},
                                          {"place", "home"},
                                          {"last_exposure", DayDate(k.last_exposure)},
                                          {"contact_id", listed["id"]}},
                                         201, officer_);
      if (!order.is_null()) Put(orders_, k.person, order["id"].get<int64_t>());
    }
    const int64_t facility = c.facility == "shelter" ? shelter_ : hospital_;
    const nlohmann::json admitted =
        Write("POST", "/api/v1/facilities/" + std::to_string(facility) + "/admissions",
              {{"resident_id", person},
               {"bed_kind", c.bed_kind},
               {"severity", c.severity},
               {"case_id", case_id},
               {"date", date}},
              201, officer_);
    if (!admitted.is_null()) Put(admissions_, c.person, AdmissionRef{facility, admitted["id"]});
  }

  // Pages through a list; `each` sees every item.
  void Pages(const std::string& target, const std::function<void(const nlohmann::json&)>& each) {
    int64_t after = 0;
    while (true) {
      const nlohmann::json page = Read(target + "&limit=" + std::to_string(kPage) +
                                       (after ? "&after=" + std::to_string(after) : ""));
      if (page.is_null()) return;
      for (const auto& item : page["items"]) each(item);
      if (page["next_cursor"].is_null()) return;
      after = page["next_cursor"];
    }
  }

  int64_t CountActiveOrders() {
    int64_t n = 0;
    Pages("/api/v1/quarantine-orders?status=active&region=" + options_.region,
          [&](const nlohmann::json&) { ++n; });
    return n;
  }

  void ReadOccupancy(DayCounts& counts) {
    for (int64_t id : {shelter_, hospital_}) {
      const nlohmann::json f = Read("/api/v1/facilities/" + std::to_string(id));
      if (f.is_null()) continue;
      for (const auto& b : f["beds"]) {
        const int64_t occupied = b["occupied"];
        if (id == shelter_)
          counts.shelter_occupied += occupied;
        else if (b["kind"] == "icu")
          counts.icu_occupied += occupied;
        else
          counts.general_occupied += occupied;
      }
    }
  }

  void ReadFinalCounts() {
    auto& observed = report_.observed;
    if (observed.empty()) return;
    const int64_t first = observed.front().day, last = observed.back().day;
    auto slot = [&](int64_t day) -> DayCounts* {
      return day < first || day > last ? nullptr : &observed[day - first];
    };
    const nlohmann::json daily = Read("/api/v1/cases/daily?region=" + options_.region +
                                      "&from=" + DayDate(first) + "&to=" + DayDate(last));
    if (!daily.is_null()) {
      for (const auto& row : daily["items"]) {
        if (row["region_code"] != options_.region) continue;
        auto day = DayOfDate(row["date"]);
        if (!day.ok()) continue;
        if (DayCounts* d = slot(*day)) {
          d->new_confirmed = row["new_confirmed"];
          d->cumulative_confirmed = row["cumulative_confirmed"];
        }
      }
    }
    for (DayCounts& d : observed) {
      const nlohmann::json f =
          Read("/api/v1/contacts/figures?region=" + options_.region + "&date=" + DayDate(d.day));
      if (f.is_null()) continue;
      d.contacts_listed = f["contacts_listed"];
      d.new_cases_from_contacts = f["new_cases_from_contacts"];
    }
    Pages("/api/v1/quarantine-orders?region=" + options_.region, [&](const nlohmann::json& o) {
      auto start = DayOfDate(o["start_date"]);
      if (!start.ok()) return;
      if (DayCounts* d = slot(std::max(*start, first))) ++d->orders_started;
      if (o["missed_days"] != 0) Fail("order " + o["id"].dump() + " has missed days");
      const int64_t checks = o["checks"];
      if (checks == 0) return;
      auto last_check = DayOfDate(o["last_check_date"]);
      if (!last_check.ok()) return;
      for (int64_t day = *last_check - checks + 1; day <= *last_check; ++day)
        if (DayCounts* d = slot(day)) ++d->checks;
    });
  }

  const Caller& call_;
  const Plan& plan_;
  const std::vector<replay::Resident>& residents_;
  const ReplayOptions& options_;
  std::string officer_, checker_;
  int64_t shelter_ = 0, hospital_ = 0;
  std::mutex mutex_;
  std::unordered_map<uint32_t, int64_t> orders_;  // person: active order
  std::unordered_map<uint32_t, AdmissionRef> admissions_;
  std::atomic<int64_t> writes_{0};
  ReplayReport report_;
};

}  // namespace

Result<std::string> LogIn(const Caller& call, const Login& login) {
  Answer a =
      call("POST", "/api/v1/auth/login",
           nlohmann::json{{"username", login.username}, {"password", login.password}}.dump(), "");
  if (a.status != 200 || !a.body.contains("token"))
    return Error{ErrorCode::kPermissionDenied,
                 "login " + login.username + ": " + std::to_string(a.status)};
  return a.body["token"].get<std::string>();
}

Result<std::vector<Resident>> ReadResidents(const Caller& call, const std::string& token,
                                            const std::string& region) {
  std::vector<Resident> out;
  int64_t after = 0;
  while (true) {
    const std::string target = "/api/v1/residents?region=" + region +
                               "&limit=" + std::to_string(kPage) +
                               (after ? "&after=" + std::to_string(after) : "");
    Answer a = call("GET", target, "", token);
    if (a.status != 200)
      return Error{ErrorCode::kInternal, "GET " + target + ": " + std::to_string(a.status)};
    for (const auto& r : a.body["items"])
      out.push_back({r["id"].get<int64_t>(), r["household_id"].get<int64_t>(),
                     r["grid_code"].get<std::string>()});
    if (a.body["next_cursor"].is_null()) break;
    after = a.body["next_cursor"];
  }
  std::sort(out.begin(), out.end(),
            [](const Resident& a, const Resident& b) { return a.id < b.id; });
  return out;
}

Result<ReplayReport> Replay(const Caller& call, const Plan& plan,
                            const std::vector<Resident>& residents, const ReplayOptions& options) {
  return Replayer(call, plan, residents, options).Run();
}

}  // namespace fk::api::replay
