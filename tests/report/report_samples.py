"""Made-up incidents for the report tests (no text from real reports)."""

from __future__ import annotations

import random
from typing import Any

from conflictlens.model import EVENT_TYPES, TARGET_TYPES

INJECTED = 'Gunmen fired on a post <script>window.__pwned=1</script> near the <img src=x onerror="window.__pwned=2"> bridge.'


def make_event(i: int, **overrides: Any) -> dict[str, Any]:
    """One codebook-shaped incident with made-up but plausible values."""
    rng = random.Random(i)
    killed = rng.choice([None, 0, 1, 3, 12])
    event: dict[str, Any] = {
        "event_id": f"ev-{i:06d}",
        "event_type": EVENT_TYPES[i % len(EVENT_TYPES)],
        "date_start": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
        "date_end": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}",
        "date_precision": "day",
        "perpetrator": rng.choice(["Islamic State", "unknown", "Iran-aligned militias"]),
        "perpetrator_attribution": rng.choice(["stated", "claimed", "suspected", "unknown"]),
        "target": rng.choice(["Iraqi security forces", "civilians", None]),
        "target_type": TARGET_TYPES[i % len(TARGET_TYPES)],
        "location": f"Village {i % 50}",
        "admin1": "Anbar",
        "admin1_code": "IQ-AN",
        "admin2": "Ramadi",
        "country": "IQ",
        "lat": round(32.5 + rng.random() * 2, 5),
        "lon": round(41.0 + rng.random() * 3, 5),
        "geo_precision": rng.choice([1, 2, 3]),
        "killed": killed,
        "killed_low": killed,
        "killed_high": None if killed is None else killed + 2,
        "wounded": rng.choice([None, 0, 4]),
        "kidnapped": None,
        "evidence": [
            f"Report sentence number {i} about a made-up attack in a village.",
            "A second sentence.",
        ],
        "sources": [f"https://news.example/{i}", "wire.example"],
        "doc_ids": [f"doc-{i}"],
    }
    event.update(overrides)
    return event
