"""Facts about a person that rules depend on: age and adulthood."""

from __future__ import annotations

from datetime import date

from case_management.engine.i18n import _

ADULT_AGE = 18


def is_future_date(value: date | None, today: date) -> bool:
	"""True when `value` lies after `today` (a birth date cannot)."""
	return value is not None and value > today


def age_on(birth_date: date, on: date) -> int:
	"""Age in whole years on the day `on` (a birthday counts on the day itself).

	Someone born on 29 February turns a year older on 1 March in common years.

	>>> age_on(date(2008, 5, 1), date(2026, 5, 1))
	18
	"""
	if on < birth_date:
		raise ValueError(_("the day is before the birth date"))
	had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
	return on.year - birth_date.year - (0 if had_birthday else 1)


def is_adult(birth_date: date | None, on: date) -> bool | None:
	"""True for an adult, False for a minor (or someone not yet born on that day), None when
	the birth date is unknown."""
	if birth_date is None:
		return None
	if birth_date > on:
		return False
	return age_on(birth_date, on) >= ADULT_AGE
