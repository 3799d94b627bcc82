"""Aggregation rules behind the desk reports and dashboards: how rows are bucketed and counted.

Each function takes plain rows (mappings) and returns plain values, so a report's totals can
be checked without a site. Reports load rows the viewer may see and call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from case_management.engine.i18n import _lt

RISK_ORDER: dict[str, int] = {"Low": 1, "Medium": 2, "High": 3, "Critical": 4}

# Days past due → bucket label, checked in order; the last bucket takes the rest.
OVERDUE_BUCKETS: tuple[tuple[int, str], ...] = (
	(7, _lt("1-7 days")),
	(30, _lt("8-30 days")),
	(10**9, _lt("Over 30 days")),
)  # values the reports filter on, shown through _()

# Referral statuses grouped by what they say about the provider's answer.
AWAITING = frozenset({"Sent"})
ACCEPTED = frozenset({"Accepted", "In Progress", "Completed"})
DECLINED = frozenset({"Declined"})
COMPLETED = frozenset({"Completed"})
CANCELLED = frozenset({"Cancelled"})

# % of the poverty guideline → band label, by lower bound (inclusive), checked high to low.
INCOME_BANDS: tuple[tuple[int, str], ...] = (
	(200, _lt("200% and above")),
	(150, "150-199%"),
	(100, "100-149%"),
	(50, "50-99%"),
	(0, _lt("Below 50%")),
)
NO_GUIDELINE = _lt("No guideline")


def days_overdue(due: date, on: date) -> int:
	"""Whole days a visit due on `due` is late on `on`; 0 when it is not late yet."""
	return max((on - due).days, 0)


def overdue_bucket(days: int) -> str | None:
	"""The bucket of a visit `days` late, or None when it is not late (0 days)."""
	if days <= 0:
		return None
	for upper, label in OVERDUE_BUCKETS:
		if days <= upper:
			return label
	return OVERDUE_BUCKETS[-1][1]  # pragma: no cover - the last bound is effectively infinite


def referral_outcomes(rows: Iterable[Mapping]) -> dict[str, dict]:
	"""Per provider, counts of referrals by what happened to them, and two rates.

	Rows have `service_provider` and `status`. Drafts never reached the provider and are not
	counted. `acceptance_rate` is accepted / (accepted + declined), the share of answered
	referrals the provider took on; `completion_rate` is completed / sent. Rates are percent
	with one decimal, or None when there is nothing to divide by.
	"""
	out: dict[str, dict] = {}
	for row in rows:
		status = row.get("status")
		if not status or status == "Draft":
			continue
		provider = row.get("service_provider") or ""
		counts = out.setdefault(
			provider,
			{"sent": 0, "awaiting": 0, "accepted": 0, "declined": 0, "completed": 0, "cancelled": 0},
		)
		counts["sent"] += 1
		counts["awaiting"] += status in AWAITING
		counts["accepted"] += status in ACCEPTED
		counts["declined"] += status in DECLINED
		counts["completed"] += status in COMPLETED
		counts["cancelled"] += status in CANCELLED
	for counts in out.values():
		counts["acceptance_rate"] = percent(counts["accepted"], counts["accepted"] + counts["declined"])
		counts["completion_rate"] = percent(counts["completed"], counts["sent"])
	return out


def percent(part: int, whole: int) -> float | None:
	"""part / whole as a percent rounded half up to one decimal; None when whole is 0."""
	if not whole:
		return None
	value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
	return float(value)


def income_band(percent_of_guideline) -> str:
	"""The band of a household's income as a % of the poverty guideline (None: no guideline)."""
	if percent_of_guideline is None:
		return NO_GUIDELINE
	value = Decimal(str(percent_of_guideline))
	for lower, label in INCOME_BANDS:
		if value >= lower:
			return label
	return INCOME_BANDS[-1][1]  # a negative percent cannot happen: incomes are never negative


def band_counts(percents: Iterable) -> dict[str, int]:
	"""How many households fall in each income band, every band present (zero or more)."""
	counts = {label: 0 for _lower, label in reversed(INCOME_BANDS)}
	counts[NO_GUIDELINE] = 0
	for value in percents:
		counts[income_band(value)] += 1
	return counts


def direction(before: str | None, after: str | None) -> str:
	"""'Up', 'Down', 'Same' or 'First' (no earlier level) for a change of risk level."""
	if not before or before not in RISK_ORDER:
		return "First"
	if after not in RISK_ORDER:
		return "Same"
	change = RISK_ORDER[after] - RISK_ORDER[before]
	return "Up" if change > 0 else "Down" if change < 0 else "Same"


def risk_changes(history: Iterable[Mapping]) -> list[dict]:
	"""Each risk history row with the level before it and the direction of the change.

	Rows have `case`, `changed_on` and `risk_level`; they are ordered per case by `changed_on`
	(then by their order in the input, which keeps the idx order of a case's table).
	"""
	rows = sorted(enumerate(history), key=lambda pair: (pair[1]["case"], pair[1]["changed_on"], pair[0]))
	previous: dict[str, str | None] = {}
	out = []
	for _i, row in rows:
		before = previous.get(row["case"])
		out.append({**row, "previous_level": before, "direction": direction(before, row.get("risk_level"))})
		previous[row["case"]] = row.get("risk_level")
	return out


def count_by(rows: Iterable[Mapping], key: str, order: Iterable[str] = ()) -> dict[str, int]:
	"""How many rows have each value of `key`; values in `order` come first (also when zero)."""
	counts = {value: 0 for value in order}
	for row in rows:
		value = row.get(key) or ""
		counts[value] = counts.get(value, 0) + 1
	return counts
