"""SVG chart of the wuhan-2020 validation: the model beside the published counts.

Three panels over one date axis: daily new confirmed cases (log scale),
cumulative confirmed cases, and rt (the model's weekly mean beside the
published estimates). Hand-written SVG, python3
standard library only; the output depends only on the input.
"""

import datetime
import math

WIDTH = 960
LEFT, RIGHT = 80, 20
PANEL_HEIGHT = 190
PANEL_GAP = 60
TOP = 95

MODEL_COLOR = "#1f77b4"
PUBLISHED_COLOR = "#d62728"
SURVEILLANCE_COLOR = "#ff7f0e"
INTERVAL_COLOR = "#9467bd"


def _date(text):
    return datetime.date.fromisoformat(text)


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Axis:
    """Maps dates and values of one panel to pixels."""

    def __init__(self, first, last, top, log, y_max):
        self.first, self.days = first, (last - first).days
        self.top, self.log, self.y_max = top, log, y_max

    def x(self, day):
        return LEFT + (WIDTH - LEFT - RIGHT) * (_date(day) - self.first).days / self.days

    def y(self, value):
        if self.log:
            frac = math.log10(max(value, 1.0)) / math.log10(self.y_max)
        else:
            frac = value / self.y_max
        return self.top + PANEL_HEIGHT * (1 - min(max(frac, 0.0), 1.0))


def _round_up(value):
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _fmt(value):
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


def _panel(out, axis, heading, ticks, dates, markers):
    top = axis.top
    out.append(f'<text x="{LEFT}" y="{top - 8}" font-size="14" font-weight="bold">'
               f"{_esc(heading)}</text>")
    out.append(f'<rect x="{LEFT}" y="{top}" width="{WIDTH - LEFT - RIGHT}" '
               f'height="{PANEL_HEIGHT}" fill="none" stroke="#999"/>')
    for value in ticks:
        y = axis.y(value)
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                   f'stroke="#eee"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" '
                   f'text-anchor="end">{_fmt(value)}</text>')
    for day in dates:
        if _date(day).day == 1:
            x = axis.x(day)
            out.append(f'<line x1="{x:.1f}" y1="{top + PANEL_HEIGHT}" x2="{x:.1f}" '
                       f'y2="{top + PANEL_HEIGHT + 4}" stroke="#999"/>')
            out.append(f'<text x="{x:.1f}" y="{top + PANEL_HEIGHT + 16}" font-size="11" '
                       f'text-anchor="middle">{day[:7]}</text>')
    for i, (day, text) in enumerate(markers):
        x = axis.x(day)
        out.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + PANEL_HEIGHT}" '
                   f'stroke="#666" stroke-dasharray="4,3"/>')
        out.append(f'<text x="{x + 3:.1f}" y="{top + 12 + 12 * i}" font-size="10" fill="#444">'
                   f"{_esc(text)}</text>")


def _line(out, axis, points, color, series, width=1.8):
    if not points:
        return
    path = " ".join(f"{'M' if i == 0 else 'L'}{axis.x(d):.1f},{axis.y(v):.1f}"
                    for i, (d, v) in enumerate(points))
    out.append(f'<path data-series="{series}" d="{path}" fill="none" stroke="{color}" '
               f'stroke-width="{width}"/>')


