#!/usr/bin/env python3
"""Reference data for the meter-reading parsers (src/adapters/io), computed independently of the C++ code.

Standard library only (re, zoneinfo with the OS tz database, decimal). Writes:
  tests/data/p1/synthetic_log_dst_2026.txt   a P1 log across the end of summer time on 2026-10-25 (synthetic
                                             telegrams in the Landis+Gyr E350 DSMR 4.2 layout, CRCs computed here)
  tests/data/p1/expected.tsv                 per telegram file: telegram number, CRC given and computed, and
                                             every reading (meter id, channel, UTC instant, value)
  tests/data/readings/dst_days.csv           CSV rows on the four DST change days of 2025 and 2026, with offsets
                                             and as Amsterdam local time
  tests/data/readings/dst_days_expected.tsv  line, UTC instant or the error kind (ambiguous / nonexistent)
Run from the repository root: python3 scripts/gen_ingest_oracle.py
"""
import datetime as dt
import pathlib
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
P1 = ROOT / "tests/data/p1"
READINGS = ROOT / "tests/data/readings"
AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.timezone.utc


def crc16_arc(data: bytes) -> int:
    """CRC-16/ARC: poly 0x8005 reflected (0xA001), init 0, no final xor. Check: b"123456789" -> 0xBB3D."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


assert crc16_arc(b"123456789") == 0xBB3D


def iso_z(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def p1_time(text: str) -> dt.datetime:
    """YYMMDDhhmmssX, X = S (UTC+2) or W (UTC+1)."""
    offset = dt.timedelta(hours=2 if text[12] == "S" else 1)
    wall = dt.datetime.strptime("20" + text[:12], "%Y%m%d%H%M%S")
    return wall.replace(tzinfo=dt.timezone(offset))


def meter_id(hex_text: str) -> str:
    """Hex-encoded ASCII; kept verbatim when it does not decode to printable ASCII (anonymised examples)."""
    try:
        raw = bytes.fromhex(hex_text)
    except ValueError:
        return hex_text
    if len(hex_text) % 2 or not raw or any(b < 0x20 or b > 0x7E for b in raw):
        return hex_text
    return raw.decode("ascii")


def kwh(text: str) -> str:
    number, unit = text.split("*")
    if unit == "Wh":
        return str(Decimal(int(number)).scaleb(-3))
    assert unit == "kWh", text
    return number


CHANNELS = {"1-0:1.8.1": "import_t1", "1-0:1.8.2": "import_t2", "1-0:2.8.1": "export_t1", "1-0:2.8.2": "export_t2"}


def parse_log(data: bytes):
    """Yields (number, crc_given, crc_computed, readings) for each telegram of a P1 log."""
    for number, match in enumerate(re.finditer(rb"/[^!]*!([0-9A-F]{4})", data), start=1):
        body = match.group(0)[:-4]
        text = body.decode("ascii")
        objects = dict(re.findall(r"^(\d-\d:[\d.]+)\((.*)\)\r?$", text, re.M))
        readings = []
        when = p1_time(objects["0-0:1.0.0"])
        for obis, channel in CHANNELS.items():
            if obis in objects:
                readings.append((meter_id(objects["0-0:96.1.1"]), channel, iso_z(when), kwh(objects[obis])))
        for n in "1234":
            value = objects.get(f"0-{n}:24.2.1")
            if value is None or objects.get(f"0-{n}:24.1.0", "003").lstrip("0") != "3":
                continue
            captured, quantity = value.split(")(")
            number_text, unit = quantity.split("*")
            assert unit == "m3"
            readings.append((meter_id(objects[f"0-{n}:96.1.0"]), "gas", iso_z(p1_time(captured)), number_text))
        yield number, match.group(1).decode(), "%04X" % crc16_arc(body), readings


def synthetic_log() -> bytes:
    """Telegrams every 20 minutes from 2026-10-25 00:00 to 04:00 Amsterdam time (the clock goes back at 03:00
    summer time to 02:00 winter time), import rising 0.125 kWh per telegram, export on tariff 2 rising 0.010,
    the gas register captured on the hour (so every telegram of an hour repeats the same gas reading)."""
    start = dt.datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # 00:00 summer time
    out = []
    for i in range(15):  # 5 hours of UTC time = 4 hours of wall clock plus the repeated hour
        moment = start + dt.timedelta(minutes=20 * i)
        local = moment.astimezone(AMS)
        flag = "S" if local.dst() else "W"
        hour = moment.replace(minute=0)
        gas_local = hour.astimezone(AMS)
        gas_flag = "S" if gas_local.dst() else "W"
        lines = [
            "/XMX5LGBBFG1012463817", "", "1-3:0.2.8(42)",
            f"0-0:1.0.0({local:%y%m%d%H%M%S}{flag})",
            "0-0:96.1.1(4530303331303033323632373634333136)",
            f"1-0:1.8.1({Decimal('2200.945') + Decimal('0.125') * i:010.3f}*kWh)",
            "1-0:1.8.2(001961.604*kWh)",
            "1-0:2.8.1(000000.000*kWh)",
            f"1-0:2.8.2({Decimal('12.000') + Decimal('0.010') * i:010.3f}*kWh)",
            "0-0:96.14.0(0001)", "1-0:1.7.0(00.378*kW)", "1-0:2.7.0(00.000*kW)",
            "0-1:24.1.0(003)", "0-1:96.1.0(4730303235303033333630383535373136)",
            f"0-1:24.2.1({gas_local:%y%m%d%H%M%S}{gas_flag})({Decimal('968.481') + Decimal('0.250') * (i // 3):09.3f}*m3)",
            "!",
        ]
        body = "\r\n".join(lines).encode()
        out.append(body + b"%04X\r\n" % crc16_arc(body))
    return b"".join(out)


def dst_csv():
    """Rows on the last Sundays of March and October 2025 and 2026: every 30 minutes of UTC time from 23:00
    UTC the day before to 04:00 UTC, once with the Amsterdam offset and once as local time without an offset
    (the repeated hour's local times are ambiguous and are written to a separate error table instead)."""
    rows, expected, errors = [], [], []
    value = Decimal("1000.000")
    for day in ["2025-03-30", "2025-10-26", "2026-03-29", "2026-10-25"]:
        y, m, d = map(int, day.split("-"))
        start = dt.datetime(y, m, d, tzinfo=UTC) - dt.timedelta(hours=1)
        for k in range(11):
            moment = start + dt.timedelta(minutes=30 * k)
            local = moment.astimezone(AMS)
            offset = local.utcoffset()
            sign_hours = int(offset.total_seconds() // 3600)
            stamp = f"{local:%Y-%m-%dT%H:%M:%S}+{sign_hours:02d}:00"
            value += Decimal("0.250")
            rows.append(("E0001", "import_t1", stamp, f"{value:.3f}"))
            expected.append(iso_z(moment))
            naive = local.replace(tzinfo=None)
            # Ambiguous when both folds give different offsets; such local times are refused by the parser.
            fold0 = naive.replace(tzinfo=AMS, fold=0).utcoffset()
            fold1 = naive.replace(tzinfo=AMS, fold=1).utcoffset()
            if fold0 == fold1:
                value += Decimal("0.250")
                rows.append(("E0002", "import_t1", f"{naive:%Y-%m-%dT%H:%M:%S}", f"{value:.3f}"))
                expected.append(iso_z(moment))
            else:
                errors.append((f"{naive:%Y-%m-%dT%H:%M:%S}", "ambiguous"))
        # The skipped hour in March: local times that never occur.
        if m == 3:
            for minute in (0, 30, 59):
                naive = dt.datetime(y, m, d, 2, minute, 0)
                roundtrip = naive.replace(tzinfo=AMS).astimezone(UTC).astimezone(AMS).replace(tzinfo=None)
                assert roundtrip != naive  # 02:xx does not exist
                errors.append((f"{naive:%Y-%m-%dT%H:%M:%S}", "nonexistent"))
    return rows, expected, errors


def main() -> None:
    (P1 / "synthetic_log_dst_2026.txt").write_bytes(synthetic_log())
    table = ["# file\ttelegram\tcrc_given\tcrc_computed\tmeter_id\tchannel\tutc\tvalue"]
    for path in sorted(P1.glob("*.txt")):
        for number, given, computed, readings in parse_log(path.read_bytes()):
            for reading in readings:
                table.append("\t".join([path.name, str(number), given, computed, *reading]))
    (P1 / "expected.tsv").write_text("\n".join(table) + "\n")

    READINGS.mkdir(parents=True, exist_ok=True)
    rows, expected, errors = dst_csv()
    csv = ["meter_id,channel,timestamp,value"] + [",".join(row) for row in rows]
    (READINGS / "dst_days.csv").write_text("\r\n".join(csv) + "\r\n")
    out = ["# line\tutc (line 1 is the header)"]
    out += [f"{line}\t{utc}" for line, utc in enumerate(expected, start=2)]
    out += ["# local time without offset\terror kind"] + [f"{text}\t{kind}" for text, kind in errors]
    (READINGS / "dst_days_expected.tsv").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
