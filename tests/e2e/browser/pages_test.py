#!/usr/bin/env python3
"""The resident, statement and auditor pages in a real browser: Debian's chromium
headless, driven over the DevTools protocol (cdp.py, standard library only), against the real
`renofee serve` on a free port with a fresh SQLite file.

Setup: every sample in contracts/ is stored with `renofee contract create`; keys with `renofee keys create`
(one resident per contract, a financier, an auditor, an operator); RENOFEE_SHARE_SECRET is set for the server
and for `renofee share-link`.

Checks:
- each offer page (Dutch and English) loads with the resident's key, and its key figures (the exact values in
  `<data value>`) equal the API's JSON for the same offer (POST /v1/quotes as the financier): monthly fee and
  parts, fees per contract year, APR, totals, bills before and after, monthly saving, net effect and the
  affordability verdicts per tariff year. The visible text of the monthly fee equals the value written in
  Dutch notation by an independent python formatter ("€ 1.234,56").
- the cumulative cost table's last row equals python's own sum: Σ schedule totals (POST /v1/schedules) +
  bill × months / 12 rounded half-up, and the bill before × months / 12.
- access: resident A gets 404 on contract B's page (in the browser and through the API client); no key is a
  401; a share link from `renofee share-link` opens the page without a key; a link signed by python's own
  hmac with the same secret opens it too (the signature rule is the documented one), but an expired one, one
  with a flipped signature, and one for another contract are 403; a resident key on the auditor page is 403.
- the statement page of year 1 shows the fees python sums from the schedule for the months due so far, and
  the same figures as `renofee statement --format json`; the auditor page lists every contract.
- accessibility: a scripted check of the essentials on every page (lang, title, one h1 and no skipped
  heading level, every svg a labelled image with a text alternative, every img an alt, every th a scope,
  every table a caption, every form control a label, every link a text, unique ids, WCAG 2.1 contrast of
  every text node computed from its rendered colours, no horizontal scrolling at 200% zoom); and axe-core
  (from the npm registry, cached in the build directory) with no serious or critical violations. When npm
  cannot fetch axe-core the run says "axe-core NOT run" plainly and the scripted check still decides.
- the financier's book page (/portfolio/risk) on 39 generated weather years: its key figures equal the API's
  JSON, the exceedance curve and histogram are labelled images whose tables hold every weather year.
- screenshots of every page and a PDF of the offer page (A4) under tests/artifacts/browser/; the PDF's
  MediaBox is A4 (595 x 842 pt).

usage: pages_test.py RENOFEE SOURCE_DIR [AXE_CACHE_DIR] [--docs-screenshot PATH]
"""
import datetime
import decimal
import glob
import hashlib
import hmac
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import harness  # noqa: E402
import cdp  # noqa: E402

SECRET = "e2e-share-secret-0123456789abcdef-0123456789"
AXE_VERSION = "4.14.1"
D = decimal.Decimal


