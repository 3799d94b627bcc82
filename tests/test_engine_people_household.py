from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.household import RELATIONSHIP_CODES, relationship_code, self_conflict
from case_management.engine.people import age_on, is_adult, is_future_date


def test_age_counts_the_birthday_itself():
	assert age_on(date(2008, 5, 1), date(2026, 4, 30)) == 17
	assert age_on(date(2008, 5, 1), date(2026, 5, 1)) == 18


def test_leap_day_birthdays():
	assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
	assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_age_before_birth_is_an_error():
	with pytest.raises(ValueError):
		age_on(date(2020, 1, 1), date(2019, 12, 31))


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(0, 40000), st.integers(0, 4000))
def test_age_never_decreases(birth, offset, step):
	earlier = birth + timedelta(days=offset)
	later = earlier + timedelta(days=step)
	assert age_on(birth, later) >= age_on(birth, earlier) >= 0


def test_adulthood():
	assert is_adult(date(2000, 1, 1), date(2026, 1, 1)) is True
	assert is_adult(date(2010, 1, 1), date(2026, 1, 1)) is False
	assert is_adult(None, date(2026, 1, 1)) is None
	assert is_adult(date(2026, 6, 1), date(2026, 1, 1)) is False  # not yet born


def test_future_dates():
	today = date(2026, 11, 22)
	assert is_future_date(date(2026, 11, 23), today)
	assert not is_future_date(today, today)
	assert not is_future_date(None, today)


def test_hmis_relationship_codes():
	assert RELATIONSHIP_CODES == {
		"Self": 1,
		"Child": 2,
		"Spouse or partner": 3,
		"Other relative": 4,
		"Unrelated household member": 5,
		"Data not collected": 99,
	}
	assert relationship_code("Child") == 2


@given(st.lists(st.sampled_from(list(RELATIONSHIP_CODES))), st.sampled_from(list(RELATIONSHIP_CODES)))
def test_self_conflict_exactly_when_a_second_self_appears(others, relationship):
	assert self_conflict(others, relationship) == (relationship == "Self" and "Self" in others)
