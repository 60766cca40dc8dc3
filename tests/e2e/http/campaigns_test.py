#!/usr/bin/env python3
"""A street of 40 homes through the service (docs/campaigns.md, "Campaigns in the service"), on the real
`renofee serve` over a fresh SQLite file and, when RENOFEE_TEST_PG_URL is set, a fresh PostgreSQL database:

1. An energy desk creates a campaign and posts the homes CSV of scripts/gen_street.py (40 homes, 3 house
   types, a group of 4): 201 with 40 share links, numbered 1..40.
2. The summary from the API is the summary `renofee campaign summary` computes from the same CSV and
   templates as files (same groups, same figures): the stored offers are the derived ones.
3. Every share link opens its home's offer page, and the page's monthly fee is the one POST /v1/quotes gives
   for the offer `renofee campaign offers` derives for that home. A wrong token, another home's token, a
   missing token and a missing home all answer the same 404.
4. What the energy desk sees: its campaigns and their aggregates; the campaign's home list has no figure and
   no income band; no contract route (403); another desk's campaign is the 404 of a missing one, and it
   cannot add homes there. The auditor reads every campaign but adds no homes. A new link for a lost letter
   replaces the old one.
5. Bad input stores nothing and names the row and field: an unknown house type, an address twice in the
   file, an address already in the campaign, a template rule that gives a negative amount, a malformed
   income band, a header without a column; a campaign id that is taken, a malformed id or date.
6. A server whose template directory holds a template with a negative cost does not start, naming the file
   and the field.

usage: campaigns_test.py RENOFEE SOURCE_DIR
"""
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal as D

import harness

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "scripts"))
import gen_street  # noqa: E402

TEMPLATES = ["tussenwoning-1965-1974", "hoekwoning-1965-1974", "twee-onder-een-kap-1965-1974",
             "portiekflat-1960-1970"]
START = "2027-03-01"


def cli_summary(renofee, src, csv_path):
    args = [renofee, "campaign", "summary", "--homes", csv_path, "--campaign", "lombok", "--start", START,
            "--format", "json"]
    for t in TEMPLATES:
        args += ["--template", os.path.join(src, "contracts", "templates", t + ".json")]
    return json.loads(subprocess.run(args, cwd=src, capture_output=True, text=True, check=True).stdout)


def cli_offers(renofee, src, csv_path, out):
    args = [renofee, "campaign", "offers", "--homes", csv_path, "--campaign", "lombok", "--start", START,
            "--out", out]
    for t in TEMPLATES:
        args += ["--template", os.path.join(src, "contracts", "templates", t + ".json")]
    subprocess.run(args, cwd=src, capture_output=True, text=True, check=True)


