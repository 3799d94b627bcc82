"""What any value typed into the app must be, whatever field it goes to.

These are the rules of the central input check (case_management/validation.py): text has no
control characters, no unpaired surrogates and, on one line, nothing that hides or reorders
what is shown; it fits its field; dates are real calendar dates in a plausible range;
numbers are finite and fit their column. Each check returns None when the value is fine, or
a problem code that the caller turns into a translated message. Nothing here imports frappe.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

# Dates a social-service record can hold: no one alive was born before 1900, and no visit or
# review is planned past 2100. Anything outside is a typing error or an attack.
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)

# Text limits per Frappe field type for what people type: Data is a varchar(140) column,
# Small Text and Text are TEXT columns (64 KB, so 10,000 characters of any script fit), a
# rich-text note is bounded at 100,000 characters. Long Text and Code hold what the system
# writes (merge logs, job reports) and are not bounded here.
MAX_LENGTH = {"Data": 140, "Small Text": 10_000, "Text": 10_000, "Text Editor": 100_000}
SINGLE_LINE = {"Data"}
# Currency and Float columns are decimal(21,9): 12 digits before the point. Int is 32-bit.
MAX_AMOUNT = Decimal("100000000000")  # 1e11
MAX_INT = 2**31 - 1

# C0 and C1 controls except tab, line feed and carriage return (allowed in multi-line text).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters that reorder or hide text ("Trojan source", invisible separators). Zero-width
# joiner and non-joiner (U+200C, U+200D) are kept: emoji and several scripts need them.
_HIDDEN = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]")
_MARKUP = re.compile(r"<[a-zA-Z/!?]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$")


def text_problem(value: str, fieldtype: str = "Data") -> str | None:
	"""None, or one of: surrogate, control, line_break, hidden, too_long."""
	if _SURROGATE.search(value):
		return "surrogate"
	if _CONTROL.search(value):
		return "control"
	if fieldtype in SINGLE_LINE:
		if _LINE_BREAKS.search(value):
			return "line_break"
		if _HIDDEN.search(value):
			return "hidden"
	limit = MAX_LENGTH.get(fieldtype)
	if limit is not None and len(value) > limit:
		return "too_long"
	return None


def has_markup(value: str) -> bool:
	"""True when the text holds an HTML tag. Record names, user ids and choices never do."""
	return bool(_MARKUP.search(value))


def parse_date(value) -> date | None:
	"""A real calendar date from a date, a datetime or "YYYY-MM-DD" (a time part is allowed
	and ignored); None when it is none of these or not a day that exists."""
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	if not isinstance(value, str):
		return None
	match = _DATETIME.match(value.strip())
	if not match:
		return None
	year, month, day = (int(g) for g in match.groups()[:3])
	try:
		return date(year, month, day)
	except ValueError:
		return None


def date_problem(value) -> str | None:
	"""None, or: not_a_date (including 0000-00-00 and 2026-02-30), out_of_range."""
	if isinstance(value, str) and not value.strip():
		return None
	parsed = parse_date(value)
	if parsed is None:
		return "not_a_date"
	if not EARLIEST <= parsed <= LATEST:
		return "out_of_range"
	return None


def datetime_problem(value) -> str | None:
	"""Like date_problem, and the time of day must exist too."""
	problem = date_problem(value)
	if problem or not isinstance(value, str) or not value.strip():
		return problem
	hour, minute, second = (int(g or 0) for g in _DATETIME.match(value.strip()).groups()[3:6])
	if hour > 23 or minute > 59 or second > 59:
		return "not_a_date"
	return None


def number_problem(value, fieldtype: str = "Float") -> str | None:
	"""None, or: not_a_number (including NaN, infinity, booleans), too_large."""
	if value is None or (isinstance(value, str) and not value.strip()):
		return None
	if isinstance(value, bool):
		return "not_a_number"
	try:
		number = Decimal(str(value).strip())
	except (InvalidOperation, ValueError):
		return "not_a_number"
	if not number.is_finite():
		return "not_a_number"
	if fieldtype == "Int":
		if number != number.to_integral_value():
			return "not_a_number"
		return "too_large" if abs(number) > MAX_INT else None
	return "too_large" if abs(number) > MAX_AMOUNT else None


def check_problem(value) -> str | None:
	"""A Check field holds 0 or 1 (JSON true/false too)."""
	if value in (None, "", 0, 1, "0", "1") or isinstance(value, bool):
		return None
	return "not_a_check"