def _dots(out, axis, points, color, series, shape="circle"):
    out.append(f'<g data-series="{series}" fill="{color}">')
    for day, value in points:
        x, y = axis.x(day), axis.y(value)
        if shape == "circle":
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>')
        else:
            out.append(f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7"/>')
    out.append("</g>")


def _steps(out, axis, segments, color, series):
    out.append(f'<g data-series="{series}" stroke="{color}" stroke-width="2.5">')
    for first, last, value in segments:
        y = axis.y(value)
        out.append(f'<line x1="{axis.x(first):.1f}" y1="{y:.1f}" x2="{axis.x(last):.1f}" '
                   f'y2="{y:.1f}"/>')
    out.append("</g>")


def _legend(out, x, y, entries):
    for i, (color, text) in enumerate(entries):
        yy = y + 15 * i
        out.append(f'<rect x="{x}" y="{yy - 8}" width="12" height="8" fill="{color}"/>')
        out.append(f'<text x="{x + 16}" y="{yy}" font-size="11">{_esc(text)}</text>')


def render(model, published, title, subtitle):
    """The chart as an SVG document.

    model: dict with 'dates' (YYYY-MM-DD), 'new_confirmed', 'cumulative_confirmed'
    (lists, one a day, already scaled to the full city) and 'weekly_rt' (one a
    day, None where not shown).
    published: the wuhan_published module.
    """
    dates = model["dates"]
    first, last = _date(dates[0]), _date(dates[-1])
    markers = [("2020-01-23", "cordon 封城 23 Jan"),
               ("2020-02-02", "four categories 四类人员 2 Feb"),
               ("2020-02-12", "clinical diagnoses counted 12 Feb")]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
           f'height="{TOP + 3 * (PANEL_HEIGHT + PANEL_GAP)}" font-family="sans-serif">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="18" font-weight="bold">{_esc(title)}</text>',
           f'<text x="{LEFT}" y="44" font-size="12" fill="#444">{_esc(subtitle)}</text>']

    # Panel 1: daily new confirmed, log scale.
    published_daily = [(d, v) for d, v, _ in published.DAILY_CONFIRMED]
    cumulative = published.CUMULATIVE_CONFIRMED
    intervals = []
    for (d0, c0, _), (d1, c1, _) in zip(cumulative, cumulative[1:]):
        days = (_date(d1) - _date(d0)).days
        intervals.append(((_date(d0) + datetime.timedelta(days=1)).isoformat(), d1,
                          (c1 - c0) / days))
    peak = max([v for v in model["new_confirmed"]] + [v for _, v in published_daily])
    axis = _Axis(first, last, TOP, True, _round_up(peak))
    ticks = [10 ** k for k in range(0, int(math.log10(axis.y_max)) + 1)]
    _panel(out, axis, "每日新增确诊 Daily new confirmed cases (log scale)", ticks, dates, markers)
    _line(out, axis, list(zip(dates, model["new_confirmed"])), MODEL_COLOR, "model_new_confirmed")
    _steps(out, axis, intervals, INTERVAL_COLOR, "published_interval_mean")
    _dots(out, axis, published_daily, PUBLISHED_COLOR, "published_new_confirmed")
    _dots(out, axis, [(d, v) for d, v, _ in published.SURVEILLANCE_DAILY], SURVEILLANCE_COLOR,
          "surveillance_daily", shape="square")
    _legend(out, LEFT + 10, TOP + 20, [
        (MODEL_COLOR, "model 模型 (new confirmed by report date)"),
        (PUBLISHED_COLOR, "published daily count 公布"),
        (INTERVAL_COLOR, "mean a day between published totals"),
        (SURVEILLANCE_COLOR, "surveillance system (Wang D. et al.)")])

    # Panel 2: cumulative confirmed.
    top = TOP + PANEL_HEIGHT + PANEL_GAP
    peak = max(model["cumulative_confirmed"][-1], cumulative[-1][1])
    axis = _Axis(first, last, top, False, _round_up(peak))
    ticks = [axis.y_max * k / 5 for k in range(6)]
    _panel(out, axis, "累计确诊 Cumulative confirmed cases", ticks, dates, markers)
    _line(out, axis, list(zip(dates, model["cumulative_confirmed"])), MODEL_COLOR,
          "model_cumulative_confirmed")
    _dots(out, axis, [(d, v) for d, v, _ in cumulative], PUBLISHED_COLOR,
          "published_cumulative_confirmed")
    _legend(out, LEFT + 10, top + 20, [(MODEL_COLOR, "model 模型"),
                                        (PUBLISHED_COLOR, "published 公布 (wuhan-2020.md 2.1)")])

    # Panel 3: the model's weekly rt by infection date (None where too few
    # infections to say), with the published estimates of Kucharski et al.
    top += PANEL_HEIGHT + PANEL_GAP
    axis = _Axis(first, last, top, False, 3.0)
    ticks = [0.5 * k for k in range(7)]
    _panel(out, axis, "再生数 rt: model, 7-day mean by infection date; published estimates",
           ticks, dates, markers)
    y1 = axis.y(1.0)
    out.append(f'<line x1="{LEFT}" y1="{y1:.1f}" x2="{WIDTH - RIGHT}" y2="{y1:.1f}" '
               f'stroke="#2ca02c" stroke-dasharray="6,3"/>')
    _line(out, axis, [(d, v) for d, v in zip(dates, model["weekly_rt"]) if v is not None],
          MODEL_COLOR, "model_weekly_rt")
    out.append(f'<g data-series="published_rt" stroke="{PUBLISHED_COLOR}" '
               f'fill="{PUBLISHED_COLOR}">')
    for day, value, low, high in published.RT_ESTIMATES:
        x = axis.x(day)
        out.append(f'<line x1="{x:.1f}" y1="{axis.y(low):.1f}" x2="{x:.1f}" '
                   f'y2="{axis.y(high):.1f}"/>')
        out.append(f'<circle cx="{x:.1f}" cy="{axis.y(value):.1f}" r="3.5"/>')
    out.append("</g>")
    _legend(out, WIDTH - RIGHT - 290, top + PANEL_HEIGHT - 30, [
        (MODEL_COLOR, "model 模型 (days with 20+ infections)"),
        (PUBLISHED_COLOR, "Kucharski et al. 2020, 95 % CI (axis cut at 3)")])
    out.append("</svg>")
    return "\n".join(out) + "\n"
