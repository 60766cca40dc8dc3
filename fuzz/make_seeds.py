#!/usr/bin/env python3
"""Writes the seed inputs of every fuzz target into fuzz/corpus/<target>/seed-*.

Seeds are real-format inputs taken from the repository (contracts/, tariffs/, tests/data/; the weather seeds are
a few lines of the synthetic KNMI-format files in tests/data/knmi, made by scripts/gen_weather.py), plus
hand-made tricky inputs at the edges of each format. The rest of each corpus directory is what libFuzzer
found (files named by their SHA-1, kept by `make fuzz`'s -merge=1 because they add coverage).

Usage: python3 fuzz/make_seeds.py   (from the repository root; rewrites the seed-* files only)
"""
import json
import pathlib
import random

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
KNMI = ROOT / "tests" / "data" / "knmi"


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    (directory / f"seed-{name}").write_bytes(data)


def clear_seeds(target):
    directory = CORPUS / target
    if directory.exists():
        for path in directory.glob("seed-*"):
            path.unlink()


# --- decimal -------------------------------------------------------------------------------------------------
MODES = ["half_even", "half_up", "down", "up", "floor", "ceiling"]  # order of renofee::all_roundings


def decimal_seeds():
    singles = ["0", "-0.00", "12.50", "1E+3", "2.5e-3", "+7", "1.50E+1", "0.000", "-12.50", "00981.443",
               "9" * 76, "9" * 77, "1" + "0" * 75, "0." + "0" * 49 + "1", "0." + "0" * 50 + "1",
               "1e75", "1e76", "1e-50", "1e-51", "0e-60", "0e100000", "1e100000", "1e-100000",
               "170141183460469231731687303715884105727", "-170141183460469231731687303715884105728",
               "99999999999999999999999999999999999999", "100000000000000000000000000000000000000",
               "", " 1", "1,5", ".5", "5.", "NaN", "Infinity", "0x10", "1e", "1e+", "--1", "1.2.3",
               "0" * 121, "0" * 120, "1" * 120]
    for i, text in enumerate(singles):
        write("decimal", f"single-{i:02d}", text)
    pairs = [("12.50", "0.03", 2, 0), ("1e75", "-1e75", 0, 1), ("9" * 76, "1", 0, 2),
             ("170141183460469231731687303715884105727", "2", 50, 3), ("-1", "3", 50, 4), ("2", "3", 0, 5),
             ("0.5", "0", 0, 0), ("-2.5", "1", 0, 0), ("-2.5", "1", 0, 1), ("1e-50", "1e-50", 50, 2),
             ("123456789012345678901234567890.1234567890", "987654321098765432109876543210.0987654321", 20, 1)]
    for i, (a, b, scale, mode) in enumerate(pairs):
        write("decimal", f"pair-{i:02d}", f"{a}|{b}|".encode() + bytes([scale, mode]))
    # A sample of the python-decimal oracle (tests/data/decimal_oracle.tsv), as pairs with its scale and mode.
    rows = [line.split("\t") for line in (ROOT / "tests/data/decimal_oracle.tsv").read_text().splitlines()
            if not line.startswith("#")]
    rng = random.Random(20240611)
    for i, row in enumerate(rng.sample(rows, 60)):
        op, a, b, scale, mode = row[:5]
        b = "1" if b == "-" else b
        scale = 2 if scale == "-" else int(scale)
        mode = 0 if mode == "-" else MODES.index(mode)
        write("decimal", f"oracle-{i:02d}-{op}", f"{a}|{b}|".encode() + bytes([scale, mode]))


# --- offers --------------------------------------------------------------------------------------------------
def offer_seeds():
    for path in sorted((ROOT / "contracts").glob("*.json")):
        write("offer_json", f"contract-{path.stem}", path.read_bytes())
    for path in sorted((ROOT / "tests/data/offers/invalid").glob("*.json")):
        write("offer_json", f"invalid-{path.stem}", path.read_bytes())
    base = json.loads((ROOT / "contracts/warmtefonds-nul-procent.json").read_text())
    tricky = {
        "guarantees-numbers": dict(base, guarantees=[{"kind": "x", "v": [0.1, 1e308, -0.0, 12345678901234567890123]}]),
        "guarantees-deep": dict(base, guarantees=[[[[[[[[[[{"a": None}]]]]]]]]]]),
        "series-indexation": dict(base, service_fee={"monthly": "12.00", "indexation": {
            "kind": "series", "annual_rates": ["0.02", "0.019", "0.021"], "source": "CBS"}}),
        "fixed-indexation": dict(base, service_fee={"monthly": "12.00", "indexation": {
            "kind": "fixed", "annual_rate": "0.025"}}),
        "term-huge": dict(base, financing=dict(base["financing"], term_months=10 ** 30)),
        "rate-number": dict(base, financing=dict(base["financing"], annual_rate=0.039)),
        "id-escapes": dict(base, id="a\u0000b\u00e9\U0001F600"),
    }
    for name, doc in tricky.items():
        write("offer_json", name, json.dumps(doc, ensure_ascii=False))
    for i, text in enumerate(["", "{}", "[]", "null", "{\"id\": 1}", "{\"a\":" * 200 + "1" + "}" * 200,
                              "{\"id\": \"x\", \"id\": \"y\"}", "{\"id\": \"\udcff\udcfe\"}",
                              "{\"id\": \"\\ud800\"}"]):
        write("offer_json", f"tricky-{i}", text)


