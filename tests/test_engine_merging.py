import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.merging import (
	CONSENT_FIELDS,
	MERGE_FIELDS,
	MergeError,
	default_choices,
	merged_values,
	pick_survivor,
	restorable,
)

SURVIVOR = {
	"name": "CL-1",
	"creation": "2024-01-01 10:00:00",
	"first_name": "William",
	"last_name": "Smith",
	"date_of_birth": "1980-01-02",
	"phone": None,
	"email": "w.smith@example.org",
	"ok_to_email": 1,
	"ok_to_sms": 1,
	"safe_to_text": 1,
}
OTHER = {
	"name": "CL-2",
	"creation": "2025-06-01 09:00:00",
	"first_name": "Bill",
	"last_name": "Smith",
	"date_of_birth": "1980-01-02",
	"phone": "+12025550143",
	"email": "",
	"ok_to_email": 1,
	"ok_to_sms": 1,
	"safe_to_text": 0,
}


def test_by_default_the_survivor_keeps_its_values_and_fills_its_blanks():
	assert merged_values(SURVIVOR, OTHER) == {"phone": "+12025550143", "safe_to_text": 0}


def test_consent_never_widens_by_default():
	# the survivor says it is safe to text, the other record says it is not: not safe wins
	assert default_choices(SURVIVOR, OTHER)["safe_to_text"] == "other"
	# and the other way round the survivor's "not safe" is kept
	assert merged_values(OTHER, SURVIVOR).get("safe_to_text") is None


def test_the_reviewer_picks_field_by_field():
	updates = merged_values(
		SURVIVOR, OTHER, {"first_name": "other", "phone": "survivor", "safe_to_text": "survivor"}
	)
	assert updates == {"first_name": "Bill"}


@pytest.mark.parametrize("choices", [{"name": "other"}, {"owner": "other"}, {"first_name": "both"}])
def test_a_choice_outside_the_merge_is_refused(choices):
	with pytest.raises(MergeError):
		merged_values(SURVIVOR, OTHER, choices)


def test_undo_puts_back_only_what_nobody_edited_since():
	before = {"first_name": "William", "phone": None}
	applied = {"first_name": "Bill", "phone": "+12025550143"}
	current = {"first_name": "Bill", "phone": "+12025550199"}  # the phone was changed after the merge
	assert restorable(before, applied, current) == ({"first_name": "William"}, ["phone"])


def test_the_first_registered_record_survives_an_automatic_merge():
	assert pick_survivor(OTHER, SURVIVOR) == (SURVIVOR, OTHER)
	assert pick_survivor(SURVIVOR, OTHER) == (SURVIVOR, OTHER)


values = st.one_of(st.none(), st.just(""), st.text(max_size=5), st.integers(0, 1))
records = st.fixed_dictionaries(
	{f: (st.integers(0, 1) if f in CONSENT_FIELDS else values) for f in MERGE_FIELDS}
)


@given(records, records)
def test_a_merge_only_takes_values_from_the_other_record_and_never_widens_consent(a, b):
	updates = merged_values(a, b)
	for field, value in updates.items():
		assert value == b[field]
	for field in CONSENT_FIELDS:
		merged = int(updates.get(field, a[field]) or 0)
		assert merged == min(int(a[field] or 0), int(b[field] or 0))


@given(records, records)
def test_undo_right_after_a_merge_restores_the_survivor(a, b):
	updates = merged_values(a, b)
	current = {**a, **updates}
	restore, edited = restorable({f: a[f] for f in updates}, updates, current)
	assert edited == []
	assert {**current, **restore} == a
