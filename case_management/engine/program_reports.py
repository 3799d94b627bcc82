"""Counting rules behind the program dashboard: places, the waitlist's wait, units delivered.

Plain rows in, plain values out, so every figure on the dashboard can be checked without a
site (see engine/reports.py for the case reports)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from statistics import median


def free_places(capacity: int, enrolled: int, open_offers: int) -> int | None:
	"""Places nobody holds or has been offered; None for a program without a limit (0)."""
	if not capacity:
		return None
	return max(capacity - enrolled - open_offers, 0)


def days_waiting(since: date | None, on: date) -> int | None:
	"""Whole days on the waitlist by `on` (None when the start is not known)."""
	if since is None:
		return None
	return max((on - since).days, 0)


def median_wait(days: Iterable[int | None]) -> float | None:
	"""The median of the known waits, in days; None when nobody is waiting."""
	known = [d for d in days if d is not None]
	return float(median(known)) if known else None


def month_key(day: date) -> str:
	return f"{day.year:04d}-{day.month:02d}"


def months_between(start: date, end: date) -> list[str]:
	"""Every month from `start`'s to `end`'s, as YYYY-MM (empty when start is after end)."""
	out, year, month = [], start.year, start.month
	while (year, month) <= (end.year, end.month):
		out.append(f"{year:04d}-{month:02d}")
		year, month = (year + 1, 1) if month == 12 else (year, month + 1)
	return out


def units_by_month(rows: Iterable[Mapping], months: list[str]) -> dict[tuple[str, str, str], list[Decimal]]:
	"""{(program, service, unit): [total per month, in `months` order]}; rows outside the months
	are left out. Units are never added across services: a night is not a dollar."""
	index = {m: i for i, m in enumerate(months)}
	out: dict[tuple[str, str, str], list[Decimal]] = {}
	for r in rows:
		i = index.get(month_key(r["delivered_on"]))
		if i is None:
			continue
		key = (r["program"], r["service"], r.get("unit") or "")
		totals = out.setdefault(key, [Decimal(0)] * len(months))
		totals[i] += Decimal(str(r.get("quantity") or 0))
	return out


def count_by(rows: Iterable[Mapping], field: str) -> dict[str, int]:
	"""How many rows have each value of `field` (blank values are left out)."""
	out: dict[str, int] = {}
	for r in rows:
		value = r.get(field)
		if value:
			out[value] = out.get(value, 0) + 1
	return out
