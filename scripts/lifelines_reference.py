#!/usr/bin/env python3
"""Reference values for `registry-core::curves` from lifelines, and the lifelines side of the
curves benchmark (docs/analyses.md, docs/benchmarks.md).

    python3 scripts/lifelines_reference.py fixtures [--out DIR]
        Writes one JSON fixture per data set (the CLINICAL.md §6 vector, randomised sets, one
        drug-survival set). The Rust tests read them; nothing here runs at test time.
    python3 scripts/lifelines_reference.py bench-data FILE [--n N]
        Writes N synthetic episodes as a CSV of time,event (1 response, 2 competing, 0 censored).
    python3 scripts/lifelines_reference.py bench FILE --ours JSON
        Times lifelines (KM + Greenwood CI + Aalen–Johansen of both events) on FILE, checks its
        last row against ours (the JSON line printed by the `bench_curves` example) and prints
        both timings and the ratio.

Everything is deterministic: the data come from a fixed seed.
"""

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import lifelines
from lifelines import AalenJohansenFitter, KaplanMeierFitter

SEED = 20261203
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "registry-core/src/curves/fixtures/lifelines"

# Event codes, as in CLINICAL.md §6.
CENSORED, RESPONSE, COMPETING = 0, 1, 2


class TiedAalenJohansenFitter(AalenJohansenFitter):
    """AalenJohansenFitter on the original times, ties kept.

    lifelines jitters the event times when events of different types share a time. Its estimator
    itself, CIF_k(t) = sum over s <= t of S(s-) * d_k(s) / n(s) with S the all-cause Kaplan-Meier
    and n(s) counting those censored at s, is well defined with ties (it is the Aalen-Johansen
    estimator of curves/mod.rs), so the tie check is switched off and the fitter runs unchanged
    on the exact times. The variance (not compared) is skipped via calculate_variance=False.
    """

    @staticmethod
    def _check_for_duplicates(durations, events):
        return False


def number(x):
    """A float for JSON: NaN (no value in lifelines) becomes null."""
    x = float(x)
    return None if math.isnan(x) else x


def fit_curves(times, codes):
    """lifelines' values at every time with a response or a competing event."""
    times = np.asarray(times, dtype=float)
    codes = np.asarray(codes, dtype=int)
    # KM of the response; competing events count as censored (event_observed is False for them).
    km = KaplanMeierFitter(alpha=0.05).fit(times, event_observed=codes == RESPONSE)
    s = km.survival_function_.iloc[:, 0]
    low, high = km.confidence_interval_.iloc[:, 0], km.confidence_interval_.iloc[:, 1]
    aj = {
        k: TiedAalenJohansenFitter(calculate_variance=False).fit(times, codes, event_of_interest=k)
        for k in (RESPONSE, COMPETING)
    }
    for fitted in aj.values():
        # No jitter happened: the table is indexed by the original distinct times (and 0).
        assert np.array_equal(fitted.cumulative_density_.index.values, np.unique(np.append(times, 0.0)))
    cif = {k: fitted.cumulative_density_.iloc[:, 0] for k, fitted in aj.items()}
    # at_risk counts those censored at t (events first); "observed" there is any event.
    table = aj[COMPETING].event_table
    event_times = np.unique(times[codes != CENSORED])
    rows = []
    for t in event_times:
        r = table.loc[t]
        rows.append(
            {
                "t": int(t),
                "at_risk": int(r["at_risk"]),
                "events": int(km.event_table.loc[t, "observed"]),
                "competing": int(r["observed_2"]),
                "censored": int(r["censored"]),
                "km_1_minus_s": number(1 - s.loc[t]),
                # 1 - S is decreasing in S: its lower limit comes from S's upper one.
                "km_ci_low": number(1 - high.loc[t]),
                "km_ci_high": number(1 - low.loc[t]),
                "aj_cif_response": number(cif[RESPONSE].loc[t]),
                "aj_cif_competing": number(cif[COMPETING].loc[t]),
            }
        )
    return rows


