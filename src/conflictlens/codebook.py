"""Mentions and claims as records in the codebook's field names (the JSONL export and the evaluator speak it)."""

from __future__ import annotations

from typing import Any

from .model import Claim, Mention, Place


def place_fields(place: Place | None) -> dict[str, Any]:
    """The codebook's place fields of a resolved place (all None when there is none)."""
    return {
        "admin1": place.admin1 if place else None,
        "admin1_code": place.admin1_code if place else None,
        "admin2": place.admin2 if place else None,
        "country": place.country if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": place.precision if place else None,
    }


def mention_fields(mention: Mention) -> dict[str, Any]:
    """The codebook's fields of one event mention, dates as dates, without its evidence."""
    return {
        "event_type": mention.event_type,
        "date_start": mention.date_start,
        "date_end": mention.date_end,
        "date_precision": mention.date_precision,
        "perpetrator": mention.perpetrator,
        "perpetrator_attribution": mention.perpetrator_attribution,
        "target": mention.target,
        "target_type": mention.target_type,
        "location": mention.location,
        **place_fields(mention.place),
        "killed": mention.killed,
        "wounded": mention.wounded,
        "kidnapped": mention.kidnapped,
        "killed_low": mention.killed_low,
        "killed_high": mention.killed_high,
    }


def mention_record(mention: Mention) -> dict[str, Any]:
    """One event mention in the codebook schema, dates as ISO strings."""
    record = mention_fields(mention)
    for name in ("date_start", "date_end"):
        record[name] = record[name].isoformat() if record[name] else None
    record["evidence"] = [span.text for span in mention.evidence]
    return record


def claim_record(claim: Claim) -> dict[str, Any]:
    """One claim in the codebook schema."""
    return {
        "quantity": claim.quantity,
        "value": claim.value,
        "low": claim.low,
        "high": claim.high,
        "subject": claim.subject,
        "region": claim.region,
        "period": claim.period,
        "period_start": claim.period_start.isoformat() if claim.period_start else None,
        "period_end": claim.period_end.isoformat() if claim.period_end else None,
        "attributed_to": claim.attributed_to,
        "evidence": claim.evidence.text if claim.evidence else None,
    }
