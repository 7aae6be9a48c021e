"""Build marsad's IDF table (document frequencies of content lemmas) from the ANT corpus.

Usage:  python scripts/build_idf.py [--ant ../shared/data/ant/ant_v2.1_multisource.jsonl.gz]

Writes marsad/cluster/data/idf.tsv.gz: a header ``#documents<TAB>N`` then ``lemma<TAB>df``
for every lemma seen in at least two distinct texts. The table is a statistic of Arabic
news vocabulary, not text: no sentence of the corpus is stored. ANT corpus v2.1,
Chouigui et al., Apache-2.0.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from marsad.cluster.terms import content_lemmas

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ANT = ROOT.parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"
OUT = ROOT / "marsad" / "cluster" / "data" / "idf.tsv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ant", type=Path, default=DEFAULT_ANT)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    df: Counter[str] = Counter()
    seen: set[str] = set()
    documents = 0
    with gzip.open(args.ant, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
            if text in seen:  # exact re-posts would inflate document frequencies
                continue
            seen.add(text)
            documents += 1
            df.update(set(content_lemmas(text)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    kept = sorted((t, c) for t, c in df.items() if c >= args.min_df)
    # mtime=0 keeps the gzip bytes identical from run to run.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(f"#documents\t{documents}\n".encode())
        gz.write("".join(f"{t}\t{c}\n" for t, c in kept).encode())
    print(f"{documents} documents, {len(kept)} lemmas (df >= {args.min_df}) -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
