"""Write the INVENTED example authority, Inventedshire: 40 months of made-up figures.

    python examples/make_inventedshire.py

Every figure is invented (seeded, so the same every run): plausible levels and noise for the
standard measures, with a change of target between financial years, a rebase, gaps, and at
least one case of each special-cause rule, so that every part of the SPC output shows.
Nothing here is any real authority's data.
"""

from __future__ import annotations

import csv
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "examples" / "inventedshire"
FIRST = (2018, 4)  # April 2018
MONTHS = 40  # to July 2021
MISSING_MONTH = "2019-08"  # no extract at all that month
POPULATION = {"2018/19": 41500, "2019/20": 42100, "2020/21": 42600, "2021/22": 43000}
SEED = 20210731

# Level and month-to-month noise (standard deviation) of each measure read from an extract.
LEVELS = {
    "contacts": (800, 45), "contacts_to_referral_pct": (34, 2.5), "contacts_1_day_pct": (93, 1.5),
    "referrals": (270, 18), "re_referrals_pct": (24, 1.5), "assessments": (300, 20),
    "assessments_45_days_pct": (86, 1.5), "s47s": (100, 9), "s47_to_icpc_pct": (27, 3),
    "cin_plans": (560, 15), "cin_over_12_months_pct": (20, 1.2), "cin_visits_pct": (89, 2),
    "cp_plans": (340, 10), "cp_repeat_pct": (18, 4), "cp_repeat_2_years_pct": (12, 3),
    "cp_ended_2_years_pct": (3, 1.5), "cp_2_years_pct": (2, 0.5), "icpc_15_days_pct": (80, 5),
    "rcpc_timescale_pct": (88, 5), "cp_visits_pct": (93, 1.2), "cp_seen_alone_pct": (75, 3),
    "cla": (215, 4), "cla_2_years_pct": (42, 1.5), "cla_3_placements_pct": (9, 1.5),
    "cla_stability_pct": (70, 1.5), "cla_20_miles_pct": (28, 2), "cla_seen_alone_pct": (80, 4),
    "cla_health_pct": (95, 0.8), "cla_dental_pct": (70, 3), "iha_timescale_pct": (55, 6),
    "care_leavers": (80, 3), "care_leavers_eet_pct": (50, 3),
    "care_leavers_accommodation_pct": (90, 2), "pathway_plans_pct": (80, 4),
    "caseload": (1830, 40), "children_per_sw": (21.5, 0.5), "avg_caseload_sw": (17, 0.6),
    "supervision": (1000, 40), "supervision_pct": (82, 3), "oversight": (1600, 50),
    "oversight_pct": (91, 2),
}


def month_name(index: int) -> str:
    year, month = divmod(FIRST[0] * 12 + FIRST[1] - 1 + index, 12)
    return f"{year}-{month + 1:02d}"


