#!/usr/bin/env python3
"""Data and expected figures for the reconciliation end-to-end test (tests/e2e/reconcile_e2e_test.sh).

Writes tests/data/e2e/:
  nom-e2e.json       Nul op de Meter offer (net_zero, contract years from 2024-03-01, Cabauw 348)
  epv-e2e.json       EPV rental offer (epv_generation, calendar years from 2025-01-01)
  nom-p1.txt         DSMR 4.2 telegrams, one per local midnight 2024-02-28 .. 2025-03-03 (import/export registers)
  nom-submeters.csv  heat_pump and pv_generation submeter registers of the NOM home, daily at local midnight
  epv-submeters.csv  the same for the EPV home over 2024-12-30 .. 2026-01-02
  savings-e2e.json   ESCo savings offer (gas, contract years from 2025-01-01) WITHOUT a baseline: the test fits it
  savings-gas.csv    gas register at every local month start 2023-01 .. 2026-01 (pre-renovation 2023-2024)
  expected.json      every figure the test checks, computed here with python's decimal from the rules of
                     docs/domain.md §6-§8 (independently of the C++), and the weather file below.

Weather: tests/data/knmi/synthetic_348_2023_2026.txt, synthetic weather of station 348 (Cabauw) made by
scripts/gen_weather.py (not KNMI measurements; KNMI's daily-file format).
Degree days (docs/domain.md §7): max(0, 18 - TG/10), weighted 1.1 Nov-Feb, 1.0 Mar/Oct, 0.8 Apr-Sep.
Use (docs/domain.md §6): register(t1) - register(t0); every boundary has a reading exactly on it (not estimated).
net_zero (docs/guarantees.md): generation O covers building use plus household use up to the bundle. W = heat pump;
  H = import - export + O - W; W' = W x normal/actual weighted degree days (3 decimals, half_even); bundle =
  min(25 kWh/m2 x floor area, cap); required = W' + min(H, bundle); shortfall = required - O; franchise x%: only
  the part beyond x% of the required use is paid; value = kWh x price, half_up to cents.
epv_generation: H = O - W - G; shortfall = H_min - H; compensation = shortfall x CBS price of the year, half_up.
Baseline (docs/domain.md §8, IPMVP option C): OLS without intercept of monthly gas use on (days, weighted degree days),
  solved exactly with fractions; frozen = the coefficient's shortest float text, half_even to 4 decimals;
  CV(RMSE) = sqrt(SSE / (n - 2)) / mean, NMBE = sum(measured - fitted) / ((n - 2) mean) (ASHRAE Guideline 14).
savings: B = per_day x days + per_wdd x wdd; avoided = B - actual; shortfall = guaranteed - avoided; threshold x%:
  the whole shortfall is paid once it exceeds x% of the guarantee; value = m3 x price (year 1), half_up, capped.
"""
import datetime as dt
import json
import math
from fractions import Fraction
import pathlib
import sys
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "e2e"
KNMI = ROOT / "tests" / "data" / "knmi" / "synthetic_348_2023_2026.txt"
AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc
sys.path.insert(0, str(ROOT / "scripts"))
from gen_ingest_oracle import crc16_arc  # noqa: E402  (CRC-16/ARC of DSMR P1, checked against real telegrams)

MILLI = Decimal("0.001")


def knmi_days():
    days = {}
    for line in KNMI.read_text(encoding="latin-1").splitlines():
        if not line.strip().startswith("348"):
            continue
        fields = [f.strip() for f in line.split(",")]
        day = dt.date(int(fields[1][:4]), int(fields[1][4:6]), int(fields[1][6:]))
        tg = fields[11]  # STN,YYYYMMDD,DDVEC,FHVEC,FG,FHX,FHXH,FHN,FHNH,FXX,FXXH,TG
        days[day] = int(tg) if tg else None
    return days


def weight(month):
    return Decimal("1.1") if month in (11, 12, 1, 2) else Decimal("1.0") if month in (3, 10) else Decimal("0.8")


def wdd(tg, day):
    return max(Decimal(0), Decimal(18) - Decimal(tg) / 10) * weight(day.month)


def midnight_utc(day):
    return dt.datetime(day.year, day.month, day.day, tzinfo=AMS).astimezone(UTC)


def q3(x):
    return x.quantize(MILLI, rounding=ROUND_HALF_EVEN)


def daily_profile(first, last, tg_of, household, hp_base, hp_per_wdd, pv_peak, self_share):
    """Per day: heat pump, PV, import (t1 on weekends, else t2), export, as exact 3-decimal values."""
    out = []
    day = first
    while day < last:
        hp = q3(hp_base + hp_per_wdd * wdd(tg_of[day], day))
        season = Decimal(str(round(math.sin(math.pi * (day.timetuple().tm_yday - 80) / 365), 3)))
        pv = q3(max(Decimal("0.5"), pv_peak * (Decimal("0.55") + Decimal("0.45") * season)))
        self_used = q3(pv * self_share)
        imp = q3(household + hp - self_used)
        exp = pv - self_used
        out.append((day, hp, pv, imp, exp))
        day += dt.timedelta(days=1)
    return out


