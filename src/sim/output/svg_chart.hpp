// A small chart drawn as SVG text: panels stacked over one date axis, each
// with its own y axis, bars, lines, shaded bands, a legend and dashed
// vertical markers with notes. The output depends only on the input (fixed
// number formatting), so it is byte-identical for identical data.
// Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace fk::sim {

struct ChartSeries {
  enum class Kind { kBars, kLine, kBand };
  Kind kind = Kind::kLine;
  std::string id;              // machine name, written as data-series="<id>"
  std::string label;           // legend text; empty keeps it out of the legend
  std::string color;           // CSS colour, e.g. "#d62728"
  std::vector<double> values;  // one a day; the lower edge of a band
  std::vector<double> upper;   // one a day; bands only
};

// A dashed vertical line on `day` with `text` next to it.
struct ChartMarker {
  int day = 0;
  std::string text;
};

struct ChartPanel {
  std::string heading;              // above the panel, e.g. "感染 Infections (people)"
  std::vector<ChartSeries> series;  // drawn in this order
  std::vector<ChartMarker> markers;
};

struct Chart {
  std::string title;               // e.g. "疫情曲线 Epidemic curve"
  std::string subtitle;            // one line under the title
  std::string x_label;             // under the last panel, e.g. "日期 Date"
  std::vector<std::string> dates;  // YYYY-MM-DD, one a day; fixes the x axis
  std::vector<ChartPanel> panels;
};

// The chart as a complete SVG document ("<svg ...>...</svg>\n"). Y axes start
// at zero (or, when a value is negative, at a round number below it) and end
// at a round number; ticks are at least 1 apart (the charted values are
// counts). Bars rise from zero.
std::string RenderSvg(const Chart& chart);

}  // namespace fk::sim
