from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.income import (
	CONTIGUOUS,
	PERIODS_PER_YEAR,
	Guideline,
	InvalidIncome,
	annual_amount,
	counts_toward_household,
	household_income,
	household_total,
	not_counted_explanation,
	percent_of_guideline,
	pick_guideline,
	poverty_region,
)

TODAY = date(2026, 11, 22)
ADULT = date(1980, 1, 1)
MINOR = date(2012, 1, 1)
cents = st.decimals(min_value=0, max_value=20000, places=2, allow_nan=False, allow_infinity=False)
frequencies = st.sampled_from(list(PERIODS_PER_YEAR))


def member(dob, *rows, name="m"):
	return {"name": name, "date_of_birth": dob, "income": list(rows)}


def row(amount, frequency="Monthly", source="Earned income", counts="Default"):
	return {"amount": amount, "frequency": frequency, "source": source, "counts_toward_household": counts}


def test_frequency_conversions():
	assert annual_amount(100, "Weekly") == 5200
	assert annual_amount(100, "Biweekly") == 2600
	assert annual_amount(100, "Semimonthly") == 2400
	assert annual_amount(100, "Monthly") == 1200
	assert annual_amount(100, "Annual") == 100


def test_monthly_total_is_rounded_once_half_up():
	result = household_income([member(ADULT, row("100", "Weekly"))], TODAY)
	assert result.annual == Decimal("5200.00")
	assert result.monthly == Decimal("433.33")  # 5200 / 12 = 433.333...
	result = household_income([member(ADULT, row("0.10", "Annual"), row("0.08", "Annual"))], TODAY)
	assert result.monthly == Decimal("0.02")  # 0.18 / 12 = 0.015 -> 0.02


@pytest.mark.parametrize(
	"bad", [("-1", "Monthly"), ("100", "Fortnightly"), ("100", None), ("99999999", "Monthly")]
)
def test_bad_rows_are_refused(bad):
	with pytest.raises(InvalidIncome):
		household_income([member(ADULT, row(bad[0], bad[1]))], TODAY)


def test_a_minors_earned_income_does_not_count_by_default():
	child = member(MINOR, row(300, "Monthly"), row(200, "Monthly", source="SSI"), name="kid")
	result = household_income([member(ADULT, row(1000)), child], TODAY)
	assert result.monthly == Decimal("1200.00")
	assert [(line.member, line.reason) for line in result.excluded] == [("kid", "a minor's earned income")]


def test_explicit_choice_wins():
	assert counts_toward_household(row(1, counts="Yes"), False) == (True, "marked to count")
	assert counts_toward_household(row(1, counts="No"), True) == (False, "marked not to count")
	assert counts_toward_household(row(1), None)[0] is True  # unknown age: counts


def test_household_size_is_at_least_one():
	assert household_income([], TODAY).size == 1
	assert household_income([member(ADULT), member(MINOR)], TODAY).size == 2


@given(cents, frequencies)
def test_income_is_the_same_whichever_frequency_it_is_entered_in(amount, frequency):
	as_entered = household_income([member(ADULT, row(amount, frequency))], TODAY)
	yearly = household_income([member(ADULT, row(amount * PERIODS_PER_YEAR[frequency], "Annual"))], TODAY)
	assert as_entered.annual == yearly.annual and as_entered.monthly == yearly.monthly


@given(
	st.lists(st.tuples(cents, frequencies), max_size=6), st.lists(st.tuples(cents, frequencies), max_size=6)
)
def test_excluded_rows_never_change_the_total(counted, excluded):
	base = [row(a, f) for a, f in counted]
	extra = [row(a, f, counts="No") for a, f in excluded]
	assert household_income([member(ADULT, *base)], TODAY) == household_income([member(ADULT, *base)], TODAY)
	assert (
		household_income([member(ADULT, *base, *extra)], TODAY).annual
		== household_income([member(ADULT, *base)], TODAY).annual
	)


@given(st.lists(st.tuples(cents, frequencies), max_size=8))
def test_total_is_the_sum_of_counted_lines(rows):
	result = household_income([member(ADULT, *[row(a, f) for a, f in rows])], TODAY)
	assert result.annual == sum((line.annual for line in result.lines if line.counted), Decimal(0)).quantize(
		Decimal("0.01")
	)
	assert result.annual >= 0


GUIDELINES = [
	Guideline(2025, CONTIGUOUS, Decimal(15650), Decimal(5500)),
	Guideline(2025, "Alaska", Decimal(19550), Decimal(6880)),
	Guideline(2025, "Hawaii", Decimal(17990), Decimal(6330)),
]


def test_poverty_guideline_for_a_family_of_four_by_hand():
	guideline = pick_guideline(GUIDELINES, 2026, poverty_region("TX"))
	assert guideline.year == 2025  # the latest published year applies
	assert guideline.for_size(4) == Decimal(32150)  # 15,650 + 3 x 5,500
	# $2,000 a month: 24,000 / 32,150 = 74.650... %
	assert percent_of_guideline(Decimal(24000), guideline.for_size(4)) == Decimal("74.7")
	assert pick_guideline(GUIDELINES, 2025, poverty_region("Alaska")).for_size(2) == Decimal(26430)
	assert pick_guideline(GUIDELINES, 2024, CONTIGUOUS) is None


def test_regions():
	assert poverty_region("ak") == "Alaska" and poverty_region("Hawaii") == "Hawaii"
	assert poverty_region(None) == CONTIGUOUS and poverty_region("DC") == CONTIGUOUS


def test_a_left_out_row_says_why_in_words():
	child = member(MINOR, row(120, "Weekly"), name="kid")
	result = household_income([member(ADULT, row(1000)), child], TODAY)
	(line,) = result.excluded
	assert line.monthly == Decimal("520.00")
	assert line.explanation == "not counted: earned income of a minor, per the agency's rule"
	assert result.monthly == Decimal("1000.00")
	counted = [line for line in result.lines if line.counted]
	assert counted and all(line.explanation is None for line in counted)
	marked = household_income([member(ADULT, row(50, counts="No"))], TODAY).excluded[0]
	assert marked.explanation.startswith("not counted: marked")
	assert not_counted_explanation("something new") == "not counted"


births = st.one_of(st.none(), st.dates(min_value=date(1930, 1, 1), max_value=TODAY))
income_rows = st.lists(
	st.builds(
		row,
		cents,
		frequencies,
		st.sampled_from(["Earned income", "Benefits", "Child support"]),
		st.sampled_from(["Default", "Yes", "No", None]),
	),
	max_size=3,
)


@given(st.lists(st.tuples(births, income_rows), max_size=6))
def test_household_total_agrees_with_household_income(people):
	"""Screening's lean total is household_income's size and annual total, and counts the
	adults and children as is_adult does (unknown while a birth date is)."""
	full = household_income([member(born, *rows) for born, rows in people], TODAY)
	lean = household_total(people, TODAY)
	assert (lean.size, lean.annual) == (full.size, full.annual)
	if any(born is None for born, _ in people):
		assert lean.adults is None and lean.children is None
	else:
		adults = sum(1 for born, _ in people if born <= date(TODAY.year - 18, TODAY.month, TODAY.day))
		assert (lean.adults, lean.children) == (adults, len(people) - adults)


def test_household_total_leaves_out_a_minors_earnings():
	lean = household_total([(ADULT, [row(1000)]), (MINOR, [row(120, "Weekly")])], TODAY)
	assert lean.annual == Decimal("12000.00")
	assert (lean.size, lean.adults, lean.children) == (2, 1, 1)
