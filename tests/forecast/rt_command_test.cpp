// `fangkong rt` as an operator runs it on a SQLite database: no cases give
// no forecast and the reason, a city with cases its table or JSON.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "common/dates.hpp"
#include "ops/schema.hpp"
#include "store/database.hpp"
#include "synthetic.hpp"

namespace fk::forecast {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string out, err;
};

Outcome RunFangkong(const std::string& args) {
  // One file per test process: ctest runs the tests of this file side by side.
  const fs::path err =
      fs::temp_directory_path() / ("fk_rt_command_err_" + std::to_string(::getpid()) + ".txt");
  const std::string cmd = std::string(FANGKONG_BINARY) + " " + args + " 2>" + err.string();
  Outcome o;
  FILE* pipe = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) o.out.append(buf.data(), n);
  const int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  FILE* e = std::fopen(err.c_str(), "r");
  while (e && (n = fread(buf.data(), 1, buf.size(), e)) > 0) o.err.append(buf.data(), n);
  if (e) std::fclose(e);
  fs::remove(err);
  return o;
}

class RtCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() / ("fk_rt_command_" + std::to_string(::getpid()) + ".db");
    fs::remove(path_);
    auto db = store::Database::Open(path_.string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(ops::MigrateOps(*db_).ok());
    auto tx = db_->Begin();
    ASSERT_TRUE(tx.ok());
    for (auto [code, parent, level] : {std::tuple{"420000", "", 1},
                                       {"420100", "420000", 2},
                                       {"420102", "420100", 3},
                                       {"420102001", "420102", 4},
                                       {"420102001001", "420102001", 5},
                                       {"420102001001001", "420102001001", 6}})
      ASSERT_TRUE(
          tx->Exec("INSERT INTO regions (code, name, parent_code, level) VALUES (?, ?, ?, ?)",
                   {std::string(code), "区域" + std::string(code),
                    *parent ? store::Value(std::string(parent)) : store::Value(nullptr),
                    static_cast<int64_t>(level)})
              .ok());
    ASSERT_TRUE(
        tx->Exec("INSERT INTO households (id, grid_code, building, unit, room, "
                 "created_day) VALUES (1, '420102001001001', '1', '1', '101', '2020-01-01')")
            .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  void TearDown() override {
    db_.reset();
    fs::remove(path_);
  }

  // `per_day` confirmed cases a day with onsets from 2020-01-10 for `days`
  // days, each confirmed two days after onset.
  void AddCases(int days, int per_day) {
    auto tx = db_->Begin();
    ASSERT_TRUE(tx.ok());
    int64_t id = 0;
    for (int d = 0; d < days; ++d)
      for (int k = 0; k < per_day; ++k) {
        ++id;
        const auto p = ops::synthetic::Person(id);
        ASSERT_TRUE(tx->Exec("INSERT INTO residents (id, household_id, grid_code, name, sex, "
                             "birth_date, id_number, phone, created_day) VALUES (?, 1, "
                             "'420102001001001', ?, 'male', ?, ?, ?, '2020-01-01')",
                             {id, p.name, p.birth_date, p.id_number, p.phone})
                        .ok());
        const std::string onset = AddDays(Date{2020, 1, 10}, d),
                          report = AddDays(Date{2020, 1, 12}, d);
        ASSERT_TRUE(tx->Exec("INSERT INTO cases (resident_id, grid_code, status, onset_date, "
                             "report_date, confirmation_date, basis, created_by, created_at, "
                             "updated_at) VALUES (?, '420102001001001', 'confirmed', ?, ?, ?, "
                             "'lab_test', 1, 0, 0)",
                             {id, onset, report, report})
                        .ok());
      }
    ASSERT_TRUE(tx->Commit().ok());
  }

  fs::path path_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(RtCommandTest, NoCasesGiveNoForecastAndTheReason) {
  const Outcome o = RunFangkong("rt --db " + path_.string());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "fangkong: 无有发病日期的确诊病例，不作预测 / no confirmed cases with an onset date: "
            "no forecast\n");
}

TEST_F(RtCommandTest, UnknownRegionIsNamed) {
  const Outcome o = RunFangkong("rt --db " + path_.string() + " --region 420199");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.err, "fangkong: region 420199 not found\n");
}

TEST_F(RtCommandTest, SteadyCasesGiveRNearOneForEveryLevel) {
  // 20 cases a day for 40 days, reported 2 days after onset: the last
  // onset days are incomplete, and constant incidence means R = 1.
  AddCases(40, 20);
  const Outcome o = RunFangkong("rt --db " + path_.string() + " --json");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["cutoff"], "2020-02-20");  // last onset 02-18, confirmed 02-20
  EXPECT_EQ(j["left_out_days"], 2);
  ASSERT_EQ(j["regions"].size(), 3u);  // city, district, street
  for (const auto& r : j["regions"]) {
    EXPECT_EQ(r["last_day"], "2020-02-18") << r["code"];
    EXPECT_NEAR(r["rt"]["mean"].get<double>(), 1.0, 0.05) << r["code"];
    EXPECT_FALSE(r["rt"]["thin"].get<bool>());
  }
  const Outcome table = RunFangkong("rt --db " + path_.string() + " --region 420102001");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("420102001  street    2020-02-18   1.0"), std::string::npos)
      << table.out;
}

}  // namespace
}  // namespace fk::forecast
