"""Time the decision-tree checks on a large synthetic tree (they must stay linear).

Builds a valid tree of N nodes with macros.decision_tree.make_synthetic_tree (the real
red flags from data/red-flags.yml first, like the shipped tree), then times check_tree,
the same validation the build runs. Prints the best of several runs.

Usage: python scripts/bench_tree.py [--nodes 10000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def real_red_flags() -> dict:
    from macros.data import load_file
    from macros.red_flags import FILE, RedFlagsFile
    return {f.id: f for f in load_file(ROOT / "data", FILE, RedFlagsFile).red_flags}


def time_tree_validation(nodes: int = 10_000, repeat: int = 5) -> dict:
    """Seconds for the best of `repeat` validations of a synthetic tree with about `nodes` nodes."""
    from macros.decision_tree import check_tree, make_synthetic_tree
    flags = real_red_flags()
    tree = make_synthetic_tree(nodes, flags=flags)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_tree(tree, flags)
        times.append(time.perf_counter() - start)
    return {"nodes": len(tree.nodes), "best_seconds": min(times), "worst_seconds": max(times)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=10_000, help="size of the synthetic tree (default 10000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs to take the best of (default 5)")
    args = parser.parse_args(argv)
    result = time_tree_validation(args.nodes, args.repeat)
    print(f"decision tree: {result['nodes']} nodes validated in {result['best_seconds'] * 1000:.1f} ms "
          f"(best of {args.repeat}; worst {result['worst_seconds'] * 1000:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
