"""Hypothesis strategies for the fuzz tests: report-like text with the tokens parsers trip on, and raw bytes."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# small budgets: these run with the fast suite; benchmarks/fuzz.py runs millions
FUZZ = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SLOW_FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = (
    "0", "12", "1,000", "99999999999999999999999", "1.5", "2.5m", "٣", "²", "½", "one", "twenty-one",
    "hundred", "million", "dozens", "at least", "more than", "up to", "between", "and", "to", "-", "–",
    "killed", "wounded", "kidnapped", "died", "attacks", "fighters", "$", "January", "July 2024", "30 February",
    "2024-13-45", "since", "so far this year", "Monday", "yesterday", "the night of", "<", "&amp;", "<p>",
    "<![CDATA[", "\x00", "\ufeff", "\u202e", "\ud800", "\n", " ", ".", ",", "said", "police", "Baiji",
)
report_text = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=40).map(" ".join)
any_text = st.one_of(report_text, st.text(max_size=300))
