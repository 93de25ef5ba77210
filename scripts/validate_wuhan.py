#!/usr/bin/env python3
"""Judged validation of scenarios/wuhan-2020.toml against the published curves (issue 14).

    scripts/validate_wuhan.py [--scenario FILE] [--population N] [--seed S] [--out DIR] [--svg FILE]
                              [--binary PATH] [--threads T] [--no-run]

Runs `fangkong simulate --scenario scenarios/wuhan-2020.toml` (unless
--no-run: then it reads an existing DIR), reads daily.csv and summary.json
and checks the four criteria of issue 14 against the published targets:

 1. the doubling time of daily new infections before the cordon, from a
    least-squares fit of ln(new infections) on the day over 1-19 January
    2020 (before 20 January, when the first measures that change
    transmission start), is within 6.4-7.4 days (Wu et al. 2020; Li et
    al. 2020);
 2. rt (daily.csv: secondary cases per person infected that day), as a
    7-day mean weighted by the day's infections, falls below 1 and stays
    below 1 for 14 days, from a day no later than 21 days after 23 January
    (13 February);
 3. daily new confirmed cases peak in early to mid February (1-20 February);
 4. daily new confirmed cases on 31 March are under 10.

A run with fewer agents than the city's 11,212,000 is scaled: the initial
infections and the measures' daily capacities (tests_per_day,
cases_per_day, stock, production_per_day, beds, icu_beds) are set in proportion (rounded,
at least 1) in a copy of the scenario in DIR, and counts are
multiplied by 11,212,000 / N before they are compared with the targets
and drawn. Prints PASS/FAIL for each and exits 0 when all four pass, 1
when one fails, 2 on a usage or run error. With --svg it draws the model's
confirmed cases beside the published counts (scripts/wuhan_chart.py).
python3 standard library only.
"""

import argparse
import csv
import datetime
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wuhan_chart  # noqa: E402
import wuhan_published as pub  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIO = os.path.join(ROOT, "scenarios", "wuhan-2020.toml")
FIT_FIRST, FIT_LAST = "2020-01-01", "2020-01-19"
RT_STAYS_DAYS = 14


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--binary", default=os.path.join(ROOT, "build", "release", "fangkong"))
    p.add_argument("--scenario", default=SCENARIO, help="a variant of the scenario to check")
    p.add_argument("--population", type=int, default=pub.FULL_POPULATION)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=0, help="0: fangkong's default (all cores)")
    p.add_argument("--out", default=os.path.join(ROOT, "out", "validate-wuhan"))
    p.add_argument("--svg", help="write the chart here")
    p.add_argument("--json", help="write the computed numbers here")
    p.add_argument("--no-run", action="store_true", help="read an existing --out folder")
    return p.parse_args()


# Keys of measures that are absolute numbers of people or things a day: a
# smaller city gets proportionally fewer.
SCALED_KEYS = ("tests_per_day", "cases_per_day", "stock", "production_per_day", "beds",
               "icu_beds")


def scaled_scenario(text, factor):
    """The scenario text with initial infections and capacities times factor."""
    def scale(match):
        value = max(1, round(int(match.group(3)) * factor))
        return f"{match.group(1)}{match.group(2)} = {value}"
    keys = "|".join(("initial_infections",) + SCALED_KEYS)
    return re.sub(rf"^(\s*)({keys})\s*=\s*(\d+)", scale, text, flags=re.M)


