"""SVG chart of the forecast's backtest: truth against the 5-95 % band.

Reads the CSV that `fk_backtest_bench DB_URL CSV` writes (one row per
forecast day, region and projected day) and draws one panel per (forecast
day, region): the band of newly confirmed cases a day, its median, and the
cases the truth reported, each marked covered (dot) or not (cross).
Hand-written SVG, python3 standard library only; the output depends only on
the input. Usage: backtest_chart.py CSV SVG
"""

import csv
import math
import sys

PANEL_W, PANEL_H = 230, 150
LEFT, TOP, GAP_X, GAP_Y = 60, 70, 30, 55
BAND, MEDIAN, TRUTH, MISS = "#f4b6b6", "#d62728", "#1f2f4f", "#ff7f0e"


def _esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _nice(value):
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def main(src, dst):
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cutoffs = sorted({r["cutoff"] for r in rows})
    regions = []
    for r in rows:
        if r["region"] not in regions:
            regions.append(r["region"])
    covered = sum(int(r["covered"]) for r in rows)
    width = LEFT + len(regions) * (PANEL_W + GAP_X)
    height = TOP + len(cutoffs) * (PANEL_H + GAP_Y)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">'
           f"回测 Backtest: 每日新增确诊 new confirmed cases a day, 5-95 % band vs truth</text>",
           f'<text x="{LEFT}" y="46" font-size="12">covered {covered} of {len(rows)} '
           f"(day, region) pairs ({100 * covered / len(rows):.1f} %); band red, median line, "
           f"truth dots (orange crosses: outside the band)</text>"]
    for i, cutoff in enumerate(cutoffs):
        for j, region in enumerate(regions):
            pts = [r for r in rows if r["cutoff"] == cutoff and r["region"] == region]
            if not pts:
                continue
            x0 = LEFT + j * (PANEL_W + GAP_X)
            y0 = TOP + i * (PANEL_H + GAP_Y)
            y_max = _nice(max(max(float(p["p95"]), float(p["truth"])) for p in pts))
            n = len(pts)

            def px(k, n=n, x0=x0):
                return x0 + PANEL_W * (k + 0.5) / n

            def py(v, y0=y0, y_max=y_max):
                return y0 + PANEL_H * (1 - v / y_max)

            hit = sum(int(p["covered"]) for p in pts)
            out.append(f'<text x="{x0}" y="{y0 - 8}" font-size="10">'
                       f"{_esc(region)} ({_esc(pts[0]['level'])}), to {_esc(cutoff)}: "
                       f"{hit}/{n}</text>")
            out.append(f'<rect x="{x0}" y="{y0}" width="{PANEL_W}" height="{PANEL_H}" '
                       f'fill="none" stroke="#999"/>')
            for tick in (0, y_max / 2, y_max):
                out.append(f'<text x="{x0 - 4}" y="{py(tick) + 4:.1f}" font-size="10" '
                           f'text-anchor="end">{tick:g}</text>')
            upper = " ".join(f"{px(k):.1f},{py(float(p['p95'])):.1f}" for k, p in enumerate(pts))
            lower = " ".join(f"{px(k):.1f},{py(float(p['p05'])):.1f}"
                             for k, p in reversed(list(enumerate(pts))))
            out.append(f'<polygon points="{upper} {lower}" fill="{BAND}" stroke="none"/>')
            median = " ".join(f"{px(k):.1f},{py(float(p['median'])):.1f}"
                              for k, p in enumerate(pts))
            out.append(f'<polyline points="{median}" fill="none" stroke="{MEDIAN}" '
                       f'stroke-width="1.5"/>')
            for k, p in enumerate(pts):
                x, y = px(k), py(float(p["truth"]))
                if int(p["covered"]):
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{TRUTH}"/>')
                else:
                    out.append(f'<path d="M{x - 3:.1f},{y - 3:.1f}l6,6m0,-6l-6,6" '
                               f'stroke="{MISS}" stroke-width="1.5"/>')
            out.append(f'<text x="{x0}" y="{y0 + PANEL_H + 14}" font-size="10">'
                       f"{_esc(pts[0]['date'][5:])}</text>")
            out.append(f'<text x="{x0 + PANEL_W}" y="{y0 + PANEL_H + 14}" font-size="10" '
                       f'text-anchor="end">{_esc(pts[-1]["date"][5:])}</text>')
    out.append("</svg>")
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: backtest_chart.py CSV SVG")
    main(sys.argv[1], sys.argv[2])
