"""Published Wuhan counts of 2020 that the validation compares with.

Only numbers that are in /work/shared/reference/wuhan-2020.md, each with the
section of that file and the source it names. Counts are confirmed cases
by report date in Wuhan unless the row says otherwise.
"""

# Cumulative confirmed cases in Wuhan (wuhan-2020.md 2.1).
CUMULATIVE_CONFIRMED = [
    ("2020-01-20", 198, "Daily Asian Age/Straits Times"),
    ("2020-01-30", 2639, "People's Daily app"),
    ("2020-02-01", 4109, "SCMP via Yahoo"),
    ("2020-02-05", 10117, "feifmx.com summary"),
    ("2020-02-17", 42752, "CGTN 2020-02-18"),
    ("2020-02-29", 48557, "Wu JT et al., Nat Med 2020"),
    ("2020-03-18", 49973, "Wang Dongming et al. (surveillance system)"),
    ("2020-03-30", 50006, "PMC7204764"),
]

# Daily new confirmed cases in Wuhan by report date (wuhan-2020.md 2.1).
DAILY_CONFIRMED = [
    ("2020-01-28", 315, "SCMP via Yahoo"),
    ("2020-01-29", 356, "SCMP via Yahoo"),
    ("2020-01-30", 378, "SCMP via Yahoo"),
    ("2020-01-31", 576, "SCMP via Yahoo"),
    ("2020-02-01", 894, "SCMP via Yahoo"),
    ("2020-02-12", 13426, "Xinhua; Caixin (clinically diagnosed cases counted)"),
    ("2020-03-11", 8, "feifmx.com summary (first day in single digits)"),
    ("2020-03-18", 0, "feifmx.com summary; PMC7204764 (first day with none)"),
]

# Daily counts of the Hubei surveillance system's Wuhan cases (Wang
# Dongming et al., wuhan-2020.md 2.1); whether they are by onset,
# diagnosis or report date is not stated in the reference.
SURVEILLANCE_DAILY = [
    ("2020-02-01", 3374, "Wang Dongming et al. (daily spike)"),
    ("2020-02-19", 301, "Wang Dongming et al."),
    ("2020-03-01", 57, "Wang Dongming et al."),
]

# Rt by infection date, (date, median, 95 % CI low, high): one week before and
# one week after 23 January (Kucharski et al., Lancet Infect Dis 2020,
# preprint abstract; wuhan-2020.md 2.2).
RT_ESTIMATES = [
    ("2020-01-16", 2.35, 1.15, 4.77),
    ("2020-01-30", 1.05, 0.41, 2.39),
]

# The published targets of issue 14 (wuhan-2020.md 2.2; epi-parameters.md 1.7).
DOUBLING_LOW, DOUBLING_HIGH = 6.4, 7.4  # Wu, Leung & Leung 2020 (6.4 d); Li et al. 2020 (7.4 d)
CORDON = "2020-01-23"
RT_BELOW_ONE_WITHIN_DAYS = 21
PEAK_FIRST, PEAK_LAST = "2020-02-01", "2020-02-20"  # "early to mid February"
LATE_DATE = "2020-03-31"
LATE_DAILY_BELOW = 10
FULL_POPULATION = 11212000  # end-2019 residents (wuhan-2020.md header)
