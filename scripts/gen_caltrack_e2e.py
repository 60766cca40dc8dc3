#!/usr/bin/env python3
"""Data and expected figures for the CalTRACK savings end-to-end case and the settlement unit test.

Writes:
  tests/data/e2e/caltrack-e2e.json      ESCo savings offer (gas, contract years from 2025-01-01, station 344) WITHOUT
                                        a baseline, with a franchise deadband at the FSU band: the test fits and
                                        freezes a CalTRACK daily baseline with `renofee baseline fit`
  tests/data/e2e/caltrack-gas.csv       gas register at every local midnight 2024-01-01 .. 2026-01-01
  tests/data/e2e/caltrack-expected.json the fit and the year-1 settlement, computed here
  tests/data/offers/valid/caltrack-savings.json  that offer with the fitted baseline frozen in
  tests/data/savings/caltrack_settlement.tsv  the frozen baseline, the 365 reporting days and the exact settlement
                                        figures, for tests/core/guarantee/caltrack_baseline_test.cpp

Weather: tests/data/knmi/synthetic_344_2023_2025.txt (scripts/gen_test_weather.sh; synthetic, not KNMI data), TG
blank on 2025-02-11, 2025-02-12, 2025-07-20 and 2025-11-30: four reporting days without weather.

Use: known model plus seeded gaussian noise, per local day, 3 decimals (the register's resolution):
  before the works (2024): 1.1 + 0.42 x max(0, 15.5 - T) m3/day, noise sd 0.25;
  after (2025):            0.62 + 0.2 x max(0, 14.5 - T) m3/day, noise sd 0.2;
  T = TG / 10 degC (days without TG use 5.0 degC: they are not compared anyway).

Fit: the independent CalTRACK reference of scripts/gen_caltrack_reference.py (regressions from scratch, t by a
Simpson integral), native settings (degC grid -1..32 step 0.5, 10 non-zero HDD days, 20/1.8 K.day total, slope
p-value <= 0.1, no cooling for gas) on the 365 days [2024-01-02, 2025-01-01). Frozen as the C++ freezes it: each
float's shortest repr, half_even to 9 decimals; balance points exact.

Settlement (docs/savings.md, "Into the contract"; core/guarantee/caltrack_baseline.hpp), all in decimal:
  counted days = days with use and TG; predicted = intercept + beta_hdd x max(0, hbp - T), exact;
  avoided = sum predicted - sum use; bands with every product and division half_even to 12 decimals and every
  square root rounded down to 12 decimals (math.isqrt), then half_even to 3 decimals;
  guaranteed' = guaranteed x counted / 365, half_even 3 decimals; shortfall = guaranteed' - avoided;
  franchise at the FSU band: payable = max(0, shortfall - FSU); compensation = payable x 1.45 EUR/m3, half_up
  cents, capped at 1,500.00.
The fit's floats differ from the C++ doubles in the last bits, so the end-to-end test compares the frozen
coefficients to 2e-9 and the settlement figures to 0.001 m3, and the compensation exactly (this script refuses a
case whose compensation lies within 0.01 cent of a rounding boundary). The unit test feeds the frozen baseline
written here to the C++ and requires every settlement figure exactly.

Usage: python3 scripts/gen_caltrack_e2e.py
"""
import datetime as dt
import json
import math
import pathlib
import random
import sys
from decimal import Decimal as D, ROUND_HALF_EVEN, ROUND_HALF_UP, getcontext
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import gen_caltrack_reference as ref  # noqa: E402

getcontext().prec = 80
AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc
KNMI = ROOT / "tests" / "data" / "knmi" / "synthetic_344_2023_2025.txt"
E12 = D("1e-12")


def knmi_tg():
    days = {}
    for line in KNMI.read_text(encoding="latin-1").splitlines():
        if not line.strip().startswith("344"):
            continue
        f = [x.strip() for x in line.split(",")]
        days[dt.date(int(f[1][:4]), int(f[1][4:6]), int(f[1][6:]))] = int(f[11]) if f[11] else None
    return days


def local_midnight_utc(day):
    return dt.datetime(day.year, day.month, day.day, tzinfo=AMS).astimezone(UTC)