def survival_rows(times, stopped):
    """Kaplan–Meier drug survival S(t) and its CI at every discontinuation time."""
    times = np.asarray(times, dtype=float)
    km = KaplanMeierFitter(alpha=0.05).fit(times, event_observed=stopped)
    s = km.survival_function_.iloc[:, 0]
    ci = km.confidence_interval_
    rows = []
    for t in np.unique(times[np.asarray(stopped)]):
        e = km.event_table.loc[t]
        rows.append(
            {
                "t": int(t),
                "at_risk": int(e["at_risk"]),
                "discontinued": int(e["observed"]),
                "censored": int(e["censored"]),
                "survival": number(s.loc[t]),
                "ci_low": number(ci.iloc[:, 0].loc[t]),
                "ci_high": number(ci.iloc[:, 1].loc[t]),
            }
        )
    return rows


def random_set(rng, n, grid, p):
    """n episodes on a visit grid (many ties), outcome codes drawn with probabilities p."""
    times = rng.choice(grid, size=n)
    codes = rng.choice([CENSORED, RESPONSE, COMPETING], size=n, p=p)
    return times.tolist(), codes.tolist()


def data_sets(rng):
    """The response-curve data sets: name, description, times, codes."""
    weeks = np.arange(4, 53, 4)  # 4-weekly visits to week 52: 13 distinct times
    days = np.arange(1, 61)
    sets = [
        (
            "clinical_vector",
            "CLINICAL.md §6 vector (weeks)",
            [12, 16, 20, 24, 24, 36, 40, 52],
            [1, 1, 2, 0, 1, 1, 2, 0],
        )
    ]
    specs = [
        ("random_10", "10 episodes, 4-weekly grid", 10, weeks, [0.3, 0.5, 0.2]),
        (
            "random_25_ends_at_zero",
            "25 episodes; all left at the last time respond (S = 0)",
            25,
            weeks,
            [0.3, 0.5, 0.2],
        ),
        ("random_60", "60 episodes, 4-weekly grid, heavy censoring", 60, weeks, [0.5, 0.3, 0.2]),
        ("random_150_days", "150 episodes on days 1-60", 150, days, [0.35, 0.4, 0.25]),
        ("random_300", "300 episodes, 4-weekly grid, many competing events", 300, weeks, [0.2, 0.4, 0.4]),
        ("random_500", "500 episodes, 4-weekly grid", 500, weeks, [0.35, 0.45, 0.2]),
    ]
    for name, description, n, grid, p in specs:
        times, codes = random_set(rng, n, grid, p)
        if name == "random_10":
            # The first time has only a competing event: S = 1 there, a degenerate interval.
            first = min(range(n), key=lambda i: times[i])
            times[first], codes[first] = int(grid[0]) - 1, COMPETING
        if name.endswith("ends_at_zero"):
            last = max(times)
            codes = [RESPONSE if t == last else c for t, c in zip(times, codes)]
        sets.append((name, description, [int(t) for t in times], [int(c) for c in codes]))
    return sets


def write_fixtures(out):
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    header = {
        "source": "scripts/lifelines_reference.py",
        "lifelines_version": lifelines.__version__,
        "seed": SEED,
    }
    for name, description, times, codes in data_sets(rng):
        fixture = dict(header, name=name, description=description, time=times, event=codes)
        fixture["rows"] = fit_curves(times, codes)
        dump(out / f"{name}.json", fixture)

    # Drug survival: days to discontinuation, reasons 1 adverse event, 2 inefficacy, 3 other,
    # 0 ongoing at the end of follow-up (censored).
    n = 200
    times = rng.choice(np.arange(30, 731, 30), size=n).tolist()
    reasons = rng.choice([0, 1, 2, 3], size=n, p=[0.4, 0.25, 0.25, 0.1]).tolist()
    fixture = dict(header, name="drug_survival", description="200 courses, monthly grid, 3 reasons")
    fixture.update(time=[int(t) for t in times], reason=[int(r) for r in reasons])
    fixture["overall"] = survival_rows(times, [r != 0 for r in reasons])
    fixture["by_reason"] = [
        # The reason is the event, every other reason the competing one, as drug_survival does.
        {
            "reason": k,
            "rows": fit_curves(times, [0 if r == 0 else RESPONSE if r == k else COMPETING for r in reasons]),
        }
        for k in sorted(set(reasons) - {0})
    ]
    dump(out / "drug_survival.json", fixture)