def run(kind, renofee, src, report):
    work = harness.workdir()
    backend = harness.Backend(kind, work)
    tag = "[%s] " % kind
    keys = {role: harness.keys_create(renofee, backend.url, role) for role in ("financier", "auditor", "energy_desk")}
    keys["other_desk"] = harness.keys_create(renofee, backend.url, "energy_desk", label="another desk")
    spec = harness.Spec(os.path.join(src, "api", "openapi.yaml"))
    server = harness.Server(renofee, src, backend.url, work)
    api = harness.Client(server.port, spec)
    desk, auditor = keys["energy_desk"], keys["auditor"]
    street_csv = os.path.join(work, "street.csv")
    with open(street_csv, "w", encoding="utf-8") as f:
        f.write(gen_street.street())
    with open(street_csv, encoding="utf-8") as f:
        street = f.read()
    try:
        def post_json(path, body, key=desk):
            return api.request("POST", path, json.dumps(body), key=key, content_type="application/json")

        def post_csv(path, body, key=desk):
            return api.request("POST", path, body, key=key, content_type="text/csv")

        links = {}

        def street_in():
            r = post_json("/v1/campaigns", {"id": "lombok", "name": "Lombok-Oost", "start_date": START})
            assert r.status == 201 and r.header("Location") == "/v1/campaigns/lombok", r
            r = post_csv("/v1/campaigns/lombok/homes", street)
            assert r.status == 201, r
            body = r.json()
            assert body["added"] == 40 and [h["number"] for h in body["homes"]] == list(range(1, 41)), body["added"]
            for h in body["homes"]:
                assert re.match(r"^/campaigns/lombok/homes/%d\?share=[A-Za-z0-9_-]{43}$" % h["number"],
                                h["share_link"]), h
                links[h["house_number"]] = h["share_link"]
            assert len(set(links.values())) == 40
        report.run(tag + "a street of 40 homes in: 201 with 40 distinct share links", street_in)

        def summary_as_cli():
            r = api.request("GET", "/v1/campaigns/lombok/summary", key=desk)
            assert r.status == 200, r
            served = r.json()
            expected = cli_summary(renofee, src, street_csv)
            assert served["groups"] == expected["groups"], (served["groups"], expected["groups"])
            groups = {g["group"]: g for g in served["groups"]}
            assert groups["portiekflat-1960-1970"] == {"group": "portiekflat-1960-1970", "homes": 4, "shown": False}
            # hidden with the flats, so the total minus the shown groups covers 18 homes, not 4
            assert groups["hoekwoning-1965-1974"] == {"group": "hoekwoning-1965-1974", "homes": 14, "shown": False}
            assert groups["total"]["homes"] == 40 and groups["total"]["energy_poverty"]["shown"]
            assert served["energy_poverty_definition"].startswith("energiequote (CBS/TNO Monitor Energiearmoede")
            same = api.request("GET", "/v1/campaigns/lombok/summary", key=auditor)
            assert same.status == 200 and same.json() == served
        report.run(tag + "the summary equals `renofee campaign summary` of the same CSV; the group of 4 hidden",
                   summary_as_cli)

        def pages_by_link():
            offers = os.path.join(work, "offers")
            cli_offers(renofee, src, street_csv, offers)
            for number, link in sorted(links.items(), key=lambda kv: int(kv[0])):
                with open(os.path.join(offers, "lombok-3521ab-%s.json" % number), encoding="utf-8") as f:
                    offer = f.read()
                quote = api.request("POST", "/v1/quotes", offer, key=keys["financier"],
                                    content_type="application/json").json()
                page = api.request("GET", link, headers={"Accept": "text/html"})
                assert page.status == 200, (link, page)
                fee = re.search(r'<data id="monthly-fee" value="([0-9.-]+)"', page.text)
                assert fee and D(fee.group(1)) == D(quote["first_month"]["total"]), (number, fee, quote["first_month"])
                assert 'value="3521 AB %s"' % number in page.text
                stored = api.request("GET", link.replace("?", "/offer?").replace("/campaigns/", "/v1/campaigns/", 1))
                assert stored.status == 200 and stored.json() == json.loads(offer), number
                # The resident's choice: all at once is the offer's own financing; steps cost more in all.
                first = re.search(r'<tr data-year="1" data-steps-financing="([0-9.]+)" data-integral-financing="([0-9.]+)"',
                                  page.text)
                assert first and D(first.group(2)) == D(quote["first_month"]["financing_payment"]), (number, first)
                years = re.findall(r'<tr data-year="([0-9]+)"', page.text)
                assert len(years) == int(json.loads(offer)["financing"]["term_months"]) // 12, (number, len(years))
                total_steps = re.search(r'id="steps-total-cost" value="([0-9.]+)"', page.text).group(1)
                total_once = re.search(r'id="integral-total-cost" value="([0-9.]+)"', page.text).group(1)
                assert D(total_steps) > 0 and D(total_once) > 0, (total_steps, total_once)
        report.run(tag + "40 share links open 40 offer pages, each fee the quote of the derived offer", pages_by_link)

        def wrong_links_alike():
            one, two = links["1"], links["3"]
            token_two = two.split("share=")[1]
            bodies = []
            for path in (one.split("?")[0] + "?share=" + token_two, one.split("?")[0],
                         one.split("?")[0] + "?share=" + "A" * 43, "/campaigns/lombok/homes/99?share=" + token_two,
                         "/campaigns/other/homes/1?share=" + token_two):
                r = api.request("GET", path, headers={"X-Request-Id": "same-id"})
                assert r.status == 404, (path, r)
                bodies.append(re.sub(r'no home [0-9]+ in campaign \\"[a-z]+\\"', "no home", r.text))
            assert len(set(bodies)) == 1, bodies
        report.run(tag + "a wrong, another home's, missing or forged token and a missing home: the same 404",
                   wrong_links_alike)

        def renewed_link():
            old = links["1"]
            r = api.request("POST", "/v1/campaigns/lombok/homes/1/share-link", key=desk)
            assert r.status == 201, r
            new = r.json()["share_link"]
            assert new != old and new.startswith("/campaigns/lombok/homes/1?share=")
            assert api.request("GET", old).status == 404
            assert api.request("GET", new).status == 200
            assert api.request("POST", "/v1/campaigns/lombok/homes/99/share-link", key=desk).status == 404
            assert api.request("POST", "/v1/campaigns/lombok/homes/1/share-link", key=keys["other_desk"]).status == 404
            assert api.request("POST", "/v1/campaigns/lombok/homes/1/share-link", key=auditor).status == 403
            assert backend.count("SELECT COUNT(*) FROM campaign_links") == 1
            links["1"] = new
        report.run(tag + "a new link for a lost letter: the old one stops working, only the campaign's desk makes one",
                   renewed_link)

        def offer_to_contract():
            link = links["3"].replace("?", "/offer?").replace("/campaigns/", "/v1/campaigns/", 1)
            offer = api.request("GET", link)
            assert offer.status == 200, offer
            r = api.request("POST", "/v1/contracts", offer.text, key=keys["financier"], content_type="application/json")
            assert r.status == 201 and r.json()["id"] == "lombok-3521ab-3", r
        report.run(tag + "the resident's offer document, by its link, becomes a financier's contract", offer_to_contract)

        def desk_sees_aggregates_only():
            r = api.request("GET", "/v1/campaigns", key=desk)
            assert r.status == 200 and [c["id"] for c in r.json()["campaigns"]] == ["lombok"], r
            r = api.request("GET", "/v1/campaigns/lombok", key=desk)
            assert r.status == 200, r
            homes = r.json()["homes_list"]
            assert len(homes) == 40
            allowed = {"number", "postcode", "house_number", "house_type", "template", "use_source"}
            assert all(set(h) == allowed for h in homes), homes[0]
            assert "000-" not in r.text and "share" not in r.text, "an income band or a share link in the list"
            for path in ("/v1/contracts", "/v1/portfolio/risk", "/offer/lombok-3521ab-1", "/v1/arrears"):
                assert api.request("GET", path, key=desk).status == 403, path
            assert api.request("GET", "/v1/campaigns", key=keys["other_desk"]).json() == {"campaigns": []}
            for path in ("/v1/campaigns/lombok", "/v1/campaigns/lombok/summary", "/campaigns/lombok/meeting"):
                r = api.request("GET", path, key=keys["other_desk"])
                assert r.status == 404 and 'no campaign \\"lombok\\"' in r.text, (path, r)
            r = post_csv("/v1/campaigns/lombok/homes", street.replace("3521 AB", "3521 AC"), key=keys["other_desk"])
            assert r.status == 404, r
            assert post_csv("/v1/campaigns/lombok/homes", street, key=auditor).status == 403
            assert backend.count("SELECT COUNT(*) FROM campaign_homes") == 40
            meeting = api.request("GET", "/campaigns/lombok/meeting", key=desk, headers={"Accept": "text/html"})
            assert meeting.status == 200, meeting
            text = meeting.text
            assert "3521" not in text and "portiekflat-1960-1970" in text, "an address on the meeting page"
            row = re.search(r'<tr data-group="portiekflat-1960-1970">(.*?)</tr>', text, re.S).group(1)
            assert "€" not in row and "minder dan 5" in row, row
            charts = re.findall(r'<svg id="([a-z0-9-]+)" class="chart"', text)
            assert charts == ["net-effect", "cost-over-time", "choice-tussenwoning-1965-1974-2"], \
                charts  # the hidden groups have none
        report.run(tag + "the energy desk sees its campaign's aggregates; no figures, no contracts, no other desk's",
                   desk_sees_aggregates_only)

        header = gen_street.HEADER
        row = "3521 AC,%s,,tussenwoning-1965-1974,100,1970,owner,,,,3000,1400,declared"
        bad_inputs = [
            ("an unknown house type", header + "\n" + row % 1 + "\n3521 AC,2,,villa-2020,140,2020,owner,,,,3000,1400,declared\n",
             404, "row 3", "/house_type"),
            ("an address twice in the file", header + "\n" + row % 1 + "\n" + row % 1 + "\n", 422, "row 3", "/number"),
            ("an address already in the campaign", header + "\n" + row % 5 + "\n3521 AB,1,,tussenwoning-1965-1974,100,1970,owner,,,,3000,1400,declared\n",
             409, "row 3", "/number"),
            ("a template rule that gives a negative amount", header + "\n" + row % 1 +
             "\n3521 AC,2,,tussenwoning-1965-1974,100,1970,owner,,,40,0,0,declared\n", 422, "row 3", "/expected_use"),
            ("a malformed income band", header + ",income_band\n" + row % 1 + ",30000-20000\n", 422, "row 2", "/income_band"),
            ("a header without a column", header.replace(",use_source", "") + "\n" + row % 1 + "\n", 422, "row 1", "/header"),
        ]
        for name, body, status, where, field in bad_inputs:
            def bad(body=body, status=status, where=where, field=field):
                before = backend.count("SELECT COUNT(*) FROM campaign_homes")
                r = post_csv("/v1/campaigns/lombok/homes", body)
                assert r.status == status, r
                assert where in r.text and field in r.text, r.text[:500]
                assert backend.count("SELECT COUNT(*) FROM campaign_homes") == before == 40
            report.run(tag + "bad homes: %s is refused naming the row and field, nothing stored" % name, bad)

        def bad_campaigns():
            r = post_json("/v1/campaigns", {"id": "lombok", "name": "again", "start_date": START})
            assert r.status == 409 and 'the campaign id \\"lombok\\" is taken' in r.text, r
            other = post_json("/v1/campaigns", {"id": "lombok", "name": "theirs", "start_date": START},
                              key=keys["other_desk"])
            assert other.status == 409 and other.text.replace(other.header("X-Request-Id") or "", "") == \
                r.text.replace(r.header("X-Request-Id") or "", ""), (other.text, r.text)  # the same words
            for body, field in (({"id": "Lombok!", "name": "x", "start_date": START}, "/id"),
                                ({"id": "ok", "name": "x", "start_date": "2027-02-30"}, "/start_date"),
                                ({"id": "ok", "name": "", "start_date": START}, "/name"),
                                ({"id": "ok", "name": "x", "start_date": START, "extra": 1}, "/extra")):
                r = post_json("/v1/campaigns", body)
                assert r.status == 422 and field in r.text, (body, r)
            assert backend.count("SELECT COUNT(*) FROM campaigns") == 1
        report.run(tag + "a taken id, a malformed id, date or name, an unknown member: refused, nothing stored",
                   bad_campaigns)
    finally:
        code = server.stop()
        report.check(tag + "the server stops with exit code 0", code == 0, server.logs()[-2000:])
        backend.drop()
        shutil.rmtree(work, ignore_errors=True)


def bad_template_directory(renofee, src, report):
    work = harness.workdir()
    try:
        templates = os.path.join(work, "templates")
        os.makedirs(templates)
        with open(os.path.join(src, "contracts", "templates", "tussenwoning-1965-1974.json"), encoding="utf-8") as f:
            text = f.read()
        assert '"145.00"' in text
        with open(os.path.join(templates, "bad.json"), "w", encoding="utf-8") as f:
            f.write(text.replace('"145.00"', '"-145.00"'))
        env = dict(os.environ, RENOFEE_TEMPLATES=templates)
        done = subprocess.run([renofee, "serve", "--port", "0", "--db", os.path.join(work, "r.db"), "--openapi-file",
                               os.path.join(src, "api", "openapi.yaml")], cwd=src, env=env, capture_output=True,
                              text=True, timeout=30)
        report.check("a template with a negative cost stops the server at start, naming the file and field",
                     done.returncode != 0 and "bad.json" in done.stderr and "/measures/0/cost/amount" in done.stderr,
                     "%d %s" % (done.returncode, done.stderr[-400:]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    renofee, src = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    report = harness.Report()
    for kind in harness.backends():
        run(kind, renofee, src, report)
    bad_template_directory(renofee, src, report)
    return report.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
