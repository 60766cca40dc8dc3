#!/usr/bin/env python3
"""Times eemeter 3.2.0's CalTRACK daily fit on the series bench/caltrack_bench.cpp uses (docs/performance.md).

What is timed, per run: create_caltrack_daily_design_matrix (hourly temperatures -> daily features for the 61
balance points) and fit_caltrack_usage_per_day_model (2014 candidates), as eemeter's tutorial runs them, and
the fit alone on a prepared design matrix. Input: an eemeter-format meter CSV and hourly temperature CSV
(default: the generated case tests/data/caltrack/elec-cdd-hdd-daily-F), baseline = the 365 days before
--baseline-end.

Usage: python3 scripts/time_eemeter.py --eemeter-src DIR [--meter F --temperature F --baseline-end DATE]
       [--runs N]   (or RENOFEE_EEMETER_SRC); says SKIPPED and exits 0 without eemeter.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data", "caltrack")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eemeter-src", default=os.environ.get("RENOFEE_EEMETER_SRC"))
    ap.add_argument("--meter", default=os.path.join(DATA, "elec-cdd-hdd-daily-F.meter.csv"))
    ap.add_argument("--temperature", default=os.path.join(DATA, "weather-F.temperature.csv"))
    ap.add_argument("--temp-col", default="temp")
    ap.add_argument("--baseline-end", default="2016-01-20")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not args.eemeter_src or not os.path.isdir(os.path.join(args.eemeter_src, "eemeter")):
        print("SKIPPED: no eemeter 3.2.0 source (--eemeter-src or RENOFEE_EEMETER_SRC)")
        return 0
    sys.path.insert(0, args.eemeter_src)
    import warnings
    warnings.simplefilter("ignore")
    import pandas as pd
    import eemeter

    meter = eemeter.meter_data_from_csv(args.meter, freq="daily")
    temps = eemeter.temperature_data_from_csv(args.temperature, freq="hourly", temp_col=args.temp_col)
    baseline, _ = eemeter.get_baseline_data(meter, end=pd.Timestamp(args.baseline_end, tz="UTC"), max_days=365)
    both, fit_only = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        dm = eemeter.create_caltrack_daily_design_matrix(baseline, temps)
        t1 = time.perf_counter()
        model = eemeter.fit_caltrack_usage_per_day_model(dm)
        t2 = time.perf_counter()
        both.append(t2 - t0)
        fit_only.append(t2 - t1)
    both.sort()
    fit_only.sort()
    m = model.model
    print("eemeter %s, model %s %s" % (eemeter.__version__ if hasattr(eemeter, "__version__") else "?",
                                       m.model_type, {k: v for k, v in m.model_params.items() if "balance" in k}))
    print("design matrix + fit: median %.1f ms (min %.1f) over %d runs" % (
        both[len(both) // 2] * 1e3, both[0] * 1e3, args.runs))
    print("fit alone:           median %.1f ms (min %.1f)" % (fit_only[len(fit_only) // 2] * 1e3, fit_only[0] * 1e3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
