"""The central input check's rules (engine/inputs.py), with hypothesis for the invariants."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine import inputs


def test_impossible_and_zero_dates_are_not_dates():
	for value in ("0000-00-00", "2026-02-30", "2025-02-29", "1990-13-01", "1990-00-10", "not a date",
		"19900101", "1990/01/01", "-001-01-01", "1990-1-1"):  # fmt: skip
		assert inputs.date_problem(value) == "not_a_date", value


def test_dates_outside_the_plausible_range_are_refused():
	for value in ("1899-12-31", "2101-01-01", "9999-12-31", "0001-01-01"):
		assert inputs.date_problem(value) == "out_of_range", value
	assert inputs.date_problem("2024-02-29") is None
	assert inputs.date_problem("") is None
	assert inputs.date_problem(date(1990, 5, 5)) is None


def test_datetimes_need_a_real_time_of_day():
	assert inputs.datetime_problem("2026-05-05 10:30:00") is None
	assert inputs.datetime_problem("2026-05-05 10:30:00.123456") is None
	assert inputs.datetime_problem("2026-05-05 24:00:00") == "not_a_date"
	assert inputs.datetime_problem("2026-05-05 10:61") == "not_a_date"
	assert inputs.datetime_problem("0000-00-00 00:00:00") == "not_a_date"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_every_real_date_in_range_is_accepted_in_iso_form(day):
	assert inputs.date_problem(day.isoformat()) is None
	assert inputs.parse_date(day.isoformat()) == day


@given(st.dates(min_value=date(1, 1, 1), max_value=date(1899, 12, 31)))
def test_every_date_before_1900_is_refused(day):
	assert inputs.date_problem(day) == "out_of_range"


@given(st.text(max_size=30))
def test_date_parsing_never_raises(text):
	assert inputs.date_problem(text) in (None, "not_a_date", "out_of_range")


def test_text_rules():
	assert inputs.text_problem("Ana\x00") == "control"
	assert inputs.text_problem("Ana\ud800") == "surrogate"
	assert inputs.text_problem("Ana\u202eolleh") == "hidden"
	assert inputs.text_problem("Ana\u200bLee") == "hidden"
	assert inputs.text_problem("Ana\nLee") == "line_break"
	assert inputs.text_problem("Ana\nLee", "Small Text") is None
	assert inputs.text_problem("x" * 141) == "too_long"
	assert inputs.text_problem("x" * 140) is None
	assert inputs.text_problem("x" * 100_001, "Text Editor") == "too_long"
	assert inputs.text_problem("x" * 10_001, "Small Text") == "too_long"
	assert inputs.text_problem("x" * 1_000_000, "Long Text") is None  # written by the system
	assert inputs.has_markup("<script>alert(1)</script>")
	assert inputs.has_markup("<img src=x onerror=alert(1)>")
	assert not inputs.has_markup("CASE-2026-00001")
	assert not inputs.has_markup("a < b and c > d")
	# Real names in any script, emoji with joiners, Persian with a zero-width non-joiner.
	for name in ("محمد", "שרה", "Zoë", "李小龙", "👩\u200d👩\u200d👧", "می\u200cخواهم", "O'Brien-Smith"):
		assert inputs.text_problem(name) is None, name


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Cf", "Zl", "Zp")), max_size=140))
def test_printable_one_line_text_that_fits_is_accepted(text):
	assert inputs.text_problem(text) is None


@given(st.text(max_size=200))
def test_text_rules_never_raise_and_only_return_known_codes(text):
	assert inputs.text_problem(text) in (None, "surrogate", "control", "line_break", "hidden", "too_long")


def test_number_rules():
	for value in ("NaN", "nan", "Infinity", "-inf", float("nan"), float("inf"), "abc", "1,000", True, [1]):
		assert inputs.number_problem(value) == "not_a_number", value
	assert inputs.number_problem("") is None
	assert inputs.number_problem("1e308") == "too_large"
	assert inputs.number_problem(-1e12) == "too_large"
	assert inputs.number_problem(-50) is None  # the sign is for each field's own rule
	assert inputs.number_problem("12.5", "Int") == "not_a_number"
	assert inputs.number_problem(2**31, "Int") == "too_large"
	assert inputs.number_problem(None) is None


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e11, max_value=1e11))
def test_finite_amounts_in_range_are_accepted(value):
	assert inputs.number_problem(value, "Currency") is None


@given(st.one_of(st.text(max_size=40), st.floats(), st.integers(), st.booleans(), st.none()))
def test_number_rule_never_raises(value):
	assert inputs.number_problem(value) in (None, "not_a_number", "too_large")


def test_check_fields_hold_zero_or_one():
	for ok in (0, 1, "0", "1", True, False, None):
		assert inputs.check_problem(ok) is None
	for bad in (2, -1, "yes", [1]):
		assert inputs.check_problem(bad) == "not_a_check"