# --- readings ------------------------------------------------------------------------------------------------
CSV_TRICKY = [
    "meter_id,channel,timestamp,value\n",
    "\ufeffmeter_id,channel,timestamp,value\r\nE1,gas,2026-01-01T00:00:00Z,0.001\r\n",
    "meter_id,channel,timestamp,value\nE1,import_t1,2026-03-29T02:30:00,1\n",       # DST gap
    "meter_id,channel,timestamp,value\nE1,import_t1,2026-10-25T02:30:00,1\n",       # repeated hour
    "meter_id,channel,timestamp,value\nE1,export_t2,1900-01-01T00:00:00,1\n",       # local time, year 1900
    "meter_id,channel,timestamp,value\nE1,export_t2,2200-12-31T23:59:59-14:00,1\n",
    "meter_id,channel,timestamp,value\nE1,heat_pump,2026-01-01T00:00:00+14:00,1.5\nE1,heat_pump,2026-01-01T00:00:00+14:00,1.5\n",
    "meter_id,channel,timestamp,value\nE1,gas,2026-01-01T00:00:00Z,2\nE1,gas,2026-01-01T01:00:00Z,1\n",
    "meter_id,channel,timestamp,value\n\"E1\",gas,2026-01-01T00:00:00Z,2\n",
    "meter_id,channel,timestamp,value\nE1,gas,2026-01-01T00:00:00Z,2\n\nE1,gas,2026-01-01T00:00:00Z,2\n",
    "meter_id,channel,timestamp,value\nE1,pv_generation,2026-02-30T00:00:00Z,1.0001\n",
]


def csv_rows():
    lines = (ROOT / "tests/data/readings/dst_days.csv").read_text().splitlines()
    return [line.split(",") for line in lines[1:] if line]


def readings_seeds():
    write("csv_readings", "dst_days", (ROOT / "tests/data/readings/dst_days.csv").read_bytes())
    for i, text in enumerate(CSV_TRICKY):
        write("csv_readings", f"tricky-{i:02d}", text)
        ndjson = "".join(json.dumps(dict(zip(["meter_id", "channel", "timestamp", "value"], line.split(","))))
                         + "\n" for line in text.splitlines()[1:] if line.count(",") == 3)
        write("json_readings", f"tricky-{i:02d}", ndjson)
    keys = ["meter_id", "channel", "timestamp", "value"]
    write("json_readings", "dst_days", "".join(json.dumps(dict(zip(keys, row))) + "\n" for row in csv_rows()))
    for i, text in enumerate([
            '{"meter_id":"E1","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":1.5}\n',
            '{"meter_id":"E1","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":"1","x":[1]}\n',
            '{"meter_id":"E\\u0031","channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":"1"}\n',
            '{"meter_id":null,"channel":"gas","timestamp":"2026-01-01T00:00:00Z","value":"1"}\n',
            '[{"meter_id":"E1"}]\n', '\n \t\n{}\n', '{"meter_id":"E1","meter_id":"E2"}\n']):
        write("json_readings", f"edge-{i}", text)


# --- DSMR P1 -------------------------------------------------------------------------------------------------
def crc16_arc(data):
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def telegram(lines, eol="\r\n"):
    body = ("/XMX5TEST" + eol + eol + "".join(line + eol for line in lines) + "!").encode()
    return body + f"{crc16_arc(body):04X}".encode() + eol.encode()


