#!/usr/bin/env python3
"""Check a Dossier log directory with PyPI tlog-scales, an independent implementation.

Usage: tlog_scales_check.py LOGDIR LOG-VKEY [WITNESS-VKEY ...] < commands

Verifies the checkpoint signature with the log key and every given witness cosignature,
recomputes the root from the tiles, then runs each command line from stdin:

    consistency OLD NEW FILE   FILE (base64 hashes, one per line) must equal tlog-scales'
                               own consistency proof and pass its RFC 9162 check
"""
import base64
import sys

from tlog_scales import backend, signing
from tlog_scales.reader import TilesReader


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    log_dir, log_vkey, *witnesses = sys.argv[1:]
    reader = TilesReader(backend.make_backend(log_dir))
    cp = reader.get_checkpoint()
    cp.verify(signing.Vkey.from_string(open(log_vkey).read().strip()))
    keys = [signing.Vkey.from_string(open(w).read().strip()) for w in witnesses]
    valid = signing.VkeySet(*keys).verify(cp.signatures, cp)
    if len(valid) != len(keys):
        print(f"only {len(valid)} of {len(keys)} witness cosignatures verify", file=sys.stderr)
        return 1
    if reader.calculate_root_hash() != cp.root_hash:
        print("root recomputed from the tiles differs from the checkpoint", file=sys.stderr)
        return 1
    print(f"ok checkpoint {cp.origin} size {cp.size}, {len(keys)} cosignatures")
    for line in sys.stdin:
        fields = line.split()
        if not fields:
            continue
        if fields[0] != "consistency":
            print(f"unknown command {fields[0]!r}", file=sys.stderr)
            return 2
        old, new, path = int(fields[1]), int(fields[2]), fields[3]
        ours = [base64.b64decode(x) for x in open(path).read().split()]
        theirs = reader.get_consistency_proof(old, new)
        if theirs.node_hashes != ours:
            print(f"consistency {old}->{new}: proofs differ", file=sys.stderr)
            return 1
        theirs.check(reader.mth(0, old), reader.mth(0, new))
        print(f"ok consistency {old} -> {new}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