def dutch_money(value):
    """'€ 1.234,56' written independently of the server (python's decimal, half-up to cents)."""
    q = D(value).quantize(D("0.01"), rounding=decimal.ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, cents = ("%.2f" % abs(q)).split(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return "€ %s%s,%s" % (sign, ".".join(groups), cents)


def python_share_token(contract, expiry):
    message = "renofee.share/1|%s|%d" % (contract, expiry)
    return "%d.%s" % (expiry, hmac.new(SECRET.encode(), message.encode(), hashlib.sha256).hexdigest())


A11Y_SCRIPT = r"""
(() => {
  const problems = [];
  const html = document.documentElement;
  if (!/^(nl|en)$/.test(html.lang)) problems.push('html lang is ' + JSON.stringify(html.lang));
  if (!document.title.trim()) problems.push('empty title');
  const levels = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
  if (levels.filter(l => l === 1).length !== 1) problems.push('not exactly one h1');
  for (let i = 1; i < levels.length; i++)
    if (levels[i] > levels[i - 1] + 1) problems.push('heading level skips from h' + levels[i - 1] + ' to h' + levels[i]);
  for (const svg of document.querySelectorAll('svg')) {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const text = ids.map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    if (svg.getAttribute('role') !== 'img' || !text) problems.push('svg without a labelled text alternative');
  }
  for (const img of document.querySelectorAll('img')) if (!img.hasAttribute('alt')) problems.push('img without alt');
  for (const th of document.querySelectorAll('th')) if (!th.getAttribute('scope')) problems.push('th without scope: ' + th.textContent.trim().slice(0, 30));
  for (const table of document.querySelectorAll('table')) if (!table.querySelector('caption')) problems.push('table without caption');
  for (const el of document.querySelectorAll('input,select,textarea,button'))
    if (el.type !== 'hidden' && (!el.labels || !el.labels.length) && !el.getAttribute('aria-label')) problems.push('form control without label');
  for (const a of document.querySelectorAll('a')) if (!a.textContent.trim()) problems.push('link without text');
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) problems.push('duplicate ids: ' + dupes.slice(0, 5).join(', '));
  // WCAG 2.1 contrast (1.4.3) of every element with its own text, from the rendered colours.
  const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null;
    const p = m[1].split(',').map(x => parseFloat(x)); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
  let checked = 0, lowest = 99;
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const isSvg = el instanceof SVGElement;
    const fg = rgb(isSvg ? style.fill : style.color);
    if (!fg) continue;
    const bg = background(el);
    const l1 = lum(fg), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    checked++; lowest = Math.min(lowest, ratio);
    if (ratio < (large ? 3 : 4.5)) problems.push('contrast ' + ratio.toFixed(2) + ' of ' + JSON.stringify(el.textContent.trim().slice(0, 30)));
  }
  return {problems, checked, lowest};
})()
"""


def axe_source(cache_dir):
    """axe.min.js from the cache, fetched with `npm pack` when missing; None when that is impossible."""
    if not cache_dir:
        return None
    path = os.path.join(cache_dir, "axe-core-%s" % AXE_VERSION, "axe.min.js")
    if not os.path.exists(path):
        os.makedirs(cache_dir, exist_ok=True)
        npm = shutil.which("npm")
        if not npm:
            return None
        try:
            subprocess.run([npm, "pack", "axe-core@" + AXE_VERSION, "--silent"], cwd=cache_dir, check=True,
                           capture_output=True, timeout=180)
            with tarfile.open(os.path.join(cache_dir, "axe-core-%s.tgz" % AXE_VERSION)) as tar:
                member = tar.getmember("package/axe.min.js")
                data = tar.extractfile(member).read()
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
        except (subprocess.SubprocessError, OSError, KeyError, tarfile.TarError) as e:
            print("axe-core could not be fetched: %s" % e)
            return None
    with open(path, encoding="utf-8") as f:
        return f.read()


def main(argv):
    renofee, source = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    axe_cache = argv[3] if len(argv) > 3 and not argv[3].startswith("--") else None
    docs_shot = argv[argv.index("--docs-screenshot") + 1] if "--docs-screenshot" in argv else None
    artifacts = os.path.join(source, "tests", "artifacts", "browser")
    os.makedirs(artifacts, exist_ok=True)
    report = harness.Report()
    work = harness.workdir()
    backend = harness.Backend("sqlite", work)
    os.environ["RENOFEE_SHARE_SECRET"] = SECRET
    env = dict(os.environ)

    offers = {}
    for path in sorted(glob.glob(os.path.join(source, "contracts", "*.json"))):
        with open(path, encoding="utf-8") as f:
            offer = json.load(f)
        offers[offer["id"]] = (path, offer)
        subprocess.run([renofee, "contract", "create", path, "--db", backend.url], check=True, capture_output=True)
    ids = sorted(offers)
    residents = {cid: harness.keys_create(renofee, backend.url, "resident", cid) for cid in ids}
    financier = harness.keys_create(renofee, backend.url, "financier")
    auditor = harness.keys_create(renofee, backend.url, "auditor")
    operator = harness.keys_create(renofee, backend.url, "operator")
    desk = harness.keys_create(renofee, backend.url, "energy_desk")

    server = harness.Server(renofee, source, backend.url, work)
    spec = harness.Spec(os.path.join(source, "api", "openapi.yaml"))
    client = harness.Client(server.port, spec)
    base = "http://127.0.0.1:%d" % server.port
    axe = axe_source(axe_cache)
    if axe is None:
        print("axe-core NOT run (npm could not provide axe-core %s): only the scripted checks decided" % AXE_VERSION)
    browser = cdp.Browser(shutil.which("chromium") or "chromium")
    page = browser.new_page()
    today = datetime.date.today()

    def accessibility(name, lang_expected):
        result = page.evaluate(A11Y_SCRIPT)
        report.check(name + ": accessibility essentials", not result["problems"], "; ".join(result["problems"][:8]))
        report.check(name + ": contrast checked on text", result["checked"] > 3, str(result["checked"]))
        report.check(name + ": lang", page.evaluate("document.documentElement.lang") == lang_expected)
        if axe is not None:
            page.evaluate(axe)
            violations = page.evaluate(
                "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map("
                "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help})))", await_promise=True)
            serious = [v for v in violations if v["impact"] in ("serious", "critical")]
            report.check(name + ": axe-core, no serious or critical violations", not serious, json.dumps(serious)[:600])
            for v in violations:
                if v not in serious:
                    print("axe-core %s (%s, %d nodes) on %s: %s" % (v["id"], v["impact"], v["nodes"], name, v["help"]))
        # 200% zoom: a 1280 px window shows 640 CSS px; the page must not scroll sideways.
        page.set_viewport(640, 900, 2)
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        report.check(name + ": no horizontal scrolling at 200% zoom", fits,
                     str(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")))
        page.set_viewport(1000, 800, 1)

    # English words that must not appear in the Dutch pages' prices, measures and rules (rules issue, item 5).
    english = re.compile(r"\b(heat pump|solar|insulation|ventilation|glazing|battery|other measure|shortfall|"
                         r"guaranteed|payable|deadband|generation|normal year|net zero|savings|against|kWh short|"
                         r"EUR)\b", re.I)

    def dutch_page_checks(name):
        """Measures, guarantee rules and every amount on a Dutch page in Dutch: no English words, and amounts in
        Dutch notation (a decimal comma, never '€ 144.33')."""
        parts = page.evaluate("[...document.querySelectorAll('section th[scope=row], section li, section p')]"
                              ".map(e => e.textContent)")
        found = sorted({m.group(0) for t in parts for m in english.finditer(t)})
        report.check(name + ": no English words in measures, rules and prices", not found, str(found))
        text = page.evaluate("document.querySelector('main').textContent")
        pointed = re.findall(r"€\s?-?[0-9.]*[0-9]\.[0-9]{2}(?![0-9])", text)
        report.check(name + ": amounts in Dutch notation", not pointed, str(pointed[:5]))

    def screenshot(name):
        height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
        data = page.screenshot(os.path.join(artifacts, name + ".png"),
                               {"x": 0, "y": 0, "width": 1000, "height": min(height, 12000), "scale": 1})
        report.check(name + ": screenshot", data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000)

    try:
        page.set_viewport(1000, 800, 1)
        for cid in ids:
            path, offer = offers[cid]
            with open(path, "rb") as f:
                body = f.read()
            quote = client.request("POST", "/v1/quotes", body, key=financier, content_type="application/json").json()
            schedule = client.request("POST", "/v1/schedules", body, key=financier,
                                      content_type="application/json").json()
            auth = {"Authorization": "Bearer " + residents[cid]}
            for lang in ("nl", "en"):
                name = "offer-%s-%s" % (cid, lang)
                status = page.goto(base + "/offer/%s?lang=%s" % (cid, lang), auth)
                report.check(name + ": 200", status == 200, str(status))
                values = page.evaluate("Object.fromEntries([...document.querySelectorAll('data[id]')]"
                                       ".map(d => [d.id, d.value]))")
                passed = page.evaluate("Object.fromEntries([...document.querySelectorAll('[data-passed]')]"
                                       ".map(d => [d.id, d.dataset.passed]))")
                first = quote["first_month"]
                tenant = offer["dwelling"]["tenure"] == "rented"
                expected = {"contract-id": cid, "monthly-fee": first["total"],
                            "fee-financing": first["financing_payment"], "fee-service": first["service_fee"]}
                credit = {"apr": quote["financing"]["apr"]["percent_two_decimals"],
                          "principal": quote["principal"],
                          "total-payable": quote["totals"]["total_payable"],
                          "financing-total": quote["totals"]["financing_payments"],
                          "cost-of-credit": quote["totals"]["cost_of_credit"]}
                if tenant:
                    # The EPV tenant is not the borrower: no credit terms on the tenant's view, the rights instead.
                    shown_credit = [k for k in list(credit) + ["early-repayment"]
                                    if page.evaluate("!!document.getElementById(%s)" % json.dumps(k))]
                    report.check(name + ": the tenant's view has no credit terms", not shown_credit, str(shown_credit))
                    text = page.evaluate("document.querySelector('main').textContent")
                    words = ["JKP", "Kredietbedrag", "Kosten van het krediet", "aflossen"] if lang == "nl" else \
                        ["APR", "Amount of credit", "cost of credit", "repay"]
                    report.check(name + ": no credit words on the tenant's view",
                                 not [w for w in words if w in text], str([w for w in words if w in text]))
                    report.check(name + ": the tenant's rights are shown",
                                 page.evaluate("!!document.getElementById('tenant-rights')"))
                else:
                    expected.update(credit)
                if "epv_monthly_cap" in quote:
                    expected["epv-cap"] = quote["epv_monthly_cap"]
                for fee in quote["fee_by_year"]:
                    expected["fee-year-%d" % fee["year"]] = fee["total"]
                expected_passed = {}
                for ty in quote["tariff_years"]:
                    t = ty["tariff_id"]
                    expected["bill-before-" + t] = ty["energy"]["bill_before"]["total"]
                    expected["bill-after-" + t] = ty["energy"]["bill_after"]["total"]
                    expected["saving-month-" + t] = ty["energy"]["monthly_saving"]
                    expected["net-effect-" + t] = ty["net_monthly_effect"]
                    checks = ty["affordability"]
                    expected_passed["woonlasten-" + t] = "true" if checks["woonlastenimpacttoets"]["passed"] else "false"
                    expected_passed["pays-" + t] = "true" if checks["pays"]["passed"] else "false"
                wrong = {k: (v, values.get(k)) for k, v in expected.items() if values.get(k) != v}
                report.check(name + ": figures equal the API's JSON (%d)" % len(expected), not wrong, str(wrong))
                report.check(name + ": affordability verdicts equal the API's", passed == expected_passed,
                             "%s vs %s" % (passed, expected_passed))
                if lang == "nl":
                    shown = page.evaluate("document.getElementById('monthly-fee').textContent")
                    report.check(name + ": Dutch notation", shown == dutch_money(first["total"]),
                                 "%r vs %r" % (shown, dutch_money(first["total"])))
                    dutch_page_checks(name)
                # The cumulative table's last row, summed independently.
                last_ty = quote["tariff_years"][-1]["energy"]
                months = len(schedule["rows"])
                years = (months + 11) // 12
                fees = sum(D(r["total"]) for r in schedule["rows"])
                cents = lambda x: x.quantize(D("0.01"), rounding=decimal.ROUND_HALF_UP)  # noqa: E731
                with_renovation = fees + cents(D(last_ty["bill_after"]["total"]) * months / 12)
                without = cents(D(last_ty["bill_before"]["total"]) * months / 12)
                report.check(name + ": cumulative cost with renovation",
                             D(values.get("cum-with-%d" % years, "NaN")) == with_renovation,
                             "%s vs %s" % (values.get("cum-with-%d" % years), with_renovation))
                report.check(name + ": cumulative cost without renovation",
                             D(values.get("cum-without-%d" % years, "NaN")) == without)
                report.check(name + ": chart labelled", page.evaluate(
                    "(() => { const s = document.querySelector('svg#cost-chart');"
                    " return !!s && s.querySelectorAll('polyline').length === 2 &&"
                    " document.getElementById('cost-chart-desc').textContent.length > 50; })()"))
                accessibility(name, lang)
                screenshot(name)

        # An auditor (or the contract's financier) may open an EPV home's landlord view, with the credit terms;
        # the tenant may not.
        for cid in ids:
            if offers[cid][1]["dwelling"]["tenure"] != "rented":
                continue
            status = page.goto(base + "/offer/%s?view=landlord" % cid, {"Authorization": "Bearer " + auditor})
            report.check(cid + ": the landlord's view shows the APR",
                         status == 200 and page.evaluate("!!document.getElementById('apr')"), str(status))
            page.goto(base + "/offer/%s?view=landlord" % cid, {"Authorization": "Bearer " + residents[cid]})
            report.check(cid + ": the tenant gets the tenant's view even when asking for the landlord's",
                         not page.evaluate("!!document.getElementById('apr')"))

        # Access rules in the browser and through the API client.
        a, b = ids[0], ids[1]
        auth_a = {"Authorization": "Bearer " + residents[a]}
        status = page.goto(base + "/offer/" + b, auth_a)
        report.check("resident A on contract B's offer page: 404", status == 404, str(status))
        report.check("the 404 is an HTML page", "404" in page.evaluate("document.querySelector('h1').textContent"))
        accessibility("error-page", "nl")
        screenshot("error-404")
        report.check("resident A on B through the API client: 404",
                     client.request("GET", "/offer/" + b, key=residents[a]).status == 404)
        report.check("resident A on B's statement: 404",
                     client.request("GET", "/statement/%s/1" % b, key=residents[a]).status == 404)
        report.check("no key: 401", client.request("GET", "/offer/" + a).status == 401)
        report.check("resident on the auditor page: 403",
                     client.request("GET", "/auditor/contracts", key=residents[a]).status == 403)
        report.check("unknown lang: 422", client.request("GET", "/offer/%s?lang=de" % a, key=residents[a]).status == 422)

        link = subprocess.run([renofee, "share-link", "--contract", a, "--days", "3"], check=True,
                              capture_output=True, text=True, env=env).stdout.strip()
        report.check("share-link prints a link", re.match(r"^/offer/%s\?share=\d+\.[0-9a-f]{64}$" % re.escape(a), link), link)
        status = page.goto(base + link)
        report.check("share link opens the page without a key", status == 200, str(status))
        report.check("share link page names the contract",
                     page.evaluate("document.getElementById('contract-id').value") == a)
        now = int(time.time())
        for label, token, target, code in [
                ("python-signed link", python_share_token(a, now + 600), a, 200),
                ("expired link", python_share_token(a, now - 1), a, 403),
                ("flipped signature", python_share_token(a, now + 600)[:-1] + "0"
                 if not python_share_token(a, now + 600).endswith("0") else python_share_token(a, now + 600)[:-1] + "1", a, 403),
                ("link for another contract", python_share_token(a, now + 600), b, 403),
                ("malformed link", "abc", a, 403)]:
            status = page.goto(base + "/offer/%s?share=%s" % (target, token))
            report.check("%s: %d" % (label, code), status == code, str(status))
            report.check("%s through the API client: %d" % (label, code),
                         client.request("GET", "/offer/%s?share=%s" % (target, token)).status == code)

        # Statement pages: fees posted so far in year 1 by `renofee post-fees` (python sums the schedule) and the
        # CLI's figures.
        for cid in ids:
            path, offer = offers[cid]
            with open(path, "rb") as f:
                schedule = client.request("POST", "/v1/schedules", f.read(), key=financier,
                                          content_type="application/json").json()
            # Year 1, or for contracts settled per calendar year the first calendar year they cover whole.
            start = datetime.date.fromisoformat(offer["start_date"])
            if offer.get("settlement_year") == "calendar":
                year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
                begin, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
            else:
                year, begin, end = 1, start, start.replace(year=start.year + 1)
            # Fees reach the ledger through the explicit step (a page view writes nothing): due so far this year.
            through = min(end - datetime.timedelta(days=1), today)
            harness.post_fees(renofee, backend.url, cid, through.isoformat(), source)
            status = page.goto(base + "/statement/%s/%d" % (cid, year), {"Authorization": "Bearer " + residents[cid]})
            report.check("statement %s: 200" % cid, status == 200, str(status))
            values = page.evaluate("Object.fromEntries([...document.querySelectorAll('data[id]')]"
                                   ".map(d => [d.id, d.value]))")
            due = [r for r in schedule["rows"]
                   if begin <= datetime.date.fromisoformat(r["due_date"]) < end
                   and datetime.date.fromisoformat(r["due_date"]) <= today]
            expected_fees = sum((D(r["total"]) for r in due), D("0.00"))
            report.check("statement %s: fees = Σ schedule months due (%d)" % (cid, len(due)),
                         D(values.get("fees", "NaN")) == expected_fees, "%s vs %s" % (values.get("fees"), expected_fees))
            cli = json.loads(subprocess.run([renofee, "statement", "--contract", cid, "--year", str(year), "--format", "json",
                                             "--db", backend.url], check=True, capture_output=True, text=True).stdout)
            for field, key in [("fees", "fees_eur"), ("compensation", "compensation_eur"),
                               ("closing-balance", "closing_balance_eur"), ("opening-balance", "opening_balance_eur")]:
                report.check("statement %s: %s as the CLI" % (cid, field), D(values.get(field, "NaN")) == D(cli[key]),
                             "%s vs %s" % (values.get(field), cli[key]))
            # Early repayment as of today: the page's figures are the API's quote (GET /v1/contracts/{id}/payoff).
            reply = client.request("GET", "/v1/contracts/%s/payoff" % cid, key=residents[cid])
            report.check("payoff %s: 200 for the resident" % cid, reply.status == 200, str(reply.status))
            payoff = reply.json() if reply.status == 200 else {}
            for field, key in [("payoff-principal", "outstanding_principal"), ("payoff-interest", "accrued_interest"),
                               ("payoff-compensation", "compensation"), ("payoff-total", "total")]:
                report.check("statement %s: %s as the payoff quote" % (cid, field),
                             D(values.get(field, "NaN")) == D(payoff.get(key, "NaN")),
                             "%s vs %s" % (values.get(field), payoff.get(key)))
            report.check("statement %s: reconciliation status in words" % cid,
                         page.evaluate("document.getElementById('reconciliation-status').dataset.status") == "none")
            if cid == ids[0]:
                accessibility("statement-" + cid, "nl")
                screenshot("statement-" + cid)

        # Auditor page: every contract, each with its past years (none are over yet for the 2026 samples).
        # The operator sees no contract (docs/api.md): 403; the auditor last, so the page below is the auditor's.
        for key, role, wanted in [(operator, "operator", 403), (auditor, "auditor", 200)]:
            status = page.goto(base + "/auditor/contracts", {"Authorization": "Bearer " + key})
            report.check("auditor page as %s: %d" % (role, wanted), status == wanted, str(status))
        listed = page.evaluate("[...document.querySelectorAll('tr[data-contract]')].map(r => r.dataset.contract)")
        report.check("auditor page lists every contract", listed == ids, str(listed))
        accessibility("auditor-contracts", "nl")
        screenshot("auditor-contracts")

        # A settled demo (scripts/seed_contracts.sh: nom-e2e contract year 1 and epv-e2e 2025 reconciled from real
        # Cabauw weather and meter data), then a correction of nom-e2e year 1: the statement shows the outcome and
        # the auditor view each year's status. Figures from tests/data/e2e/expected.json (an independent python
        # reference, scripts/gen_reconcile_e2e.py).
        subprocess.run(["bash", os.path.join(source, "scripts", "seed_contracts.sh"), renofee, backend.url],
                       cwd=source, check=True, capture_output=True)
        with open(os.path.join(source, "tests", "data", "e2e", "expected.json"), encoding="utf-8") as f:
            settled = json.load(f)
        nom_resident = harness.keys_create(renofee, backend.url, "resident", "nom-e2e")
        status = page.goto(base + "/statement/nom-e2e/1", {"Authorization": "Bearer " + nom_resident})
        report.check("settled statement nom-e2e year 1: 200", status == 200, str(status))
        values = page.evaluate("Object.fromEntries([...document.querySelectorAll('data[id]')]"
                               ".map(d => [d.id, d.value]))")
        report.check("settled statement: compensation = the independent reference",
                     D(values.get("compensation", "NaN")) == D(settled["nom"]["compensation"]),
                     "%s vs %s" % (values.get("compensation"), settled["nom"]["compensation"]))
        report.check("settled statement: the outcome in words is a shortfall",
                     page.evaluate("document.getElementById('reconciliation-status').dataset.status") == "shortfall")
        dutch_page_checks("settled statement nom-e2e")
        screenshot("statement-nom-e2e-settled")
        with open(os.path.join(source, "tests", "data", "e2e", "nom-submeters.csv"), encoding="utf-8") as f:
            row = next(line for line in f if line.startswith("HP-1,heat_pump,2024-09-01T22:00:00Z,"))
        meter, channel, stamp, value = row.strip().split(",")
        correction = os.path.join(work, "correction.csv")
        with open(correction, "w", encoding="utf-8") as f:
            f.write("meter_id,channel,timestamp,value\n%s,%s,%s,%s\n" % (meter, channel, stamp, D(value) + D("0.001")))
        subprocess.run([renofee, "import", "readings", "--contract", "nom-e2e", "--correction", correction, "--db",
                        backend.url], check=True, capture_output=True)
        subprocess.run([renofee, "reconcile", "--contract", "nom-e2e", "--year", "1", "--correct",
                        "heat pump reading corrected", "--db", backend.url], cwd=source, check=True, capture_output=True)
        page.goto(base + "/auditor/contracts", {"Authorization": "Bearer " + auditor})
        statuses = page.evaluate("Object.fromEntries([...document.querySelectorAll('tr[data-contract] li[data-year]')]"
                                 ".map(l => [l.closest('tr').dataset.contract + '/' + l.dataset.year, l.dataset.status]))")
        for where, expected_status in [("nom-e2e/1", "done corrected shortfall"), ("nom-e2e/2", "due"),
                                       ("epv-e2e/2025", "done shortfall")]:
            report.check("auditor view: %s is %s" % (where, expected_status),
                         statuses.get(where) == expected_status, str(statuses))
        screenshot("auditor-contracts-settled")

        # Print the Nul op de Meter offer page to PDF (A4 from the print stylesheet).
        nom = "nom-tussenwoning" if "nom-tussenwoning" in ids else ids[0]
        page.goto(base + "/offer/" + nom, {"Authorization": "Bearer " + residents[nom]})
        data = page.pdf(os.path.join(artifacts, "offer-%s.pdf" % nom))
        report.check("PDF written", data[:5] == b"%PDF-" and len(data) > 20000, str(len(data)))
        boxes = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data)
        report.check("PDF pages are A4", boxes and all(abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2
                                                       for w, h in boxes), str(boxes[:3]))

        # The financier's book (docs/guarantees.md "Exposure"): 39 generated weather years of stations 348 and
        # 260 (scripts/gen_weather.py), the auditor's page against the API's JSON for the same book, the two
        # charts as labelled images with tables that hold the same figures, access, accessibility, screenshot.
        for station, layout in (("348", "long"), ("260", "short")):
            path = os.path.join(work, "w%s.txt" % station)
            subprocess.run(["python3", os.path.join(source, "scripts", "gen_weather.py"), "--station", station,
                            "--from", "1987", "--to", "2025", "--layout", layout, "--gaps", "none", "--out", path],
                           check=True, capture_output=True)
            subprocess.run([renofee, "import", "weather", "--db", backend.url, path], check=True, capture_output=True)
        query = "?as_of=2026-12-04&seed=11"
        book = client.request("GET", "/v1/portfolio/risk" + query, key=auditor)
        report.check("portfolio risk API: 200 for the auditor", book.status == 200, str(book.status))
        book = book.json() if book.status == 200 else {"portfolio": {}, "contracts": []}
        report.check("portfolio risk page: 403 for a resident",
                     client.request("GET", "/portfolio/risk", key=residents[ids[0]]).status == 403)
        status = page.goto(base + "/portfolio/risk" + query, {"Authorization": "Bearer " + auditor})
        report.check("portfolio risk page: 200 for the auditor", status == 200, str(status))
        values = page.evaluate("Object.fromEntries([...document.querySelectorAll('data[id]')].map(d => [d.id, d.value]))")
        port = book["portfolio"]
        for field, key in [("expected", "expected_eur"), ("p50", "p50_eur"), ("p95", "p95_eur"), ("p99", "p99_eur"),
                           ("worst", "worst_eur"), ("present-value", "present_value_eur"),
                           ("premium", "premium_monthly_per_contract_eur")]:
            report.check("portfolio risk page: %s as the API" % field, D(values.get(field, "NaN")) == D(port.get(key, "NaN")),
                         "%s vs %s" % (values.get(field), port.get(key)))
        report.check("portfolio risk page: worst year as the API", values.get("worst-year") == str(port.get("worst_year")))
        charts = page.evaluate("[...document.querySelectorAll('svg.chart')].map(s => [s.id, s.getAttribute('role'), "
                               "s.querySelector('title') ? s.querySelector('title').textContent : ''])")
        report.check("portfolio risk page: an exceedance curve and a histogram as labelled images",
                     [c[0] for c in charts] == ["exceedance", "histogram"] and all(c[1] == "img" and c[2] for c in charts),
                     str(charts))
        years = len(port.get("years", []))
        table = page.evaluate("[...document.querySelectorAll('#exceedance-table tbody tr')].map(r => r.cells[1].textContent)")
        report.check("portfolio risk page: the exceedance table has every weather year once",
                     sorted(table) == sorted(str(y["year"]) for y in port.get("years", [])) and years == 39, str(len(table)))
        counts = page.evaluate("[...document.querySelectorAll('#histogram-table tbody tr')].map(r => +r.cells[1].textContent)")
        report.check("portfolio risk page: the histogram counts every year", sum(counts) == years, str(counts))
        listed = page.evaluate("[...document.querySelectorAll('#contracts tr[data-contract]')].map(r => r.dataset.contract)")
        report.check("portfolio risk page: every contract of the book listed",
                     listed == [r["contract_id"] for r in book["contracts"]], str(listed))
        accessibility("portfolio-risk", "nl")
        screenshot("portfolio-risk")
        # The neighbourhood meeting (docs/campaigns.md): a street of 40 homes of three house types posted by an
        # energy desk (scripts/gen_street.py), the meeting page against the API's summary, no group under 5 and
        # no address on it, its charts as labelled images with tables; one home's page by its share link.
        sys.path.insert(0, os.path.join(source, "scripts"))
        import gen_street
        r = client.request("POST", "/v1/campaigns", json.dumps({"id": "lombok", "name": "Lombok-Oost",
                                                                "start_date": "2027-03-01"}),
                           key=desk, content_type="application/json")
        report.check("campaign created", r.status == 201, str(r.status))
        r = client.request("POST", "/v1/campaigns/lombok/homes", gen_street.street(), key=desk, content_type="text/csv")
        report.check("campaign: 40 homes in", r.status == 201 and r.json()["added"] == 40, str(r.status))
        share_links = [h["share_link"] for h in r.json()["homes"]] if r.status == 201 else []
        summary = client.request("GET", "/v1/campaigns/lombok/summary", key=desk).json()
        total = summary["groups"][-1]
        status = page.goto(base + "/campaigns/lombok/meeting", {"Authorization": "Bearer " + desk})
        report.check("meeting page: 200 for the energy desk", status == 200, str(status))
        values = page.evaluate("Object.fromEntries([...document.querySelectorAll('data[id]')].map(d => [d.id, d.value]))")
        report.check("meeting page: homes, investment, gas and CO2 as the API",
                     values.get("homes") == "40" and D(values.get("investment", "NaN")) == D(total["investment"])
                     and D(values.get("gas-saved", "NaN")) == D(total["gas_saved_m3"])
                     and values.get("co2-avoided") == total["co2_avoided_kg"], str(values))
        report.check("meeting page: households leaving energy poverty as the API",
                     values.get("leaving-poverty") == str(total["energy_poverty"]["leaving"]), str(values))
        charts = page.evaluate("[...document.querySelectorAll('svg.chart')].map(s => [s.id, s.getAttribute('role'), "
                               "s.querySelector('title') ? s.querySelector('title').textContent : ''])")
        report.check("meeting page: the net effect per house type, the cost over time and steps against all at once "
                     "as labelled images",
                     [c[0] for c in charts] == ["net-effect", "cost-over-time", "choice-tussenwoning-1965-1974-2"]
                     and all(c[1] == "img" and c[2] for c in charts), str(charts))
        cost_rows = page.evaluate("[...document.querySelectorAll('#cost-table tbody tr')].map(r => [...r.cells].map(c => c.textContent))")
        expected_rows = [[tariff, dutch_money(c["before"]), dutch_money(c["after_with_fee"])]
                         for tariff, c in total["average_monthly_cost"].items()]
        report.check("meeting page: the cost over time table as the API's averages", cost_rows == expected_rows,
                     "%s vs %s" % (cost_rows, expected_rows))
        shown = [g["group"] for g in summary["groups"][:-1] if g["shown"]]
        drawn = page.evaluate("[...document.querySelectorAll('#net-effect g.range text:first-child')].map(t => t.textContent)")
        report.check("meeting page: only groups of 5 or more drawn", drawn == shown + ["Alle woningen"], str(drawn))
        small = page.evaluate("(document.querySelector('tr[data-group=\"portiekflat-1960-1970\"]') || {}).textContent || ''")
        report.check("meeting page: the group of 4 shows its count and no amount",
                     "4" in small and "€" not in small and "minder dan 5" in small, small)
        other = page.evaluate("(document.querySelector('tr[data-group=\"hoekwoning-1965-1974\"]') || {}).textContent || ''")
        report.check("meeting page: the group hidden with it says why, and shows no amount",
                     "14" in other and "€" not in other and "verborgen met een kleinere groep" in other, other)
        text = page.evaluate("document.body.textContent")
        report.check("meeting page: no address, postcode or income on the page",
                     "3521" not in text and "000-" not in text and "share" not in text, "")
        accessibility("campaign-meeting", "nl")
        dutch_page_checks("campaign-meeting")
        screenshot("campaign-meeting")
        # A smaller copy for docs/pages.md (docs/img/campaign-meeting.png is this file, copied by hand).
        page.screenshot(os.path.join(artifacts, "campaign-meeting-small.png"),
                        {"x": 0, "y": 0, "width": 1000, "height": 1960, "scale": 0.5})
        data = page.pdf(os.path.join(artifacts, "campaign-meeting.pdf"))
        report.check("meeting page: printed to PDF on A4", data[:5] == b"%PDF-" and
                     all(abs(float(w) - 595.3) < 2 for w, _ in re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", data)))
        if share_links:
            status = page.goto(base + share_links[0], {})
            report.check("campaign home page: 200 by its share link without a key", status == 200, str(status))
            fee = page.evaluate("(document.getElementById('monthly-fee') || {}).value")
            report.check("campaign home page: its monthly fee shown", fee is not None and D(fee) > 0, str(fee))
            rows = page.evaluate("document.querySelectorAll('#choice-table tbody tr').length")
            report.check("campaign home page: steps against all at once for every contract year", rows == 30, str(rows))
            accessibility("campaign-home", "nl")
            screenshot("campaign-home")
            status = page.goto(base + share_links[0].split("?")[0] + "?share=" + "A" * 43, {})
            report.check("campaign home page: a forged link is a 404", status == 404, str(status))
        if docs_shot:
            page.set_viewport(900, 800, 1)
            page.screenshot(docs_shot, {"x": 0, "y": 0, "width": 900, "height": 1300, "scale": 0.6})
            print("docs screenshot written to %s" % docs_shot)
    except Exception as e:  # the report names the failure; cleanup below still runs
        report.check("browser run: %s: %s" % (type(e).__name__, e), False)
    finally:
        browser.close()
        code = server.stop()
        report.check("server exits 0", code == 0, str(code))
        shutil.rmtree(work, ignore_errors=True)
    print("artifacts in %s" % artifacts)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
