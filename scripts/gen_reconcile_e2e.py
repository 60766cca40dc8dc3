#!/usr/bin/env python3
"""Data and expected figures for the reconciliation end-to-end test (tests/e2e/reconcile_e2e_test.sh, issue 5).

Writes tests/data/e2e/:
  nom-e2e.json       Nul op de Meter offer (net_zero, contract years from 2024-03-01, Cabauw 348)
  epv-e2e.json       EPV rental offer (epv_generation, calendar years from 2025-01-01)
  nom-p1.txt         DSMR 4.2 telegrams, one per local midnight 2024-02-28 .. 2025-03-03 (import/export registers)
  nom-submeters.csv  heat_pump and pv_generation submeter registers of the NOM home, daily at local midnight
  epv-submeters.csv  the same for the EPV home over 2024-12-30 .. 2026-01-02
  expected.json      every figure the test checks, computed here with python's decimal from the rules of
                     design.md §6-§8 (independently of the C++), and the real Cabauw weather.

Weather: KNMI daily file etmgeg_348.txt (Cabauw) from ../shared/data/knmi (KNMI daggegevens, public data).
Degree days (design.md §7): max(0, 18 - TG/10), weighted 1.1 Nov-Feb, 1.0 Mar/Oct, 0.8 Apr-Sep.
Use (design.md §6): register(t1) - register(t0); every boundary here has a reading exactly on it (not estimated).
net_zero (design.md §8): N = import - export; W = heat pump; N' = N - W + W x normal/actual weighted degree days
  (the division to 3 decimals, half_even); allowance = min(25 kWh/m2 x floor area, cap); shortfall = N' - allowance;
  franchise x%: only the part beyond x% of the allowance is paid; value = kWh x price, half_up to cents.
epv_generation: H = O - W - G; shortfall = H_min - H; compensation = shortfall x CBS price of the year, half_up.
"""
import datetime as dt
import json
import math
import pathlib
import sys
from decimal import Decimal, ROUND_HALF_EVEN, ROUND_HALF_UP
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "e2e"
KNMI = ROOT.parent / "shared" / "data" / "knmi" / "etmgeg_348.txt"
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
        "kind": "net_zero", "term_years": 30, "household_allowance_kwh_m2": "25", "allowance_cap_kwh": "2500",
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
    actual = sum((wdd(tg_of[d], d) for d in tg_of if b <= d < e), Decimal(0))
    normal = Decimal("2537")
    n = imp - exp
    normalised = n - hp + (hp * normal / actual).quantize(MILLI, rounding=ROUND_HALF_EVEN)
    allowance = min(Decimal(25) * nom_offer["dwelling"]["floor_area_m2"], Decimal(2500))
    shortfall = normalised - allowance
    free = allowance * Decimal("0.10")
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

    expected = {
        "nom": {"import": str(imp), "export": str(exp), "heat_pump": str(hp), "actual_wdd": str(actual),
                "net_import": str(n), "normalised": str(normalised), "allowance": str(allowance),
                "shortfall": str(shortfall), "compensation": str(nom_comp)},
        "epv": {"O": str(o), "W": str(w), "H": str(h), "shortfall": str(epv_short), "cbs_price": str(cbs),
                "compensation": str(epv_comp)},
    }
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(json.dumps(expected, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