def dump(path, fixture):
    path.write_text(layout(fixture) + "\n")
    print(f"wrote {path}", file=sys.stderr)


def layout(value, indent=""):
    """JSON with one row per line (readable diffs); floats are written exactly (repr)."""
    inner = indent + " "
    if isinstance(value, dict) and any(
        isinstance(v, list) and v and isinstance(v[0], dict) for v in value.values()
    ):
        items = [f"{inner}{json.dumps(k)}: {layout(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "[\n" + ",\n".join(inner + layout(v, inner) for v in value) + "\n" + indent + "]"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def write_bench_data(path, n):
    """n episodes over study days 1-730, about 45 % responses, 15 % competing, 40 % censored."""
    rng = np.random.default_rng(SEED)
    frame = pd.DataFrame(
        {
            "time": rng.integers(1, 731, size=n),
            "event": rng.choice([CENSORED, RESPONSE, COMPETING], size=n, p=[0.4, 0.45, 0.15]),
        }
    )
    frame.to_csv(path, index=False)


def lifelines_curves(times, codes):
    """What `response_curve` computes, the lifelines way: KM + CI, AJ of both events."""
    km = KaplanMeierFitter().fit(times, event_observed=codes == RESPONSE)
    aj = [
        TiedAalenJohansenFitter(calculate_variance=False).fit(times, codes, event_of_interest=k)
        for k in (RESPONSE, COMPETING)
    ]
    return km, aj


def bench(path, ours, repeats):
    frame = pd.read_csv(path)  # reading is not timed, as on our side
    times, codes = frame["time"].to_numpy(dtype=float), frame["event"].to_numpy()
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        km, aj = lifelines_curves(times, codes)
        best = min(best, time.perf_counter() - start)
    ours = json.loads(ours)
    last = np.unique(times[codes != CENSORED])[-1]
    theirs = {
        "km_1_minus_s": 1 - km.survival_function_.iloc[:, 0].loc[last],
        "aj_cif_response": aj[0].cumulative_density_.iloc[:, 0].loc[last],
        "aj_cif_competing": aj[1].cumulative_density_.iloc[:, 0].loc[last],
    }
    worst = max(abs(ours["last"][k] - v) for k, v in theirs.items())
    print(f"episodes: {len(times)}, event times: {ours['rows']}, last row differs by {worst:.1e}")
    print(f"ours (best of {ours['repeats']}):      {ours['seconds']:.4f} s")
    print(f"lifelines {lifelines.__version__} (best of {repeats}): {best:.4f} s")
    print(f"lifelines / ours: {best / ours['seconds']:.1f}")
    if worst > 1e-9:
        sys.exit("the two disagree")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("fixtures")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT)
    p = sub.add_parser("bench-data")
    p.add_argument("file", type=Path)
    p.add_argument("--n", type=int, default=1_000_000)
    p = sub.add_parser("bench")
    p.add_argument("file", type=Path)
    p.add_argument("--ours", required=True, help="the JSON line printed by the bench_curves example")
    p.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.command == "fixtures":
        write_fixtures(args.out)
    elif args.command == "bench-data":
        write_bench_data(args.file, args.n)
    else:
        bench(args.file, args.ours, args.repeats)


if __name__ == "__main__":
    main()
