#!/usr/bin/env python3
"""Writes crates/dossier-extract/src/entities/given_names.txt: given names used by at least
0.01% of people in the 1990 US census, from PyPI `names` 0.3.0 (MIT; sha256 of
names-0.3.0.tar.gz 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671).

Usage: python3 tools/gazetteer/given_names.py DL/names-0.3.0.tar.gz OUT.txt
Deterministic: sorted, lowercase, one name a line, a tab, then m, f or u (used by both:
"jordan"): the gender by which coreference matches "he" and "she"."""
import sys
import tarfile

freq = {"m": {}, "f": {}}
with tarfile.open(sys.argv[1]) as t:
    for member, gender in (("names-0.3.0/names/dist.male.first", "m"),
                           ("names-0.3.0/names/dist.female.first", "f")):
        for line in t.extractfile(member).read().decode("ascii").splitlines():
            parts = line.split()
            if parts:
                freq[gender][parts[0].lower()] = float(parts[1])
names = {}
for name in set(freq["m"]) | set(freq["f"]):
    m, f = freq["m"].get(name, 0.0), freq["f"].get(name, 0.0)
    if max(m, f) < 0.01:
        continue
    # A name is a man's or a woman's when one use is at least five times the other.
    names[name] = "m" if m >= 5 * f else "f" if f >= 5 * m else "u"
with open(sys.argv[2], "w") as f:
    f.write("".join(f"{n}\t{names[n]}\n" for n in sorted(names)))
print(len(names), "names")
