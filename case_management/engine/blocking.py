"""Which stored clients a new registration should be compared with.

The matcher (engine.matching) decides whether two records are the same person; these keys
only pick, with indexed lookups, the few stored records worth comparing: the same phone or
email, a birth date that is the same or could be a typing slip of it, or the same surname
with the same given name (in any of its nickname forms), or the two names swapped.
"""

from __future__ import annotations

from datetime import date

from case_management.engine.names import search_key
from case_management.engine.nicknames import VARIANTS

EARLIEST_YEAR = 1900  # a slip that lands before this is not a birth date anyone has


def birth_date_variants(dob: date) -> set[date]:
	"""The birth date itself, with day and month swapped, and every real date one digit away.

	>>> {date(1980, 2, 1), date(1980, 1, 3), date(1989, 1, 2)} <= birth_date_variants(date(1980, 1, 2))
	True
	"""
	found = {dob}
	try:
		found.add(date(dob.year, dob.day, dob.month))
	except ValueError:
		pass
	digits = dob.strftime("%Y%m%d")
	for i, old in enumerate(digits):
		for new in "0123456789":
			if new == old:
				continue
			text = digits[:i] + new + digits[i + 1 :]
			try:
				slip = date(int(text[:4]), int(text[4:6]), int(text[6:]))
			except ValueError:
				continue  # not a calendar date (month 13, 30 February)
			if slip.year >= EARLIEST_YEAR:
				found.add(slip)
	return found


def given_name_variants(first_name: str | None) -> set[str]:
	"""The given name and its nickname forms, as search keys ("Bill" -> bill, william, will ...)."""
	key = search_key(first_name)
	if not key:
		return set()
	first_word = key.split(" ")[0]
	return {key, first_word} | set(VARIANTS.get(first_word, ()))