def run_model(args):
    scenario = args.scenario
    if args.population != pub.FULL_POPULATION:
        os.makedirs(args.out, exist_ok=True)
        scenario = os.path.join(args.out, "wuhan-2020-scaled.toml")
        with open(args.scenario) as f, open(scenario, "w") as g:
            g.write(scaled_scenario(f.read(), args.population / pub.FULL_POPULATION))
    cmd = [args.binary, "simulate", "--scenario", scenario, "--population", str(args.population),
           "--seed", str(args.seed), "--out", args.out, "--lang", "en"]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    print("$ " + " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def read_daily(folder):
    with open(os.path.join(folder, "daily.csv"), newline="") as f:
        return list(csv.DictReader(f))


def doubling_time(rows, first, last):
    """ln 2 / slope of the least-squares line of ln(new infections) on the day."""
    points = [(int(r["day"]), math.log(int(r["new_infections"])))
              for r in rows if first <= r["date"] <= last and int(r["new_infections"]) > 0]
    if len(points) < 3:
        return None, len(points)
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return (math.log(2) / slope if slope > 0 else math.inf), n


def weekly_rt(rows, i):
    """rt of the 7 days ending on row i, weighted by the infections of each day."""
    week = rows[max(0, i - 6):i + 1]
    infected = sum(int(r["new_infections"]) for r in week)
    offspring = sum(float(r["rt"]) * int(r["new_infections"]) for r in week)
    return offspring / infected if infected else None


def rt_below_one(rows):
    """First date from which the weekly rt stays below 1 for RT_STAYS_DAYS days."""
    for i in range(len(rows) - RT_STAYS_DAYS):
        if all((weekly_rt(rows, j) or 0) < 1 for j in range(i, i + RT_STAYS_DAYS)):
            return rows[i]["date"]
    return None


def main():
    args = parse_args()
    if not args.no_run:
        try:
            run_model(args)
        except (OSError, subprocess.CalledProcessError) as e:
            print(f"validate_wuhan: the run failed: {e}", file=sys.stderr)
            return 2
    rows = read_daily(args.out)
    with open(os.path.join(args.out, "summary.json")) as f:
        summary = json.load(f)
    agents = summary["agents"]
    scale = pub.FULL_POPULATION / agents
    by_date = {r["date"]: r for r in rows}

    index = {r["date"]: i for i, r in enumerate(rows)}

    def week_rt(date):
        return weekly_rt(rows, index[date]) or 0.0

    doubling, fit_days = doubling_time(rows, FIT_FIRST, FIT_LAST)
    cordon = datetime.date.fromisoformat(pub.CORDON)
    deadline = (cordon + datetime.timedelta(days=pub.RT_BELOW_ONE_WITHIN_DAYS)).isoformat()
    rt_day = rt_below_one(rows)
    peak = max(rows, key=lambda r: (int(r["new_confirmed"]), -int(r["day"])))
    late = by_date.get(pub.LATE_DATE)
    late_daily = int(late["new_confirmed"]) * scale if late else None

    checks = [
        ("doubling time of new infections, fit 1-19 Jan",
         f"{doubling:.2f} d over {fit_days} days" if doubling else "no fit",
         f"{pub.DOUBLING_LOW}-{pub.DOUBLING_HIGH} d",
         doubling is not None and pub.DOUBLING_LOW <= doubling <= pub.DOUBLING_HIGH),
        ("weekly rt below 1 (for 14 days) from", rt_day or "never", f"by {deadline}",
         rt_day is not None and rt_day <= deadline),
        ("peak of daily new confirmed",
         f"{peak['date']} ({int(peak['new_confirmed']) * scale:,.0f} a day)",
         f"{pub.PEAK_FIRST} to {pub.PEAK_LAST}",
         pub.PEAK_FIRST <= peak["date"] <= pub.PEAK_LAST),
        (f"daily new confirmed on {pub.LATE_DATE}",
         f"{late_daily:,.0f}" if late_daily is not None else "not simulated",
         f"under {pub.LATE_DAILY_BELOW}",
         late_daily is not None and late_daily < pub.LATE_DAILY_BELOW),
    ]
    print(f"wuhan-2020, {agents:,} agents (counts x {scale:.4g}), seed {summary['scenario']['seed']}")
    for name, value, target, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {value} (target {target})")
    total = summary["infections"]["total"]
    confirmed = int(rows[-1]["cumulative_confirmed"])
    print(f"      infections {total * scale:,.0f}, confirmed {confirmed * scale:,.0f} "
          f"({confirmed / total:.1%} of infections), on 2020-03-30 "
          f"{int(by_date['2020-03-30']['cumulative_confirmed']) * scale:,.0f} "
          f"(published 50,006), infections by 2020-01-25 "
          f"{int(by_date['2020-01-25']['cumulative_infections']) * scale:,.0f} "
          f"(Wu et al.: 75,815, 37,304-130,330)")
    print(f"      weekly rt on 2020-01-16 and 2020-01-30 (a week before and after the cordon): "
          f"{week_rt('2020-01-16'):.2f}, {week_rt('2020-01-30'):.2f} "
          f"(Kucharski et al.: 2.35 (1.15-4.77), 1.05 (0.41-2.39))")

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"agents": agents, "scale": scale, "doubling_days": doubling,
                       "rt_below_one_date": rt_day, "confirmed_peak_date": peak["date"],
                       "new_confirmed_late": late_daily, "infections": total * scale,
                       "confirmed": confirmed * scale,
                       "checks": [{"name": c[0], "value": c[1], "target": c[2], "pass": c[3]}
                                  for c in checks]}, f, indent=2)
    if args.svg:
        model = {"dates": [r["date"] for r in rows],
                 "new_confirmed": [int(r["new_confirmed"]) * scale for r in rows],
                 "cumulative_confirmed": [int(r["cumulative_confirmed"]) * scale for r in rows],
                 "weekly_rt": [weekly_rt(rows, i) if sum(
                     int(r["new_infections"]) for r in rows[max(0, i - 6):i + 1]) >= 20 else None
                     for i in range(len(rows))]}
        subtitle = (f"fangkong simulate --scenario scenarios/wuhan-2020.toml, {agents:,} agents"
                    f"{f' (scaled x{scale:.4g})' if scale != 1 else ''}, seed "
                    f"{summary['scenario']['seed']}; published: wuhan-2020.md 2.1")
        with open(args.svg, "w") as f:
            f.write(wuhan_chart.render(model, pub, "武汉 2020 验证 Wuhan 2020: model and published",
                                       subtitle))
    return 0 if all(c[3] for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
