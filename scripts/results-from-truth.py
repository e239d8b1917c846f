#!/usr/bin/env python3
"""Makes an inspection results file (CSV, as `parcelstream model train --results` and `inspections publish` read it)
from the generator's ground truth (FILE.avro.truth.csv: manifestId,trackingNumber,kind), for trying `model train`
without an inspection office: a parcel is "inspected" with probability --flawed-share when its kind is not Clean and
--clean-share when it is (a crude stand-in for risk selection), and its result is FOUND exactly when it is not Clean.
Deterministic for a given --seed.

usage: scripts/results-from-truth.py TRUTH.csv [TRUTH.csv ...] --out results.csv [--flawed-share 0.4] [--clean-share 0.02] [--seed 1]
"""
import argparse
import csv
import random
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("truth", nargs="+", help="ground-truth CSV files written by parcelstream generate --out")
    parser.add_argument("--out", required=True, help="results CSV to write")
    parser.add_argument("--flawed-share", type=float, default=0.4, help="share of non-Clean parcels given a result")
    parser.add_argument("--clean-share", type=float, default=0.02, help="share of Clean parcels given a result")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    written = found = 0
    with open(args.out, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["manifestId", "result"])
        for path in args.truth:
            with open(path, newline="") as f:
                for row in csv.DictReader(f):
                    flawed = row["kind"] != "Clean"
                    if rng.random() < (args.flawed_share if flawed else args.clean_share):
                        writer.writerow([row["manifestId"], "FOUND" if flawed else "CLEAN"])
                        written += 1
                        found += flawed
    print(f"wrote {written} results ({found} FOUND) to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