def p1_seeds():
    for path in sorted((ROOT / "tests/data/p1").glob("*.txt")):
        write("p1_telegram", path.stem, path.read_bytes())
    ident = "0-0:96.1.1(4530303034303031353934373534343134)"
    made = {
        "wh-registers": [ "0-0:1.0.0(260329015959W)", ident, "1-0:1.8.1(006545766*Wh)", "1-0:2.8.1(000000000*Wh)"],
        "water-device": ["0-0:1.0.0(260329035959S)", ident, "0-1:24.1.0(007)", "0-1:96.1.0(4730)",
                         "0-1:24.2.1(260329030000S)(00012.345*m3)"],
        "gas-no-type": ["0-0:1.0.0(261025025959S)", "0-2:96.1.0(4730303339303031)",
                        "0-2:24.2.1(261025020000S)(00981.443*m3)"],
        "no-meter-id": ["0-0:1.0.0(260101000000W)", "1-0:1.8.1(000001.000*kWh)"],
        "twice": ["0-0:1.0.0(260101000000W)", "0-0:1.0.0(260101000000W)"],
        "bad-time": ["0-0:1.0.0(260230000000W)", ident],
    }
    for name, lines in made.items():
        write("p1_telegram", name, telegram(lines))
    write("p1_telegram", "lf-log", telegram(made["wh-registers"], "\n") + telegram(made["gas-no-type"], "\n"))
    write("p1_telegram", "bad-crc", telegram(made["wh-registers"])[:-6] + b"0000\r\n")
    write("p1_telegram", "no-crc", b"/XMX5TEST\r\n\r\n0-0:1.0.0(260101000000W)\r\n!\r\n")


# --- KNMI ----------------------------------------------------------------------------------------------------
def knmi_seeds():
    short = (KNMI / "synthetic_260_2010_2014.txt").read_bytes().splitlines(keepends=True)
    header = next(i for i, line in enumerate(short) if line.startswith(b"# STN"))
    write("knmi_daily", "synthetic_260-short", b"".join(short[header:header + 6]))
    long = (KNMI / "synthetic_348_2014.txt").read_bytes().splitlines(keepends=True)
    header = next(i for i, line in enumerate(long) if line.startswith(b"# STN"))
    write("knmi_daily", "synthetic_348-long", b"".join(long[:header + 5]))
    # The synthetic January 1987 of station 348 has days without TG and Q.
    jan87 = (KNMI / "synthetic_348_198701.txt").read_bytes().splitlines(keepends=True)
    header = next(i for i, line in enumerate(jan87) if line.startswith(b"# STN"))
    write("knmi_daily", "synthetic_348-198701", b"".join(jan87[header:header + 8]))
    columns = "# STN,YYYYMMDD,   TG,    Q\n"
    for i, text in enumerate([
            columns + "  260,20100101,  -12,  150\n  260,20100102,     ,     \n",
            "  260,20100101,  -12,  150\n",                                       # data before the header
            "# STN,YYYYMMDD,TG,TG,Q\n",                                           # a column twice
            columns + "  260,20100101,  601,  150\n",                             # TG out of range
            columns + "  260,20100101,  -12\n",                                   # truncated line
            columns + "  260,20100102,  -12,  150\n  260,20100101,  -12,  150\n",  # not ascending
            columns + "  260,20100101,  -12,  150\n  348,20100102,  -12,  150\n",  # another station
            columns + "  260,20100229,  -12,  150\n",                             # no such date
            "# STN,YYYYMMDD,TG\n"]):
        write("knmi_daily", f"tricky-{i}", text)


# --- tariffs -------------------------------------------------------------------------------------------------
def tariff_seeds():
    for path in sorted((ROOT / "tariffs").glob("*.json")):
        write("tariff_file", path.stem, path.read_bytes())
    doc = json.loads((ROOT / "tariffs/nl-2027.json").read_text())
    huge = json.loads(json.dumps(doc))
    huge["electricity"]["supply_price_per_kwh"] = "9" * 76
    write("tariff_file", "huge-price", json.dumps(huge))
    number = json.loads(json.dumps(doc))
    number["vat_rate"] = 0.21
    write("tariff_file", "number-vat", json.dumps(number))
    for i, text in enumerate(["{}", '{"schema": "renofee.tariff/1"}', '{"schema": "renofee.epv/1", "rates": []}',
                              '{"schema": "renofee.tariff/1", "year": 18446744073709551615}']):
        write("tariff_file", f"tricky-{i}", text)


