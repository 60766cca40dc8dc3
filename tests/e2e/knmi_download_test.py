#!/usr/bin/env python3
"""scripts/knmi_download.py against a local HTTP server that serves generated files (no network needed).

usage: knmi_download_test.py RENOFEE_BINARY SOURCE_DIR

The server (127.0.0.1, a free port) serves KNMI-style zips made here from scripts/gen_weather.py output:
  etmgeg_348.zip  a good file (synthetic station 348, 2024, KNMI's long layout)
  etmgeg_260.zip  a zip without etmgeg_260.txt
  etmgeg_280.zip  a zip whose etmgeg_280.txt is not a KNMI daily file
  etmgeg_290.zip  not a zip at all
  etmgeg_999.zip  absent (404)
Checks: the good file arrives byte for byte, is imported (366 days of station 348 whose TG sum equals the file's,
read back with python's sqlite3), and a second run changes nothing; each bad case exits 1 with a one-line reason
and imports nothing.
"""
import http.server
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import zipfile

renofee, src = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.join(src, "scripts"))
import gen_weather  # noqa: E402

passed = failed = 0


def check(condition, what, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what} {detail}")


def zipped(name, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(name, data)
    return buffer.getvalue()


with tempfile.TemporaryDirectory() as work:
    served = os.path.join(work, "served")
    os.makedirs(served)
    good = gen_weather.render(348, gen_weather.generate(348, 2024, 2024, seed=3, gaps="none"), "long", 3,
                              "none").encode("ascii")
    files = {
        "etmgeg_348.zip": zipped("etmgeg_348.txt", good),
        "etmgeg_260.zip": zipped("readme.txt", b"nothing here\n"),
        "etmgeg_280.zip": zipped("etmgeg_280.txt", b"<html>not weather</html>\n"),
        "etmgeg_290.zip": b"PK but not really a zip",
    }
    for name, data in files.items():
        with open(os.path.join(served, name), "wb") as f:
            f.write(data)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=served, **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    db = os.path.join(work, "renofee.db")
    keep = os.path.join(work, "knmi")

    def run(station):
        return subprocess.run([sys.executable, os.path.join(src, "scripts", "knmi_download.py"), "--station",
                               str(station), "--db", db, "--renofee", renofee, "--dir", keep, "--base-url", base],
                              capture_output=True, text=True, timeout=120)

    def stored(station):
        if not os.path.exists(db):
            return 0, 0
        with sqlite3.connect(db) as c:
            return c.execute("SELECT COUNT(*), COALESCE(SUM(tg), 0) FROM weather_days WHERE station = ?",
                             (station,)).fetchone()

    tg_sum = sum(values["TG"] for _, values in gen_weather.generate(348, 2024, 2024, seed=3, gaps="none"))
    first = run(348)
    check(first.returncode == 0, "station 348 downloaded and imported", first.stderr)
    with open(os.path.join(keep, "etmgeg_348.txt"), "rb") as f:
        check(f.read() == good, "the file kept is the served file, byte for byte")
    check(stored(348) == (366, tg_sum), "366 days of 2024 stored, TG sum as in the file", str(stored(348)))
    again = run(348)
    check(again.returncode == 0 and stored(348) == (366, tg_sum), "a second run changes nothing", again.stderr)

    for station, reason in [(999, "HTTP 404"), (260, "holds no etmgeg_260.txt"),
                            (280, "not a KNMI daily file"), (290, "not a zip file")]:
        result = run(station)
        lines = result.stderr.strip().splitlines()
        check(result.returncode == 1 and len(lines) == 1 and reason in lines[0],
              f"station {station}: exit 1 with '{reason}'", repr(result.stderr))
        check(stored(station) == (0, 0), f"station {station}: nothing imported")
        check(not os.path.exists(os.path.join(keep, f"etmgeg_{station}.txt")), f"station {station}: no file kept")
    server.shutdown()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
