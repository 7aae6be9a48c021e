"""Build marsad's lexical tables from the ANT corpus: word frequencies, then IDF.

Usage:  python scripts/build_lexicon.py [--ant ../shared/data/ant/ant_v2.1_multisource.jsonl.gz]

Writes
- marsad/arabic/data/word_freq.tsv.gz: ``word<TAB>count`` for every normalised word seen
  at least 3 times (used to decide whether «وبيسكوف» is و + بيسكوف and «واشنطن» one word);
- marsad/cluster/data/idf.tsv.gz: ``#documents<TAB>N`` then ``lemma<TAB>df`` for every
  content lemma seen in at least two distinct texts (lemmas need the word table, so it
  is built first).

Both are statistics of Arabic news vocabulary, not text: no sentence of the corpus is
stored. ANT corpus v2.1, Chouigui et al., Apache-2.0. Exact re-posts count once.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ANT = ROOT.parent / "shared" / "data" / "ant" / "ant_v2.1_multisource.jsonl.gz"
WORDS_OUT = ROOT / "marsad" / "arabic" / "data" / "word_freq.tsv.gz"
IDF_OUT = ROOT / "marsad" / "cluster" / "data" / "idf.tsv.gz"


def _texts(path: Path) -> list[str]:
    seen: set[str] = set()
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
            if text not in seen:  # exact re-posts would inflate the counts
                seen.add(text)
                out.append(text)
    return out


def _write(path: Path, header: str, rows: list[tuple[str, int]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical from run to run.
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write((header + "".join(f"{t}\t{c}\n" for t, c in rows)).encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ant", type=Path, default=DEFAULT_ANT)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    texts = _texts(args.ant)

    from marsad.arabic.normalize import normalize
    from marsad.arabic.tokens import TOKEN_RE

    words: Counter[str] = Counter()
    for text in texts:
        words.update(w for w in TOKEN_RE.findall(normalize(text)) if w[0].isalpha())
    kept = sorted((w, c) for w, c in words.items() if c >= args.min_count)
    _write(WORDS_OUT, "", kept)
    print(f"{len(texts)} texts, {len(kept)} words (count >= {args.min_count}) -> {WORDS_OUT.relative_to(ROOT)}")

    # Lemmas depend on the word table just written: start from a clean cache.
    from marsad.arabic import tokens
    from marsad.cluster import terms

    tokens.word_frequency.cache_clear()
    tokens.segment_word.cache_clear()
    tokens.lemma.cache_clear()
    terms._content_lemma.cache_clear()
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(terms.content_lemmas(text)))
    lemmas = sorted((t, c) for t, c in df.items() if c >= args.min_df)
    _write(IDF_OUT, f"#documents\t{len(texts)}\n", lemmas)
    print(f"{len(lemmas)} lemmas (df >= {args.min_df}) -> {IDF_OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