def frozen(x, places=9):
    return D(repr(float(x))).quantize(D(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def mul(a, b):
    return (a * b).quantize(E12, rounding=ROUND_HALF_EVEN)


def div(a, b):
    return (a / b).quantize(E12, rounding=ROUND_HALF_EVEN)


def root(a):
    """sqrt(a) rounded down to 12 decimals: isqrt(floor(a x 10^24)) / 10^12."""
    return D(math.isqrt(int((a * D(10) ** 24).to_integral_value(rounding="ROUND_FLOOR")))).scaleb(-12)


def bands(stats, observed, counted):
    n = D(stats["observations"])
    m = D(counted)
    rho = stats["autocorrelation"]
    n_prime = div(n * (1 - rho), 1 + rho)
    t_rmse = mul(stats["t_value"], stats["rmse_adj"])
    post_mean = div(observed, m)
    gap = stats["observed_mean"] - post_mean
    model = mul(div(mul(t_rmse, m), root(n)), root(1 + div(mul(gap, gap), stats["observed_variance"])))
    noise = mul(t_rmse, root(div(mul(m, n), n_prime)))
    ols = root(mul(model, model) + mul(noise, noise)).quantize(D("0.001"), rounding=ROUND_HALF_EVEN)
    months = div(m, D(30))
    poly = mul(D("-0.00024"), mul(months, months)) + mul(D("0.03535"), months) + D("1.00286")
    spread = root(div(mul(div(n, n_prime), 1 + div(D(2), n_prime)), m))
    fsu = mul(mul(mul(n, t_rmse), poly), spread).quantize(D("0.001"), rounding=ROUND_HALF_EVEN)
    return ols, fsu


def gas_use(rng, day, t):
    if day < dt.date(2025, 1, 1):
        v = 1.1 + 0.42 * max(0.0, 15.5 - t) + rng.gauss(0, 0.25)
    else:
        v = 0.62 + 0.2 * max(0.0, 14.5 - t) + rng.gauss(0, 0.2)
    return D(repr(max(0.05, v))).quantize(D("0.001"), rounding=ROUND_HALF_EVEN)


def main():
    tg = knmi_tg()
    rng = random.Random(20261203)
    first, last = dt.date(2024, 1, 1), dt.date(2026, 1, 1)
    use = {}
    day = first
    while day < last:
        t = tg.get(day)
        use[day] = gas_use(rng, day, (t if t is not None else 50) / 10)
        day += dt.timedelta(days=1)
    register = D("8000.000")
    lines = ["meter_id,channel,timestamp,value"]
    day = first
    while day <= last:
        lines.append(f"G-7,gas,{local_midnight_utc(day).strftime('%Y-%m-%dT%H:%M:%SZ')},{register}")
        if day < last:
            register += use[day]
        day += dt.timedelta(days=1)
    out = ROOT / "tests" / "data" / "e2e"
    (out / "caltrack-gas.csv").write_text("\n".join(lines) + "\n")

    # The fit on [2024-01-02, 2025-01-01).
    b0, b1 = dt.date(2024, 1, 2), dt.date(2025, 1, 1)
    rows = []
    day = b0
    while day < b1:
        rows.append({"use": float(use[day]), "days": 1, "temps": [tg[day] / 10], "why": None})
        day += dt.timedelta(days=1)
    grid = [k * 0.5 for k in range(-2, 65)]
    used, y, w, best, qualified = ref.fit(rows, "daily", grid, False, 10, 20 / 1.8, 0.1)
    assert best[0] == "hdd_only", best
    npar = 1
    obs = [r["use"] for r in used]
    res = [ref.per_day(best, r) * r["days"] - r["use"] for r in used]
    n = len(used)
    m_obs = sum(obs) / n
    a_, b_ = res[1:], res[:-1]
    ma, mb = sum(a_) / len(a_), sum(b_) / len(b_)
    rho = sum((x - ma) * (z - mb) for x, z in zip(a_, b_)) / math.sqrt(
        sum((x - ma) ** 2 for x in a_) * sum((z - mb) ** 2 for z in b_))
    stats = {
        "observations": n,
        "observed_mean": frozen(sum(abs(o) for o in obs) / n),
        "observed_variance": frozen(sum((o - m_obs) ** 2 for o in obs) / n),
        "rmse_adj": frozen(math.sqrt(sum(e * e for e in res) / (n - npar))),
        "autocorrelation": frozen(rho),
        "r_squared_adj": frozen(best[4]),
        "t_value": frozen(ref.t_quantile(0.95, n - npar)),
    }
    hbp = D(repr(best[1]))
    intercept, beta = frozen(best[3][0]), frozen(best[3][1])

    # Year 1 (2025) settled day by day.
    counted, without_weather, counterfactual, observed, left_out = 0, [], D(0), D(0), D(0)
    day = dt.date(2025, 1, 1)
    while day < last:
        if tg.get(day) is None:
            without_weather.append(day.isoformat())
            left_out += use[day]
        else:
            counted += 1
            t = D(tg[day]) / 10
            counterfactual += intercept + beta * max(D(0), hbp - t)
            observed += use[day]
        day += dt.timedelta(days=1)
    avoided = counterfactual - observed
    ols, fsu = bands(stats, observed, counted)
    guaranteed = int(avoided + fsu + 20)
    guaranteed_counted = (D(guaranteed) * counted / 365).quantize(D("0.001"), rounding=ROUND_HALF_EVEN)
    shortfall = guaranteed_counted - avoided
    payable = max(D(0), shortfall - fsu)
    exact = payable * D("1.45")
    compensation = min(exact.quantize(D("0.01"), rounding=ROUND_HALF_UP), D("1500.00"))
    frac = (exact * 100) % 1
    assert abs(frac - D("0.5")) > D("0.0001"), "compensation too close to a cent boundary: change the seed"

    offer = json.loads((out / "savings-e2e.json").read_text())
    offer["id"] = "caltrack-e2e"
    offer["start_date"] = "2025-01-01"
    offer["guarantees"] = [{
        "kind": "savings", "term_years": 10, "carrier": "gas", "guaranteed_savings": str(guaranteed),
        "price_per_unit": "1.45", "price_escalation": "0.02", "excess_share_percent": "50", "station": 344,
        "deadband": {"mode": "franchise", "band": "fsu"}, "yearly_cap_eur": "1500.00"}]
    (out / "caltrack-e2e.json").write_text(json.dumps(offer, indent=1) + "\n")
    # The same offer with the baseline frozen in: the shape `renofee baseline fit --accept` stores, for the
    # schema test and the reader's round trip (tests/data/offers/valid/).
    frozen_offer = json.loads(json.dumps(offer))
    frozen_offer["guarantees"][0]["baseline"] = {
        "model": "caltrack_daily", "model_type": best[0], "heating_balance_point_c": str(hbp),
        "intercept": str(intercept), "beta_hdd": str(beta), "beta_cdd": "0.000000000",
        "statistics": {"observations": n, "parameters": npar, **{k: str(v) for k, v in stats.items() if k != "observations"},
                       "candidates_qualified": qualified},
        "settings": {"confidence_level": "0.9", "grid_min_c": "-1", "grid_max_c": "32", "grid_step_c": "0.5",
                     "fit_cdd": False, "maximum_p_value": "0.1", "baseline_begin": b0.isoformat(),
                     "baseline_end": b1.isoformat()}}
    valid = ROOT / "tests" / "data" / "offers" / "valid"
    valid.mkdir(exist_ok=True)
    (valid / "caltrack-savings.json").write_text(json.dumps(frozen_offer, indent=1) + "\n")
    expected = {
        "model_type": best[0], "heating_balance_point_c": str(hbp), "intercept": str(intercept),
        "beta_hdd": str(beta), "candidates_qualified": qualified,
        "statistics": {k: str(v) for k, v in stats.items()},
        "days_counted": counted, "days_without_weather": without_weather, "use_left_out": str(left_out),
        "counterfactual": str(counterfactual), "observed": str(observed), "avoided": str(avoided),
        "avoided_band_ols": str(ols), "avoided_band_fsu": str(fsu), "guaranteed_savings": str(guaranteed),
        "guaranteed_savings_counted": str(guaranteed_counted), "shortfall": str(shortfall),
        "payable_quantity": str(payable), "compensation": str(compensation),
    }
    (out / "caltrack-expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")

    # The unit test's settlement reference: the frozen baseline above and the 2025 days.
    tsv = ["# frozen CalTRACK daily baseline and 2025 reporting days (scripts/gen_caltrack_e2e.py)",
           f"hbp\t{hbp}", f"intercept\t{intercept}", f"beta_hdd\t{beta}"]
    tsv += [f"{k}\t{v}" for k, v in stats.items()]
    tsv += [f"expect_counted\t{counted}", f"expect_counterfactual\t{counterfactual}",
            f"expect_observed\t{observed}", f"expect_avoided\t{avoided}", f"expect_ols\t{ols}",
            f"expect_fsu\t{fsu}", f"expect_left_out\t{left_out}", f"guaranteed\t{guaranteed}",
            f"expect_guaranteed_counted\t{guaranteed_counted}", f"expect_shortfall\t{shortfall}",
            f"expect_payable\t{payable}", f"expect_compensation\t{compensation}"]
    day = dt.date(2025, 1, 1)
    while day < last:
        t = tg.get(day)
        tsv.append(f"{day.isoformat()}\t{use[day]}\t{'' if t is None else t}")
        day += dt.timedelta(days=1)
    (ROOT / "tests" / "data" / "savings").mkdir(exist_ok=True)
    (ROOT / "tests" / "data" / "savings" / "caltrack_settlement.tsv").write_text("\n".join(tsv) + "\n")
    print(json.dumps(expected, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
