"""Flag series whose latest periods hold more incidents than their own baseline predicts.

Method, for each series with at least ``k + baseline`` periods:

1. Baseline: the ``baseline`` (N) periods just before the latest ``k``; observed ``y`` is the
   incident count summed over the latest ``k`` periods.
2. Count model, fitted to the baseline by the method of moments: mean ``m = (S + 0.5) / N``
   (S the baseline total; the half count keeps an all-zero baseline from making every incident
   "impossible"), sample variance ``s2`` (ddof=1). If ``s2 <= m``: Poisson, the sum of k periods
   has mean ``mu = k*m``. Otherwise negative binomial with per-period variance
   ``v = m + 2*(s2 - m)``: the excess variance is doubled because twelve baseline periods
   underestimate overdispersion too often, and a plug-in estimate then raises false alarms on
   overdispersed series (6-7% at the 5% level in our simulations, about 5% with the doubling).
   The sum of k periods is negative binomial with mean ``mu = k*m``, variance ``V = k*v``,
   i.e. scipy's ``nbinom(n=mu**2/(V-mu), p=mu/V)``.
3. One-sided upper-tail mid-p value ``P(Y > y) + P(Y = y)/2`` (scipy.stats): the mid-p corrects
   most of the conservativeness of a discrete test.
4. Benjamini-Hochberg over every tested series at false discovery rate ``q``
   (``scipy.stats.false_discovery_control``); a series alerts when its adjusted value is at most
   ``q`` and ``y >= min_count``. Series below ``min_count`` stay in the BH family (leaving them
   out would select tests by their outcome) but never alert.

Calibration, measured on 100,000 simulated series per case (k=1, baseline 12, seeded numpy):
share of null series with p <= 0.05: Poisson mean 1, 5, 20: 0.043, 0.041, 0.043; negative
binomial mean 5 with size 1, 2, 10: 0.056, 0.051, 0.051; mean 20 size 5: 0.040; mean 1 size 1
(very sparse and heavy-tailed): 0.066, the known weak spot. Power for a tripling from 5 to 15
per period: 0.907 at the per-series 5% level, 0.899 after BH when every series in the family
surges (BH costs power as the share of true surges falls). Twelve baseline periods allow little
more: even knowing the true mean, the 5% Poisson test has power 0.93, and a smaller variance
inflation buys power only by raising false alarms on overdispersed series.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from conflictlens.analytics.trends import Series, period_end
from conflictlens.errors import InputError

__all__ = ["Fit", "Surge", "detect_surges", "surge_p_values"]

_EXCESS_VARIANCE_FACTOR = 2.0
_ZERO_BASELINE_PSEUDOCOUNT = 0.5


@dataclass(frozen=True)
class Surge:
    """The test of one series' latest periods against its baseline."""

    key: str
    period_start: dt.date
    period_end: dt.date
    observed: int
    expected: float
    ratio: float
    p_value: float
    q_value: float
    alert: bool
    method: str


def detect_surges(
    series: Sequence[Series],
    k: int = 1,
    baseline: int = 12,
    q: float = 0.05,
    min_count: int = 3,
) -> list[Surge]:
    """Test every series long enough; alerts first, then by p-value and key.

    ``period_end`` is the last day (inclusive) of the latest period tested.
    """
    if k < 1 or baseline < 2 or not 0 < q < 1:
        raise InputError(f"surge settings k={k}, baseline={baseline}, q={q}: out of range")
    tested = [s for s in series if len(s.points) >= k + baseline]
    if not tested:
        return []
    counts = np.array([[p.incidents for p in s.points[-(k + baseline) :]] for s in tested])
    observed = counts[:, baseline:].sum(axis=1)
    fit = surge_p_values(counts[:, :baseline], observed, k)
    q_values = stats.false_discovery_control(fit.p_values)
    surges = [
        Surge(
            key=s.key,
            period_start=s.points[-k].period_start,
            period_end=period_end(s.points[-1].period_start, s.freq),
            observed=int(observed[i]),
            expected=float(fit.expected[i]),
            ratio=float(observed[i] / fit.expected[i]),
            p_value=float(fit.p_values[i]),
            q_value=float(q_values[i]),
            alert=bool(q_values[i] <= q and observed[i] >= min_count),
            method=fit.method(i),
        )
        for i, s in enumerate(tested)
    ]
    return sorted(surges, key=lambda x: (not x.alert, x.p_value, x.key))


@dataclass(frozen=True)
class Fit:
    """Per-series results of the count model, as arrays (one entry per series)."""

    mean: np.ndarray
    variance: np.ndarray
    size: np.ndarray
    expected: np.ndarray
    p_values: np.ndarray

    def method(self, i: int) -> str:
        """How series ``i`` was tested, in words."""
        if np.isinf(self.size[i]):
            return (
                f"poisson (baseline mean {self.mean[i]:.2f}, "
                f"variance {self.variance[i]:.2f} <= mean)"
            )
        return (
            f"negative binomial (baseline mean {self.mean[i]:.2f}, "
            f"size {self.size[i]:.2f}, moments)"
        )


def surge_p_values(baselines: np.ndarray, observed: np.ndarray, k: int = 1) -> Fit:
    """Fit each row of ``baselines`` and test ``observed`` (totals over k periods) against it."""
    base = np.asarray(baselines, dtype=float)
    obs = np.asarray(observed)
    mean = (base.sum(axis=1) + _ZERO_BASELINE_PSEUDOCOUNT) / base.shape[1]
    variance = base.var(axis=1, ddof=1)
    mu = k * mean
    poisson = variance <= mean
    per_period = mean + _EXCESS_VARIANCE_FACTOR * np.maximum(variance - mean, 0.0)
    size = np.full(len(mean), np.inf)
    p = np.empty(len(mean))
    p[poisson] = _mid_p(stats.poisson, obs[poisson], mu[poisson])
    over = ~poisson
    total_var = k * per_period[over]
    size[over] = mu[over] ** 2 / (total_var - mu[over])
    p[over] = _mid_p(stats.nbinom, obs[over], size[over], mu[over] / total_var)
    return Fit(mean, variance, size, mu, np.clip(p, 0.0, 1.0))


def _mid_p(dist: stats.rv_discrete, observed: np.ndarray, *params: np.ndarray) -> np.ndarray:
    """Upper-tail mid-p value: P(Y > y) + P(Y = y) / 2."""
    return np.asarray(dist.sf(observed, *params) + 0.5 * dist.pmf(observed, *params))
