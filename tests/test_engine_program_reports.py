"""The program dashboard's counting rules (engine/program_reports.py)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.program_reports import (
	count_by,
	days_waiting,
	free_places,
	median_wait,
	months_between,
	units_by_month,
)


def test_free_places_of_a_limited_and_an_unlimited_program():
	assert free_places(5, 3, 1) == 1
	assert free_places(5, 5, 1) == 0  # never negative, even past capacity by an override
	assert free_places(0, 40, 0) is None  # no limit


@given(st.integers(0, 50), st.integers(0, 60), st.integers(0, 10))
def test_free_places_never_exceed_capacity_nor_go_negative(capacity, enrolled, offers):
	free = free_places(capacity, enrolled, offers)
	if capacity:
		assert 0 <= free <= capacity
		assert free == max(capacity - enrolled - offers, 0)
	else:
		assert free is None


def test_median_wait_ignores_unknown_starts_and_is_none_for_an_empty_list():
	on = date(2026, 12, 1)
	waits = [
		days_waiting(date(2026, 11, 1), on),
		days_waiting(None, on),
		days_waiting(date(2026, 11, 21), on),
	]
	assert waits == [30, None, 10]
	assert median_wait(waits) == 20.0
	assert median_wait([None]) is None
	assert median_wait([]) is None


@given(st.lists(st.integers(0, 400), min_size=1))
def test_median_wait_lies_between_the_shortest_and_longest(days):
	assert min(days) <= median_wait(days) <= max(days)


def test_months_between_crosses_a_year():
	assert months_between(date(2026, 11, 15), date(2027, 2, 1)) == [
		"2026-11",
		"2026-12",
		"2027-01",
		"2027-02",
	]
	assert months_between(date(2027, 1, 1), date(2026, 1, 1)) == []


def test_units_are_summed_per_service_and_month_and_never_across_services():
	rows = [
		{
			"program": "P",
			"service": "Rent paid",
			"unit": "Dollar",
			"delivered_on": date(2026, 11, 3),
			"quantity": 450,
		},
		{
			"program": "P",
			"service": "Rent paid",
			"unit": "Dollar",
			"delivered_on": date(2026, 11, 20),
			"quantity": 50.5,
		},
		{
			"program": "P",
			"service": "Night",
			"unit": "Night",
			"delivered_on": date(2026, 12, 1),
			"quantity": 3,
		},
		{
			"program": "P",
			"service": "Night",
			"unit": "Night",
			"delivered_on": date(2026, 9, 1),
			"quantity": 9,
		},
	]
	out = units_by_month(rows, ["2026-11", "2026-12"])
	assert out == {
		("P", "Rent paid", "Dollar"): [Decimal("500.5"), Decimal(0)],
		("P", "Night", "Night"): [Decimal(0), Decimal(3)],  # September is outside the months
	}


@given(
	st.lists(
		st.tuples(st.sampled_from(["A", "B"]), st.integers(0, 59), st.integers(1, 100)),
		max_size=40,
	)
)
def test_units_by_month_keep_every_unit_delivered_in_the_months(deliveries):
	start = date(2026, 1, 1)
	rows = [
		{
			"program": "P",
			"service": s,
			"unit": "Session",
			"delivered_on": start + timedelta(days=d),
			"quantity": q,
		}
		for s, d, q in deliveries
	]
	out = units_by_month(rows, months_between(start, start + timedelta(days=59)))
	assert sum(sum(v) for v in out.values()) == sum(q for _s, _d, q in deliveries)


def test_count_by_leaves_blanks_out():
	rows = [
		{"d": "Rental by client, no ongoing housing subsidy"},
		{"d": None},
		{"d": "Staying or living with family, permanent tenure"},
		{"d": "Rental by client, no ongoing housing subsidy"},
	]
	assert count_by(rows, "d") == {
		"Rental by client, no ongoing housing subsidy": 2,
		"Staying or living with family, permanent tenure": 1,
	}
