#!/usr/bin/env python3
"""Real KNMI weather in one step: download a station's daily file from KNMI's public data and import it.

usage:
  python3 scripts/knmi_download.py --station 348 [--db renofee.db] [--renofee build/src/main/renofee]
                                    [--dir var/knmi] [--no-import] [--base-url URL]

KNMI publishes every station's daily data ("daggegevens van het weer in Nederland",
https://www.knmi.nl/nederland-nu/klimatologie/daggegevens) as a zip file `etmgeg_<station>.zip` holding
`etmgeg_<station>.txt`, open data under CC BY 4.0 (cite "KNMI" as the source). This script:
  1. fetches BASE/etmgeg_<station>.zip (BASE: --base-url, else $RENOFEE_KNMI_BASE_URL, else KNMI's own location
     below), with a 60 s timeout and at most 64 MiB;
  2. takes `etmgeg_<station>.txt` out of the zip and checks that it is a KNMI daily file of that station (a
     `# STN,YYYYMMDD,...` column line with TG and Q, data lines of the station);
  3. writes it to DIR/etmgeg_<station>.txt (atomically: a temporary file renamed into place);
  4. runs `renofee import weather --db DB FILE` (unless --no-import), which stores the days idempotently (the same
     file again changes nothing; newer files add the days since).
Each failure is said in one line on standard error with exit status 1, and nothing is imported.
Standard library only. Tests: tests/e2e/knmi_download_test.py, against a local server with a generated file.
"""
import argparse
import io
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile

KNMI_BASE_URL = "https://cdn.knmi.nl/knmi/map/page/klimatologie/gegevens/daggegevens"
MAX_BYTES = 64 * 1024 * 1024
TIMEOUT_S = 60


class Failure(Exception):
    pass


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_S) as response:
            body = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise Failure(f"{url}: HTTP {e.code} {e.reason}")
    except (urllib.error.URLError, OSError) as e:
        raise Failure(f"{url}: {getattr(e, 'reason', e)}")
    if len(body) > MAX_BYTES:
        raise Failure(f"{url}: larger than {MAX_BYTES} bytes")
    return body


def extract(archive, station, url):
    name = f"etmgeg_{station}.txt"
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            if name not in z.namelist():
                raise Failure(f"{url}: the zip file holds no {name} (it holds {', '.join(z.namelist()) or 'nothing'})")
            info = z.getinfo(name)
            if info.file_size > MAX_BYTES:
                raise Failure(f"{url}: {name} is larger than {MAX_BYTES} bytes")
            return z.read(name)
    except zipfile.BadZipFile:
        raise Failure(f"{url}: not a zip file")


def check_knmi(text, station, url):
    """A column line with STN, YYYYMMDD, TG and Q, and at least one data line, all of `station`."""
    header, data = None, 0
    for number, line in enumerate(text.decode("latin-1").splitlines(), 1):
        if line.startswith("#"):
            names = [c.strip() for c in line[1:].split(",")]
            if names and names[0] == "STN":
                header = names
            continue
        if header is None or not line.strip():
            continue
        first = line.split(",", 1)[0].strip()
        if first != str(station):
            raise Failure(f"{url}: line {number} is of station {first!r}, not {station}")
        data += 1
    if header is None or not {"STN", "YYYYMMDD", "TG", "Q"} <= set(header):
        raise Failure(f"{url}: not a KNMI daily file (no '# STN,YYYYMMDD,...' column line with TG and Q)")
    if data == 0:
        raise Failure(f"{url}: the file has no days")
    return data


def main(argv=None):
    parser = argparse.ArgumentParser(description="download a KNMI station's daily weather and import it")
    parser.add_argument("--station", type=int, required=True, help="KNMI station number, e.g. 348 (Cabauw)")
    parser.add_argument("--db", default="renofee.db", help="database for the import (as renofee's --db)")
    parser.add_argument("--renofee", default=os.path.join("build", "src", "main", "renofee"),
                        help="the renofee executable")
    parser.add_argument("--dir", default=os.path.join("var", "knmi"), help="where the file is kept")
    parser.add_argument("--no-import", action="store_true", help="only download and check the file")
    parser.add_argument("--base-url", default=os.environ.get("RENOFEE_KNMI_BASE_URL", KNMI_BASE_URL))
    args = parser.parse_args(argv)
    if not 1 <= args.station <= 999:
        parser.error("--station must be 1..999")
    url = f"{args.base_url.rstrip('/')}/etmgeg_{args.station}.zip"
    try:
        text = extract(fetch(url), args.station, url)
        days = check_knmi(text, args.station, url)
        os.makedirs(args.dir, exist_ok=True)
        path = os.path.join(args.dir, f"etmgeg_{args.station}.txt")
        with tempfile.NamedTemporaryFile(dir=args.dir, delete=False) as tmp:
            tmp.write(text)
        os.replace(tmp.name, path)
        print(f"{path}: {days} days of station {args.station} from {url} (source: KNMI, CC BY 4.0)")
        if not args.no_import:
            result = subprocess.run([args.renofee, "import", "weather", "--db", args.db, path])
            if result.returncode != 0:
                raise Failure(f"renofee import weather failed with status {result.returncode}")
    except Failure as e:
        print(f"knmi_download: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