def telegram(moment_utc, registers):
    local = moment_utc.astimezone(AMS)
    flag = "S" if local.dst() else "W"
    t1, t2, e1, e2 = registers
    lines = [
        "/XMX5LGBBFG1012463817", "", "1-3:0.2.8(42)",
        f"0-0:1.0.0({local:%y%m%d%H%M%S}{flag})",
        "0-0:96.1.1(4530303331303033323632373634333136)",
        f"1-0:1.8.1({t1:010.3f}*kWh)", f"1-0:1.8.2({t2:010.3f}*kWh)",
        f"1-0:2.8.1({e1:010.3f}*kWh)", f"1-0:2.8.2({e2:010.3f}*kWh)",
        "0-0:96.14.0(0001)", "1-0:1.7.0(00.378*kW)", "1-0:2.7.0(00.000*kW)",
        "!",
    ]
    body = "\r\n".join(lines).encode()
    return body + b"%04X\r\n" % crc16_arc(body)


def write_submeters(path, profile, hp_start, pv_start):
    rows = ["meter_id,channel,timestamp,value"]
    hp, pv = hp_start, pv_start
    for day, d_hp, d_pv, _, _ in profile + [(profile[-1][0] + dt.timedelta(days=1), 0, 0, 0, 0)]:
        stamp = midnight_utc(day).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f"HP-1,heat_pump,{stamp},{hp}")
        rows.append(f"PV-1,pv_generation,{stamp},{pv}")
        hp += d_hp
        pv += d_pv
    path.write_text("\n".join(rows) + "\n")


def period_sum(profile, begin, end, index):
    return sum((row[index] for row in profile if begin <= row[0] < end), Decimal(0))


def offer(sample, **changes):
    doc = json.loads((ROOT / "contracts" / sample).read_text())
    doc.update(changes)
    return doc