# --- HTTP ----------------------------------------------------------------------------------------------------
def http_seeds():
    for path in sorted((ROOT / "contracts").glob("*.json")):
        write("http_quote", f"quote-{path.stem}", b"POST /v1/quotes\napplication/json\n" + path.read_bytes())
    body = (ROOT / "contracts/lineair-aflossing.json").read_bytes()
    write("http_quote", "schedule-json", b"POST /v1/schedules\napplication/json; charset=utf-8\n" + body)
    write("http_quote", "schedule-csv", b"POST /v1/schedules?format=csv\napplication/json\n" + body)
    write("http_quote", "schedule-format", b"POST /v1/schedules?format=xml&x=%zz\napplication/json\n" + body)
    write("http_quote", "quote-text-plain", b"POST /v1/quotes\ntext/plain\n" + body)
    write("http_quote", "quote-get", b"GET /v1/quotes\n\n")
    write("http_quote", "quote-options", b"OPTIONS /v1/quotes\n\n")
    write("http_quote", "unknown-path", b"POST /v1/%2e%2e/quotes\napplication/json\n{}")
    write("http_quote", "not-object", b"POST /v1/quotes\napplication/json\n[1, 2]")
    lines = [json.dumps(json.loads(p.read_bytes())).encode() for p in sorted((ROOT / "contracts").glob("*.json"))]
    write("http_quote", "batch", b"POST /v1/quotes/batch\napplication/x-ndjson\n" + b"\n".join(lines) + b"\n")
    write("http_quote", "batch-mixed", b"POST /v1/quotes/batch\napplication/x-ndjson\n" + lines[0] +
          b"\r\n\n  \n{\"id\": 1}\n[1]\n" + lines[1])
    write("http_quote", "batch-json-type", b"POST /v1/quotes/batch\napplication/json\n" + lines[0])


def http_framing_seeds():
    """Raw connection bytes: ordinary requests, pipelines, and the smuggling and framing faults the server refuses."""
    hidden = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"
    post = "POST /v1/quotes HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    seeds = {
        "get": "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
        "get-http10": "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "get-query-auth": "GET /v1/contracts/c-1/usage?from=2026-01-01&to=2026-02-01 HTTP/1.1\r\nHost: x\r\n"
                          "Authorization: Bearer rf_3f9a0c12d4e5_mdZyL93dviXK6Rfy_oSnXpXc6iCUFaXjebuN1AJJhoQ\r\n\r\n",
        "post-length": post + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n{}",
        "post-chunked": post + "Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\n{\"a\":\r\n2\r\n1}\r\n0\r\nX-T: 1\r\n\r\n",
        "pipelined": "\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" + post + "Transfer-Encoding: chunked\r\n\r\n"
                     "2\r\n{}\r\n0\r\n\r\n" + hidden,
        "two-lengths": post + "Content-Length: 2\r\nContent-Length: 39\r\n\r\n{}" + hidden,
        "length-and-chunked": post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden,
        "gzip-chunked": post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "length-negative": "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        "length-abc": "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "two-authorization": "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\r\nauthorization: Bearer b\r\n\r\n",
        "bare-lf": "GET /healthz HTTP/1.1\nHost: x\n\n" + hidden,
        "obs-fold": "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n",
        "space-before-colon": "GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello",
        "bad-chunk-size": post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + hidden,
        "chunk-no-crlf": post + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}XX0\r\n\r\n",
        "no-host": "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n",
        "http2": "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    }
    for name, text in seeds.items():
        write("http_framing", name, text)


# --- bank messages ---------------------------------------------------------------------------------------------
def bank_message_seeds():
    data = ROOT / "tests" / "data" / "collections"
    statement = (data / "camt053_december.xml").read_text(encoding="utf-8")
    notification = (data / "camt054_notification.xml").read_text(encoding="utf-8")
    write("bank_message", "camt053-december", statement)
    write("bank_message", "camt054-notification", notification)
    seeds = {
        "doctype-laughs": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                          + statement.split("?>", 1)[1].replace("<MsgId>", "<MsgId>&b;", 1),
        "external-entity": '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document>&x;</Document>',
        "pain008-namespace": statement.replace("camt.053.001.02", "pain.008.001.02"),
        "camt053-v8": statement.replace("camt.053.001.02", "camt.053.001.08"),
        "amount-three-places": statement.replace(">255.33<", ">255.333<", 1),
        "amount-huge": statement.replace(">255.33<", ">99999999999999999999999999.99<", 1),
        "amount-negative": statement.replace(">95.20<", ">-95.20<", 1),
        "details-do-not-add-up": statement.replace(">350.53<", ">350.54<", 1),
        "no-booking-date": statement.replace("<BookgDt><Dt>2026-12-05</Dt></BookgDt>", "", 1),
        "dollar": notification.replace('Ccy="EUR"', 'Ccy="USD"', 1),
        "unclosed": statement[: len(statement) // 2],
        "empty-document": '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"/>',
    }
    for name, text in seeds.items():
        write("bank_message", name, text)


def main():
    for target in ["decimal", "offer_json", "csv_readings", "json_readings", "p1_telegram", "knmi_daily",
                   "tariff_file", "http_quote", "http_framing", "bank_message"]:
        clear_seeds(target)
    decimal_seeds()
    offer_seeds()
    readings_seeds()
    p1_seeds()
    knmi_seeds()
    tariff_seeds()
    http_seeds()
    http_framing_seeds()
    bank_message_seeds()


if __name__ == "__main__":
    main()
