#!/usr/bin/env python3
"""A street of homes for a campaign (docs/campaigns.md), seeded: the homes CSV that `renofee campaign` and
POST /v1/campaigns/{id}/homes read. The default street has 40 homes of three committed house types (22
tussenwoning, 14 hoekwoning and 4 portiekflat: a group under 5 that the summary must hide, and with it the next
smallest, the hoekwoning, so that the total minus the shown groups covers at least 5 homes); `--four-types`
makes it 18 tussenwoning, 10 hoekwoning, 8 twee-onder-een-kap and 4 portiekflat (the demo of `make run`: two
house types stay shown). Every third home's use is from the meter, and four homes in five give an income band
(for the energy-poverty indicator).

usage: gen_street.py OUT.csv [--seed N] [--postcode "3521 AB"] [--no-income] [--four-types]
"""
import random
import sys

HEADER = ("postcode,number,bag_id,house_type,floor_area_m2,build_year,tenure,facade_m2,roof_m2,pv_kwp,"
          "electricity_kwh,gas_m3,use_source")
BANDS = ["15000-20000", "20000-25000", "25000-35000", "35000-50000", "50000-80000"]


def street(seed=7, postcode="3521 AB", income=True, four_types=False):
    rng = random.Random(seed)
    if four_types:
        types = (["tussenwoning-1965-1974"] * 18 + ["hoekwoning-1965-1974"] * 10 +
                 ["twee-onder-een-kap-1965-1974"] * 8 + ["portiekflat-1960-1970"] * 4)
    else:
        types = ["tussenwoning-1965-1974"] * 22 + ["hoekwoning-1965-1974"] * 14 + ["portiekflat-1960-1970"] * 4
    rows = [HEADER + (",income_band" if income else "")]
    for i, t in enumerate(types):
        floor = (rng.randint(50, 80) if t.startswith("portiek") else rng.randint(110, 150) if t.startswith("twee")
                 else rng.randint(70, 130))
        line = (f"{postcode},{2 * i + 1},,{t},{floor},{rng.randint(1960, 1974)},owner,,,,{rng.randint(1800, 4200)},"
                f"{rng.randint(700, 1900)},{'meter' if i % 3 == 0 else 'declared'}")
        if income:
            line += "," + (rng.choice(BANDS) if i % 5 != 4 else "")
        rows.append(line)
    return "\n".join(rows) + "\n"


def main(argv):
    out = argv[1]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 7
    postcode = argv[argv.index("--postcode") + 1] if "--postcode" in argv else "3521 AB"
    with open(out, "w", encoding="utf-8") as f:
        f.write(street(seed, postcode, "--no-income" not in argv, "--four-types" in argv))


if __name__ == "__main__":
    main(sys.argv)