def main():
    tg_of = knmi_days()

    # --- Nul op de Meter, contract year 1 = [2024-03-01, 2025-03-01) -------------------------------------------
    nom_offer = offer("nom-tussenwoning.json", id="nom-e2e", start_date="2024-03-01", tariffs=["nl-2024", "nl-2025"])
    nom_offer["guarantees"] = [{
        "kind": "net_zero", "term_years": 30, "household_bundle_kwh_m2": "25", "household_bundle_cap_kwh": "2500",
        "normal_weighted_degree_days": "2537", "station": 348, "price_per_unit": "0.25", "price_escalation": "0",
        "deadband": {"mode": "franchise", "percent": "10"}}]
    first, last = dt.date(2024, 2, 28), dt.date(2025, 3, 3)
    nom = daily_profile(first, last, tg_of, Decimal("12.5"), Decimal("1.2"), Decimal("0.9"), Decimal("14"),
                        Decimal("0.3"))
    telegrams, regs = [], [Decimal("5000.000"), Decimal("7000.000"), Decimal("100.000"), Decimal("200.000")]
    for day, _, _, imp, exp in nom + [(last, 0, 0, Decimal(0), Decimal(0))]:
        telegrams.append(telegram(midnight_utc(day), regs))
        weekend = day.weekday() >= 5
        regs = [regs[0] + (imp if weekend else 0), regs[1] + (0 if weekend else imp),
                regs[2] + (exp if weekend else 0), regs[3] + (0 if weekend else exp)]
    (OUT / "nom-p1.txt").write_bytes(b"".join(telegrams))
    write_submeters(OUT / "nom-submeters.csv", nom, Decimal("300.000"), Decimal("900.000"))
    (OUT / "nom-e2e.json").write_text(json.dumps(nom_offer, indent=1) + "\n")

    b, e = dt.date(2024, 3, 1), dt.date(2025, 3, 1)
    imp, exp, hp = period_sum(nom, b, e, 3), period_sum(nom, b, e, 4), period_sum(nom, b, e, 1)
    pv = period_sum(nom, b, e, 2)
    actual = sum((wdd(tg_of[d], d) for d in tg_of if b <= d < e), Decimal(0))
    normal = Decimal("2537")
    n = imp - exp
    household = n + pv - hp  # total use (import - export + generation) minus the heat pump
    hp_normalised = (hp * normal / actual).quantize(MILLI, rounding=ROUND_HALF_EVEN)
    bundle = min(Decimal(25) * nom_offer["dwelling"]["floor_area_m2"], Decimal(2500))
    required = hp_normalised + min(household, bundle)
    shortfall = required - pv
    free = required * Decimal("0.10")
    paid_kwh = max(Decimal(0), shortfall - free)
    nom_comp = (paid_kwh * Decimal("0.25")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    # --- EPV rental, calendar year 2025 --------------------------------------------------------------------------
    epv_offer = offer("epv-huurappartement.json", id="epv-e2e", start_date="2025-01-01", tariffs=["nl-2025"])
    epv_first, epv_last = dt.date(2024, 12, 30), dt.date(2026, 1, 2)
    epv = daily_profile(epv_first, epv_last, tg_of, Decimal("6"), Decimal("1.0"), Decimal("0.5"), Decimal("9"),
                        Decimal("0.5"))
    write_submeters(OUT / "epv-submeters.csv", epv, Decimal("50.000"), Decimal("75.000"))
    (OUT / "epv-e2e.json").write_text(json.dumps(epv_offer, indent=1) + "\n")
    b2, e2 = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    o, w = period_sum(epv, b2, e2, 2), period_sum(epv, b2, e2, 1)
    g, h_min = Decimal(700), Decimal(530)
    h = o - w - g
    cbs = Decimal(json.loads((ROOT / "tariffs" / "nl-2025.json").read_text())["electricity"]["cbs_average_price_per_kwh"])
    epv_short = h_min - h
    epv_comp = (max(Decimal(0), epv_short) * cbs).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    # --- Savings (gas), baseline fitted from 2023-2024, contract year 1 = 2025 ---------------------------------
    sav_offer = offer("hybride-twee-onder-een-kap.json", id="savings-e2e", start_date="2025-01-01",
                      tariffs=["nl-2025"])
    del sav_offer["guarantees"][0]["baseline"]
    months, regs, register = [], [], Decimal("4000.000")
    m = dt.date(2023, 1, 1)
    while m <= dt.date(2026, 1, 1):
        months.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    points = []
    for k, start in enumerate(months[:-1]):
        end = months[k + 1]
        days = (end - start).days
        month_wdd = sum((wdd(tg_of[d], d) for d in tg_of if start <= d < end), Decimal(0))
        if start.year < 2025:
            noise = Decimal((k * 37) % 13 - 6) / 100  # -6% .. +6%, deterministic
            use = q3((Decimal("0.9") * days + Decimal("0.58") * month_wdd) * (1 + noise))
            points.append((days, month_wdd, use))
        else:
            use = q3(Decimal("0.5") * days + Decimal("0.32") * month_wdd)
        regs.append((start, register))
        register += use
    regs.append((months[-1], register))
    rows = ["meter_id,channel,timestamp,value"]
    rows += [f"G-1,gas,{midnight_utc(d).strftime('%Y-%m-%dT%H:%M:%SZ')},{v}" for d, v in regs]
    (OUT / "savings-gas.csv").write_text("\n".join(rows) + "\n")
    (OUT / "savings-e2e.json").write_text(json.dumps(sav_offer, indent=1) + "\n")
    F = [(Fraction(d), Fraction(ww), Fraction(u)) for d, ww, u in points]
    sdd = sum(x * x for x, _, _ in F); sdw = sum(x * y for x, y, _ in F); sww = sum(y * y for _, y, _ in F)
    sdm = sum(x * u for x, _, u in F); swm = sum(y * u for _, y, u in F)
    det = sdd * sww - sdw * sdw
    a, b = (sdm * sww - sdw * swm) / det, (sdd * swm - sdw * sdm) / det
    fa, fb = float(a), float(b)
    count = len(F)
    mean = float(sum(u for _, _, u in F)) / count
    resid = [float(u) - (fa * float(x) + fb * float(y)) for x, y, u in F]
    cv = math.sqrt(sum(r * r for r in resid) / (count - 2)) / mean
    nmbe = sum(resid) / ((count - 2) * mean)
    per_day = Decimal(repr(fa)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    per_wdd = Decimal(repr(fb)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)
    b3, e3 = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    w25 = sum((wdd(tg_of[d], d) for d in tg_of if b3 <= d < e3), Decimal(0))
    gas_2025 = dict(regs)[e3] - dict(regs)[b3]
    baseline = per_day * (e3 - b3).days + per_wdd * w25
    avoided = baseline - gas_2025
    sav_short = Decimal(1000) - avoided
    paid = sav_short if sav_short > Decimal(100) else Decimal(0)
    sav_comp = min((max(Decimal(0), paid) * Decimal("1.45")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                   Decimal("1500.00"))

    expected = {
        "nom": {"import": str(imp), "export": str(exp), "heat_pump": str(hp), "pv_generation": str(pv),
                "actual_wdd": str(actual), "net_import": str(n), "household": str(household),
                "heat_pump_normalised": str(hp_normalised), "bundle": str(bundle), "required": str(required),
                "shortfall": str(shortfall), "compensation": str(nom_comp)},
        "savings": {"per_day": str(per_day), "per_wdd": str(per_wdd), "cv_rmse_pct": f"{100 * cv:.2f}",
                    "nmbe_pct": f"{100 * nmbe:.2f}", "wdd_2025": str(w25), "actual": str(gas_2025),
                    "baseline": str(baseline), "avoided": str(avoided), "shortfall": str(sav_short),
                    "compensation": str(sav_comp)},
        "epv": {"O": str(o), "W": str(w), "H": str(h), "shortfall": str(epv_short), "cbs_price": str(cbs),
                "compensation": str(epv_comp)},
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(json.dumps(expected, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
