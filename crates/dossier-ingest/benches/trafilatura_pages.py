"""Peer run for the HTML extraction bench: trafilatura on the same Readability test pages.

Usage: python3 trafilatura_pages.py PAGES_ROOT
Prints one JSON object per page ({"page", "text", "title", "byline", "seconds"}), then
{"peak_rss_kib": N}. Only the extraction call is timed; scoring is done by the Rust bench
so both extractors are measured with the same reference text and tokenisation.
"""

import json
import os
import resource
import sys
import time

import trafilatura


def main() -> None:
    root = sys.argv[1]
    pages = sorted(
        name for name in os.listdir(root) if os.path.isfile(os.path.join(root, name, "source.html"))
    )
    for name in pages:
        with open(os.path.join(root, name, "source.html"), "rb") as handle:
            html = handle.read()
        started = time.perf_counter()
        document = trafilatura.bare_extraction(html, with_metadata=True)
        seconds = time.perf_counter() - started
        text = getattr(document, "text", None) or ""
        title = getattr(document, "title", None)
        byline = getattr(document, "author", None)
        print(json.dumps({"page": name, "text": text, "title": title, "byline": byline, "seconds": seconds}))
    print(json.dumps({"peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


if __name__ == "__main__":
    main()