def shown(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def catalogue() -> dict:
    """The standard catalogue, renamed, with SPC on, a target that changes in 2021/22 and a
    rebase where the front door was reorganised (invented)."""
    from xlscore.initialise import standard_catalogue

    data = yaml.safe_load(standard_catalogue())
    data["authority"] = "Inventedshire"
    data["title"] = "Children's Services Performance Scorecard (INVENTED figures)"
    data["population"] = POPULATION
    for key in ("baseline", "benchmarks", "code"):  # no real authority's code
        data.pop(key, None)
    for section in data["sections"]:
        for measure in section["measures"]:
            measure.pop("benchmark", None)  # no benchmarks here: nothing is local to them
            measure.pop("annex_a", None)  # its figures are hand-kept: it has no Annex A lists
            if measure["id"] == "contacts_1_day_pct":
                measure["target"] = {"2018/19": 90.0, "2019/20": 90.0, "2020/21": 90.0,
                                     "2021/22": 95.0}
                measure["tolerance"] = 5.0
            if measure["id"] == "re_referrals_pct":
                measure["rebase"] = ["2020-04"]  # a new front door (invented)
    data["spc"] = {"from": month_name(0), "min_points": 15, "shift": 7, "trend": 7}
    return data


def figures(rng: random.Random) -> dict[str, list[float | None]]:
    series: dict[str, list[float | None]] = {}
    for mid, (level, sd) in LEVELS.items():
        series[mid] = [rng.gauss(level, sd) for _ in range(MONTHS)]
    last = MONTHS - 1
    # Rule 1, a point beyond a process limit: referrals spike in the latest month.
    series["referrals"][last] = 270 + 7 * 18
    # Rule 2, a shift: placement stability up by 4 points for the last nine months ...
    for i in range(MONTHS - 9, MONTHS):
        series["cla_stability_pct"][i] = rng.gauss(74, 0.8)
    # ... and CP visits down by 3 for the last eight (a concern).
    for i in range(MONTHS - 8, MONTHS):
        series["cp_visits_pct"][i] = rng.gauss(90, 0.6)
    # Rule 3, a trend: children per social worker falling for eight months in a row.
    for step, i in enumerate(range(MONTHS - 8, MONTHS)):
        series["children_per_sw"][i] = 22.4 - 0.5 * step
    # A rising trend in contacts in 2019 (no direction: "neither").
    for step, i in enumerate(range(10, 18)):
        series["contacts"][i] = 760 + 22 * step
    # Rebase: re-referrals fall to a new level from April 2020.
    for i in range(24, MONTHS):
        series["re_referrals_pct"][i] = rng.gauss(19, 1.2)
    # A measure first recorded in August 2020: too few months for limits yet.
    for i in range(28):
        series["avg_caseload_sw"][i] = None
    # Gaps: no extract at all one month ...
    missing = next(i for i in range(MONTHS) if month_name(i) == MISSING_MONTH)
    for values in series.values():
        values[missing] = None
    # ... and dental checks not available while dentists were closed (invented).
    for i in (24, 25, 26):
        series["cla_dental_pct"][i] = None
    return series


def two_of_three(values: list[float | None]) -> list[float | None]:
    """Rule 4: put the latest and the one two before it between the lower near limit and the
    lower process limit (a concern for a higher-is-better measure)."""
    from xlscore.spc import limits

    for k in [x / 20 for x in range(40, 60)]:
        trial = list(values)
        base = [Decimal(str(round(v, 1))) for v in values[:-3] if v is not None]
        lim = limits(base)
        sigma = (lim.upper - lim.mean) / 3
        trial[-3] = trial[-1] = float(lim.mean - Decimal(str(k)) * sigma)
        trial[-2] = float(lim.mean)
        check = limits([Decimal(str(round(v, 1))) for v in trial if v is not None])
        low = [Decimal(str(round(v, 1))) for v in (trial[-3], trial[-1])]
        margin = Decimal("0.3")  # clear of both limits after rounding
        if all(check.lower + margin < v < check.near_lower - margin for v in low):
            return trial
    raise SystemExit("could not place the two-of-three case")


def main() -> None:
    rng = random.Random(SEED)
    series = figures(rng)
    series["assessments_45_days_pct"] = two_of_three(series["assessments_45_days_pct"])
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / "inputs").mkdir(exist_ok=True)
    (FOLDER / "outputs").mkdir(exist_ok=True)
    (FOLDER / "outputs" / ".gitkeep").touch()
    text = yaml.safe_dump(catalogue(), sort_keys=False, allow_unicode=True, width=100)
    header = ("# INVENTED: Inventedshire is not a real authority and every figure is made up\n"
              "# (examples/make_inventedshire.py). It shows statistical process control.\n")
    (FOLDER / "measures.yaml").write_text(header + text, encoding="utf-8")
    counts = {m for m, _ in LEVELS.items() if not m.endswith("_pct")
              and m not in ("children_per_sw", "avg_caseload_sw")}
    with open(FOLDER / "inputs" / "history.csv", "w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["month", "measure", "value", "note"])
        for i in range(MONTHS):
            month = month_name(i)
            if month == MISSING_MONTH:
                continue
            for mid, values in series.items():
                value = values[i]
                if value is None:
                    if mid != "avg_caseload_sw":  # not recorded before August 2020
                        out.writerow([month, mid, "n/a", ""])
                    continue
                if mid.endswith("_pct"):
                    value = min(100.0, max(0.0, value))
                text = (str(shown(value, 0)) if mid in counts else str(shown(value, 1)))
                note = "INVENTED figures" if i == MONTHS - 1 and mid == "referrals" else ""
                out.writerow([month, mid, text, note])
    print(f"wrote {FOLDER / 'measures.yaml'} and {FOLDER / 'inputs' / 'history.csv'}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
