#include "sim/output/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/output/number_format.hpp"

namespace fk::sim {

namespace {

// Page geometry in SVG user units (pixels).
constexpr double kWidth = 960;
constexpr double kLeft = 72;  // room for y tick labels
constexpr double kRight = 28;
constexpr double kTitleHeight = 76;
constexpr double kPanelHeader = 50;  // heading and legend rows
constexpr double kPlotHeight = 220;
constexpr double kPanelFooter = 34;  // x tick labels
constexpr double kCaptionHeight = 30;
constexpr double kPlotWidth = kWidth - kLeft - kRight;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Rough rendered width of `text` at `font_px`: wide (CJK) characters take a
// full em, others about 0.6 em. Used only to lay out legend items.
double TextWidth(const std::string& text, double font_px) {
  double width = 0;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    int bytes = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += (bytes >= 3 ? 1.0 : 0.6) * font_px;
    i += static_cast<size_t>(bytes);
  }
  return width;
}

// 1, 2 or 5 times a power of ten, at least `raw` and at least 1.
double NiceStep(double raw) {
  if (raw <= 1) return 1;
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double fraction = raw / power;
  double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

// Days between date ticks: the first step giving at most 10 ticks.
int DateStep(size_t days) {
  for (int step : {1, 2, 5, 7, 14, 28, 56, 91, 182, 364}) {
    if (days <= static_cast<size_t>(step) * 10) return step;
  }
  return static_cast<int>((days + 9) / 10);
}

std::string Num(double v) { return fmt::format("{:.1f}", v); }

class PanelPainter {
 public:
  PanelPainter(const Chart& chart, const ChartPanel& panel, double top, std::string* out)
      : chart_(chart), panel_(panel), out_(*out), plot_top_(top + kPanelHeader) {
    double max_value = 0, min_value = 0;
    for (const ChartSeries& s : panel.series) {
      for (double v : s.values) max_value = std::max(max_value, v);
      for (double v : s.upper) max_value = std::max(max_value, v);
      for (double v : s.values) min_value = std::min(min_value, v);
    }
    step_ = NiceStep((max_value - min_value) / 5);
    y_min_ = std::floor(min_value / step_) * step_;
    y_max_ = std::ceil(max_value / step_) * step_;
    if (y_max_ - y_min_ < step_) y_max_ = y_min_ + step_;
    slot_ = kPlotWidth / static_cast<double>(std::max<size_t>(chart.dates.size(), 1));
  }

  void Paint(double top) {
    out_ += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">{}</text>\n",
        Num(kLeft), Num(top + 18), Escape(panel_.heading));
    Legend(top + 38);
    Grid();
    for (const ChartSeries& s : panel_.series) Series(s);
    for (const ChartMarker& m : panel_.markers) Marker(m);
    out_ += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888\"/>\n",
        Num(kLeft), Num(plot_top_), Num(kPlotWidth), Num(kPlotHeight));
  }

 private:
  double X(double day) const { return kLeft + (day + 0.5) * slot_; }
  double Y(double v) const {
    if (y_min_ == 0) return plot_top_ + kPlotHeight * (1 - v / y_max_);
    return plot_top_ + kPlotHeight * (y_max_ - v) / (y_max_ - y_min_);
  }
  double Bottom() const { return plot_top_ + kPlotHeight; }

