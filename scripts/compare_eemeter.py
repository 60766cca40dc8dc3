#!/usr/bin/env python3
"""Side-by-side check of `renofee savings caltrack` (conformance mode, °F) against OpenEEmeter 3.2.0.

Purpose: docs/savings.md, "Conformance". For each of OpenEEmeter's four sample series, daily and monthly
billing, this runs eemeter's own tutorial pipeline (get_baseline_data(end=blackout start, max_days=365) ->
create_caltrack_{daily,billing}_design_matrix -> fit_caltrack_usage_per_day_model (billing: use_billing_presets,
weights n_days_kept, CalTRACK compliance 3.4.2) -> get_reporting_data(start=blackout end, max_days=365) ->
metered_savings) and `renofee savings caltrack` on the same CSV files, and compares:
  model type and balance points: equal;
  intercept, beta_hdd, beta_cdd, adjusted R², OLS and FSU error bands: within 1e-6 relative;
  metered savings: within 0.01 % (1e-4 relative).
It prints a markdown table (the one recorded in docs/savings.md) and exits 1 on any mismatch.

Inputs (arguments or environment variables; neither the samples nor eemeter are part of this repository):
  --samples DIR      / RENOFEE_EEMETER_SAMPLES: the sample CSVs as eemeter's load_sample loads them
                       (<sample>-daily.meter.csv, <sample>-billing_monthly.meter.csv, il-tempF.hourly.csv)
  --eemeter-src DIR  / RENOFEE_EEMETER_SRC: a checkout of openeemeter/eemeter at tag eemeter-3.2.0 (the folder
                       holding the `eemeter` package); needs pandas, scipy, statsmodels
  --renofee BIN      / RENOFEE_BIN: the renofee executable (default build/src/main/renofee)
  --time             also time eemeter's daily fit (design matrix + fit) per sample (docs/performance.md)
When the samples or the eemeter source are absent it prints "SKIPPED: ..." and exits 0.
"""
import argparse
import json
import os
import subprocess
import sys
import time

SAMPLES = ["il-electricity-cdd-hdd", "il-gas-hdd-only", "il-electricity-cdd-only", "il-gas-intercept-only"]
FORMS = [("daily", "daily"), ("billing_monthly", "billing")]
BLACKOUT_START = "2016-12-26"  # eemeter samples/metadata.json
BLACKOUT_END = "2017-01-04"


def skip(reason):
    print("SKIPPED: " + reason)
    sys.exit(0)


def eemeter_run(eemeter, pd, samples_dir, sample, freq, timing):
    meter_path = os.path.join(samples_dir, "%s-%s.meter.csv" % (sample, freq))
    temp_path = os.path.join(samples_dir, "il-tempF.hourly.csv")
    # load_sample: meter_data_from_csv(freq="daily" for daily, None for billing), temperature resampled hourly.
    meter = eemeter.meter_data_from_csv(meter_path, freq="daily" if freq == "daily" else None)
    temps = eemeter.temperature_data_from_csv(temp_path, freq="hourly", temp_col="tempF")
    start = pd.Timestamp(BLACKOUT_START, tz="UTC")
    end = pd.Timestamp(BLACKOUT_END, tz="UTC")
    baseline, _ = eemeter.get_baseline_data(meter, end=start, max_days=365)

    def fit():
        if freq == "daily":
            dm = eemeter.create_caltrack_daily_design_matrix(baseline, temps)
            return dm, eemeter.fit_caltrack_usage_per_day_model(dm)
        dm = eemeter.create_caltrack_billing_design_matrix(baseline, temps)
        return dm, eemeter.fit_caltrack_usage_per_day_model(dm, use_billing_presets=True, weights_col="n_days_kept")

    seconds = None
    if timing:
        runs = 3
        t0 = time.perf_counter()
        for _ in range(runs):
            fit()
        seconds = (time.perf_counter() - t0) / runs
    dm, model = fit()
    reporting, _ = eemeter.get_reporting_data(meter, start=end, max_days=365)
    results, bands = eemeter.metered_savings(model, reporting, temps, with_disaggregated=True)
    params = model.model.model_params if model.model is not None else {}
    both = results.dropna()
    out = {
        "model_type": model.model.model_type if model.model is not None else None,
        "heating_balance_point": params.get("heating_balance_point"),
        "cooling_balance_point": params.get("cooling_balance_point"),
        "intercept": params.get("intercept"),
        "beta_hdd": params.get("beta_hdd"),
        "beta_cdd": params.get("beta_cdd"),
        "r_squared_adj": model.r_squared_adj,
        "candidates_qualified": sum(1 for c in model.candidates if c.status == "QUALIFIED"),
        "baseline_total": float((dm.meter_value * eemeter.day_counts(dm.index)).dropna().sum()),
        "reporting_observed_total": float(both.reporting_observed.sum()),
        "counterfactual_total": float(both.counterfactual_usage.sum()),
        "metered_savings": float(both.metered_savings.sum()),
        "ols_error_band": bands["OLS Error Band"] if bands else None,
        "fsu_error_band": bands["FSU Error Band"] if bands else None,
    }
    return out, seconds


