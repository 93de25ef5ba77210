#include "sim/output/epidemic_chart.hpp"

#include <gtest/gtest.h>

#include "sample_run.hpp"
#include "sim/output/svg_chart.hpp"

namespace fk::sim {
namespace {

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

EpidemicCurves SampleCurves() {
  auto start = ParseDate("2020-01-23");
  return CurvesOfRun(testing::SampleRun(), *start);
}

TEST(EpidemicChart, CurvesOfARunAreItsDailyCounts) {
  EpidemicCurves c = SampleCurves();
  EXPECT_EQ(c.dates, (std::vector<std::string>{"2020-01-23", "2020-01-24", "2020-01-25"}));
  EXPECT_EQ(c.new_infections.median, (std::vector<double>{3, 2, 3}));
  EXPECT_EQ(c.infectious.median, (std::vector<double>{0, 2, 3}));  // pre + mild + severe
  EXPECT_EQ(c.beds_needed.median, (std::vector<double>{0, 0, 1}));
  EXPECT_EQ(c.new_deaths.median, (std::vector<double>{0, 0, 1}));
  EXPECT_TRUE(c.new_infections.p05.empty());
}

TEST(EpidemicChart, IsACompleteSvgWithTitleSeriesAndPeaks) {
  std::string svg = EpidemicCurveSvg(SampleCurves(), "subtitle <test>");
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
  EXPECT_NE(svg.find("疫情曲线 Epidemic curve"), std::string::npos);
  EXPECT_NE(svg.find("subtitle &lt;test&gt;"), std::string::npos);
  for (const char* id : {"new_infections", "infectious", "beds_needed", "critical", "new_deaths"}) {
    EXPECT_EQ(Count(svg, std::string("data-series=\"") + id + "\""), 1u) << id;
  }
  // The first day with the most new infections, and the day beds peak.
  EXPECT_NE(svg.find("新增高峰 Peak 2020-01-23: 3/day"), std::string::npos);
  EXPECT_NE(svg.find("床位高峰 Peak beds 2020-01-25: 1<"), std::string::npos);
  EXPECT_NE(svg.find("死亡高峰 Peak deaths 2020-01-25: 1/day"), std::string::npos);
  EXPECT_EQ(Count(svg, "<text"), Count(svg, "</text>"));
}

TEST(EpidemicChart, EnsembleCurvesGetShadedBands) {
  EpidemicCurves c = SampleCurves();
  for (CurveSeries* s :
       {&c.new_infections, &c.infectious, &c.beds_needed, &c.critical, &c.new_deaths}) {
    s->p05 = s->median;
    s->p95 = s->median;
  }
  std::string svg = EpidemicCurveSvg(c, "");
  EXPECT_EQ(Count(svg, "data-series="), 10u);
  EXPECT_EQ(Count(svg, "_p05_p95\""), 5u);
}

TEST(SvgChart, AxisEndsAtARoundNumberAboveTheMaximum) {
  Chart chart;
  chart.dates = {"2020-01-23", "2020-01-24"};
  chart.panels.push_back({"h", {{ChartSeries::Kind::kLine, "x", "x", "#000", {0, 1234}, {}}}, {}});
  std::string svg = RenderSvg(chart);
  EXPECT_NE(svg.find(">1000</text>"), std::string::npos);  // step 500 up to 1500
  EXPECT_NE(svg.find(">1500</text>"), std::string::npos);
  EXPECT_EQ(svg.find(">2000</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2020-01-23</text>"), std::string::npos);  // first tick: full date
  EXPECT_NE(svg.find(">01-24</text>"), std::string::npos);
}

}  // namespace
}  // namespace fk::sim