  void Legend(double baseline) {
    double x = kLeft;
    for (const ChartSeries& s : panel_.series) {
      if (s.label.empty()) continue;
      if (s.kind == ChartSeries::Kind::kLine) {
        out_ += fmt::format(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.5\"/>\n",
            Num(x), Num(baseline - 4), Num(x + 18), Num(baseline - 4), s.color);
      } else {
        double opacity = s.kind == ChartSeries::Kind::kBand ? 0.25 : 0.75;
        out_ += fmt::format(
            "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"10\" fill=\"{}\" "
            "fill-opacity=\"{}\"/>\n",
            Num(x), Num(baseline - 9), s.color, FormatDecimal(opacity));
      }
      out_ += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#333\">{}</text>\n",
                          Num(x + 24), Num(baseline), Escape(s.label));
      x += 24 + TextWidth(s.label, 12) + 22;
    }
  }

  void Grid() {
    for (double v = y_min_; v <= y_max_ + step_ / 2; v += step_) {
      out_ += fmt::format(
          "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#e4e4e4\"/>\n"
          "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#555\" "
          "text-anchor=\"end\">{}</text>\n",
          Num(kLeft), Num(Y(v)), Num(kLeft + kPlotWidth), Num(Y(v)), Num(kLeft - 6), Num(Y(v) + 4),
          FormatCompact(v));
    }
    size_t days = chart_.dates.size();
    int step = DateStep(days);
    for (size_t d = 0; d < days; d += static_cast<size_t>(step)) {
      const std::string& date = chart_.dates[d];
      std::string label = d == 0 || date.size() < 10 ? date : date.substr(5);
      out_ += fmt::format(
          "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#888\"/>\n"
          "<text x=\"{0}\" y=\"{3}\" font-size=\"11\" fill=\"#555\" "
          "text-anchor=\"{4}\">{5}</text>\n",
          Num(X(static_cast<double>(d))), Num(Bottom()), Num(Bottom() + 5), Num(Bottom() + 18),
          d == 0 ? "start" : "middle", Escape(label));
    }
  }

  void Series(const ChartSeries& s) {
    std::string path;
    size_t n = std::min(s.values.size(), chart_.dates.size());
    switch (s.kind) {
      case ChartSeries::Kind::kBars: {
        double width = std::max(slot_ * 0.8, 0.5);
        for (size_t d = 0; d < n; ++d) {
          if (s.values[d] <= 0) continue;
          path += fmt::format("M{} {}h{}V{}h{}Z", Num(X(static_cast<double>(d)) - width / 2),
                              Num(Y(s.values[d])), Num(width), Num(Y(0)), Num(-width));
        }
        out_ +=
            fmt::format("<path data-series=\"{}\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.75\"/>\n",
                        s.id, path, s.color);
        return;
      }
      case ChartSeries::Kind::kLine:
        for (size_t d = 0; d < n; ++d) {
          path += fmt::format("{}{} {}", d == 0 ? "M" : "L", Num(X(static_cast<double>(d))),
                              Num(Y(s.values[d])));
        }
        out_ += fmt::format(
            "<path data-series=\"{}\" d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\" "
            "stroke-linejoin=\"round\"/>\n",
            s.id, path, s.color);
        return;
      case ChartSeries::Kind::kBand:
        n = std::min(n, s.upper.size());
        for (size_t d = 0; d < n; ++d) {
          path += fmt::format("{}{} {}", d == 0 ? "M" : "L", Num(X(static_cast<double>(d))),
                              Num(Y(s.upper[d])));
        }
        for (size_t d = n; d-- > 0;) {
          path += fmt::format("L{} {}", Num(X(static_cast<double>(d))), Num(Y(s.values[d])));
        }
        if (n > 0) path += "Z";
        out_ += fmt::format(
            "<path data-series=\"{}\" d=\"{}\" fill=\"{}\" fill-opacity=\"0.25\" "
            "stroke=\"none\"/>\n",
            s.id, path, s.color);
        return;
    }
  }

  void Marker(const ChartMarker& m) {
    double x = X(m.day);
    bool left = x > kLeft + kPlotWidth * 0.7;  // keep the note inside the plot
    out_ += fmt::format(
        "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#444\" "
        "stroke-dasharray=\"4 3\"/>\n"
        "<text x=\"{3}\" y=\"{4}\" font-size=\"12\" fill=\"#222\" text-anchor=\"{5}\" "
        "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{6}</text>\n",
        Num(x), Num(plot_top_), Num(Bottom()), Num(left ? x - 5 : x + 5), Num(plot_top_ + 16),
        left ? "end" : "start", Escape(m.text));
  }

  const Chart& chart_;
  const ChartPanel& panel_;
  std::string& out_;
  double plot_top_;
  double step_ = 1, y_min_ = 0, y_max_ = 1, slot_ = 1;
};

}  // namespace

std::string RenderSvg(const Chart& chart) {
  double panel_height = kPanelHeader + kPlotHeight + kPanelFooter;
  double height =
      kTitleHeight + panel_height * static_cast<double>(chart.panels.size()) + kCaptionHeight;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"'Noto Sans CJK SC','Source Han Sans SC',"
      "'WenQuanYi Micro Hei','Microsoft YaHei','PingFang SC',sans-serif\">\n"
      "<title>{2}</title>\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n"
      "<text x=\"{3}\" y=\"32\" font-size=\"22\" font-weight=\"bold\" fill=\"#111\">{2}</text>\n"
      "<text x=\"{3}\" y=\"56\" font-size=\"13\" fill=\"#555\">{4}</text>\n",
      Num(kWidth), Num(height), Escape(chart.title), Num(kLeft), Escape(chart.subtitle));
  double top = kTitleHeight;
  for (const ChartPanel& panel : chart.panels) {
    PanelPainter(chart, panel, top, &out).Paint(top);
    top += panel_height;
  }
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#555\" text-anchor=\"middle\">{}</text>\n",
      Num(kLeft + kPlotWidth / 2), Num(top + 8), Escape(chart.x_label));
  out += "</svg>\n";
  return out;
}

}  // namespace fk::sim
