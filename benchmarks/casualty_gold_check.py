"""Score find_casualties on the dev gold: killed/wounded exact per one-event document."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from conflictlens.extract.numbers import Casualty, find_casualties

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def document_total(text: str, kind: str) -> int | None:
    """Sum one kind of figure over a document's sentences (split naively on '. ')."""
    figures: list[Casualty] = [
        c
        for sentence in re.split(r"(?<=[.!?])\s+", text)
        for c in find_casualties(sentence)
        if c.kind == kind
    ]
    if not figures:
        return None
    return sum((c.value if c.value is not None else c.low or 0) for c in figures)


def score(path: Path, show: int) -> None:
    """Print killed-exact and wounded-exact over documents that hold exactly one gold event."""
    tallies = {"killed": [0, 0], "wounded": [0, 0], "kidnapped": [0, 0]}
    misses: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        if len(doc["events"]) != 1:
            continue
        event = doc["events"][0]
        for kind, tally in tallies.items():
            gold = event.get(kind)
            if gold is None:
                continue
            got = document_total(doc["text"], kind)
            tally[1] += 1
            tally[0] += got == gold
            if got != gold and len(misses) < show:
                misses.append(f"{kind} gold={gold} got={got} | {doc['text'][:300]}")
    print(f"{path.name} (documents with one gold event; figures summed over sentences)")
    for kind, (hit, total) in tallies.items():
        if total:
            print(f"  {kind:9s} exact {hit / total:.3f} ({hit}/{total})")


def figure_recall(path: Path, show: int) -> None:
    """Print how often each gold event's figure is among the figures found in its evidence."""
    tallies = {"killed": [0, 0], "wounded": [0, 0], "kidnapped": [0, 0]}
    misses: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            sentences = [s for ev in event["evidence"] for s in re.split(r"(?<=[.!?])\s+", ev)]
            for kind, tally in tallies.items():
                gold = event.get(kind)
                if gold is None:
                    continue
                found = [c for s in sentences for c in find_casualties(s) if c.kind == kind]
                values = {c.value for c in found} | {sum(c.value or 0 for c in found)}
                tally[1] += 1
                tally[0] += gold in values
                if gold not in values and len(misses) < show:
                    misses.append(
                        f"{kind} gold={gold} got={sorted(v for v in values if v is not None)} | "
                        f"{' '.join(event['evidence'])[:300]}"
                    )
    print(f"{path.name} (every gold event: its figure is one found in its evidence, or their sum)")
    for kind, (hit, total) in tallies.items():
        if total:
            print(f"  {kind:9s} found {hit / total:.3f} ({hit}/{total})")
    for miss in misses:
        print("  MISS", miss)


def main() -> int:
    """Run the check on the GTD and news dev files."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--show", type=int, default=0, help="print this many misses per file")
    args = parser.parse_args()
    gtd, news = args.dir / "gtd_iraq_dev.gold.jsonl", args.dir / "news_dev.gold.jsonl"
    if gtd.exists():
        score(gtd, args.show)
    if news.exists():
        figure_recall(news, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
