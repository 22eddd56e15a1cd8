"""Context-free priors of a candidate: population, main name, curated rows and feature class (data/priors.yaml)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from conflictlens.errors import GeoError
from conflictlens.geo.gazetteer import Candidate

PRIORS_YAML = Path(__file__).parent / "data" / "priors.yaml"


@dataclass(frozen=True)
class Priors:
    """Weights of the context-free part of a candidate's score."""

    population_per_tenfold: float
    main_name: float
    curated: float
    kinds: dict[str, float]
    geonames_kinds: dict[str, float]

    def score(self, cand: Candidate) -> float:
        """The prior points of one candidate."""
        points = math.log10(cand.population + 1) * self.population_per_tenfold
        points += self.kinds.get(cand.kind, 0.0)
        if cand.source.startswith("curated"):
            points += self.curated
        elif cand.source.startswith("geonames:"):
            points += self.geonames_kinds.get(cand.kind, 0.0)
        return points + (self.main_name if cand.main_name else 0.0)


def parse_priors(data: object, where: str = "priors") -> Priors:
    """Priors from parsed YAML, validated (errors name ``where`` and the key)."""
    if not isinstance(data, dict) or data.get("schema_version") != 1:
        raise GeoError(f"{where}: expected a mapping with schema_version: 1")
    try:
        tables = {key: {str(k): float(v) for k, v in (data.get(key) or {}).items()} for key in ("kinds", "geonames_kinds")}
        return Priors(
            float(data["population_per_tenfold"]), float(data["main_name"]), float(data["curated"]),
            tables["kinds"], tables["geonames_kinds"],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GeoError(f"{where}: missing or non-numeric weight ({exc})") from exc


@cache
def load_priors(path: Path = PRIORS_YAML) -> Priors:
    """The priors in ``path``, validated."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GeoError(f"{path}: cannot read priors: {exc}") from exc
    return parse_priors(data, str(path))
