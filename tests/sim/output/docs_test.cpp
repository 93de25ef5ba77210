// docs/outputs.md is written by hand; these tests keep it from drifting
// away from what the writers produce.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sample_run.hpp"
#include "sim/output/daily_table.hpp"
#include "sim/output/ensemble.hpp"
#include "sim/output/run_writer.hpp"

namespace fk::sim {
namespace {

using testing::ReadFile;

std::string OutputsDoc() {
  return ReadFile(std::filesystem::path(FANGKONG_SOURCE_DIR) / "docs" / "outputs.md");
}

bool Documents(const std::string& doc, const std::string& name) {
  return doc.find("`" + name + "`") != std::string::npos;
}

TEST(OutputsDoc, NamesEveryDailyColumn) {
  std::string doc = OutputsDoc();
  for (const std::string& column : DailyColumns()) EXPECT_TRUE(Documents(doc, column)) << column;
  for (const char* column :
       {"grid_code", "infector", "infectee", "layer", "cumulative_infections"}) {
    EXPECT_TRUE(Documents(doc, column)) << column;
  }
}

TEST(OutputsDoc, NamesEverySummaryKey) {
  testing::ScratchDir dir;
  std::vector<RunResult> runs = {testing::SampleRun(1), testing::SampleRun(2)};
  ASSERT_TRUE(WriteEnsembleOutputs(runs, testing::TwoGridPopulation(), testing::SampleParameters(),
                                   dir.path()));
  std::string doc = OutputsDoc();
  auto run = nlohmann::json::parse(ReadFile(dir.path() / "run-1" / "summary.json"));
  for (const auto& [key, value] : run.items()) {
    if (!value.is_object()) {
      EXPECT_TRUE(Documents(doc, key)) << key;
      continue;
    }
    for (const auto& [sub, unused] : value.items()) {
      EXPECT_TRUE(Documents(doc, key + "." + sub)) << key << "." << sub;
    }
  }
  auto info = nlohmann::json::parse(ReadFile(dir.path() / "run-1" / "run_info.json"));
  for (const auto& [key, value] : info.items()) EXPECT_TRUE(Documents(doc, key)) << key;
  auto ensemble = nlohmann::json::parse(ReadFile(dir.path() / "summary.json"));
  for (const auto& [key, value] : ensemble.items()) EXPECT_TRUE(Documents(doc, key)) << key;
}

}  // namespace
}  // namespace fk::sim
