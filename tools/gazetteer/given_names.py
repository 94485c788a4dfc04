#!/usr/bin/env python3
"""Writes crates/dossier-extract/src/entities/given_names.txt: given names used by at least
0.01% of people in the 1990 US census, from PyPI `names` 0.3.0 (MIT; sha256 of
names-0.3.0.tar.gz 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671).

Usage: python3 tools/gazetteer/given_names.py DL/names-0.3.0.tar.gz OUT.txt
Deterministic: sorted, lowercase, one name a line."""
import sys
import tarfile

names = set()
with tarfile.open(sys.argv[1]) as t:
    for member in ("names-0.3.0/names/dist.male.first", "names-0.3.0/names/dist.female.first"):
        for line in t.extractfile(member).read().decode("ascii").splitlines():
            parts = line.split()
            if parts and float(parts[1]) >= 0.01:
                names.add(parts[0].lower())
with open(sys.argv[2], "w") as f:
    f.write("".join(n + "\n" for n in sorted(names)))
print(len(names), "names")