def renofee_run(binary, samples_dir, sample, freq, form):
    cmd = [binary, "savings", "caltrack",
           "--meter", os.path.join(samples_dir, "%s-%s.meter.csv" % (sample, freq)),
           "--temperature", os.path.join(samples_dir, "il-tempF.hourly.csv"),
           "--baseline-end", BLACKOUT_START, "--reporting-start", BLACKOUT_END,
           "--form", form, "--units", "F", "--format", "json"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError("renofee failed (%d): %s" % (proc.returncode, proc.stderr.strip()))
    return json.loads(proc.stdout)


def rel(a, b):
    if a is None or b is None:
        return 0.0 if a is None and b is None else float("inf")
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", default=os.environ.get("RENOFEE_EEMETER_SAMPLES"))
    ap.add_argument("--eemeter-src", default=os.environ.get("RENOFEE_EEMETER_SRC"))
    ap.add_argument("--renofee", default=os.environ.get("RENOFEE_BIN", "build/src/main/renofee"))
    ap.add_argument("--time", action="store_true")
    args = ap.parse_args()
    if not args.samples or not os.path.isfile(os.path.join(args.samples, "il-tempF.hourly.csv")):
        skip("no eemeter samples folder (--samples or RENOFEE_EEMETER_SAMPLES)")
    if not args.eemeter_src or not os.path.isdir(os.path.join(args.eemeter_src, "eemeter")):
        skip("no eemeter 3.2.0 source (--eemeter-src or RENOFEE_EEMETER_SRC)")
    sys.path.insert(0, args.eemeter_src)
    import warnings
    warnings.simplefilter("ignore")
    try:
        import pandas as pd
        import eemeter
    except ImportError as e:
        skip("eemeter cannot be imported: %s" % e)
    if not os.access(args.renofee, os.X_OK):
        skip("no renofee executable at %s (--renofee or RENOFEE_BIN)" % args.renofee)

    exact = ["model_type", "heating_balance_point", "cooling_balance_point", "candidates_qualified"]
    tight = ["intercept", "beta_hdd", "beta_cdd", "r_squared_adj", "ols_error_band", "fsu_error_band"]
    failures = 0
    print("| series | form | model (eemeter = renofee) | balance points °F (h, c) | max rel. diff coef./R²adj/bands "
          "| savings eemeter | savings renofee | rel. diff savings | result |")
    print("|---|---|---|---|---|---|---|---|---|")
    timings = []
    for sample in SAMPLES:
        for freq, form in FORMS:
            ref, seconds = eemeter_run(eemeter, pd, args.samples, sample, freq, args.time and form == "daily")
            if seconds is not None:
                timings.append((sample, seconds))
            got = renofee_run(args.renofee, args.samples, sample, freq, form)
            problems = []
            for k in exact:
                a, b = ref[k], got.get(k)
                if (a is None) != (b is None) or (a is not None and str(a) != str(b) and float(a) != float(b)):
                    problems.append("%s %s != %s" % (k, a, b))
            worst = 0.0
            for k in tight:
                d = rel(ref[k], got.get(k))
                worst = max(worst, d)
                if d > 1e-6:
                    problems.append("%s %r vs %r (%.2e)" % (k, ref[k], got.get(k), d))
            ds = rel(ref["metered_savings"], got.get("metered_savings"))
            if ds > 1e-4:
                problems.append("metered_savings %r vs %r" % (ref["metered_savings"], got.get("metered_savings")))
            failures += bool(problems)
            print("| %s | %s | %s | %s, %s | %.1e | %.4f | %.4f | %.1e | %s |" % (
                sample, form, ref["model_type"], ref["heating_balance_point"], ref["cooling_balance_point"], worst,
                ref["metered_savings"], got.get("metered_savings", float("nan")), ds,
                "agree" if not problems else "DIFFER: " + "; ".join(problems)))
    for sample, seconds in timings:
        print("eemeter daily fit (design matrix + fit), %s: %.1f ms" % (sample, seconds * 1000))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
