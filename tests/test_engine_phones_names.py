import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.names import clean_name, full_name, search_key
from case_management.engine.phones import InvalidPhoneNumber, is_known_region, normalize_phone


@pytest.mark.parametrize(
	"raw, region, expected",
	[
		("(202) 555-0143", "US", "+12025550143"),
		("202.555.0143", "US", "+12025550143"),
		("+1 202 555 0143", "GB", "+12025550143"),
		("020 7946 0958", "GB", "+442079460958"),
		("  +44 (0)20 7946 0958 ", "US", "+442079460958"),
		("", "US", None),
		("   ", "US", None),
		(None, "US", None),
	],
)
def test_normalize_phone(raw, region, expected):
	assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
	"raw", ["call me", "555-01", "12", "+1 000 000 0000", "202-555-01433333", "'; DROP TABLE x;--"]
)
def test_unreadable_numbers_are_refused(raw):
	with pytest.raises(InvalidPhoneNumber):
		normalize_phone(raw, "US")


@given(st.sampled_from(["(202) 555-0143", "202 555 0143", "+12025550143", "1-202-555-0143"]))
def test_normalisation_is_idempotent(raw):
	once = normalize_phone(raw, "US")
	assert normalize_phone(once, "US") == once == "+12025550143"


def test_regions():
	assert is_known_region("us") and is_known_region("GB")
	assert not is_known_region("XX") and not is_known_region("") and not is_known_region(None)


def test_names():
	assert clean_name("  Mary \t Ann  ") == "Mary Ann"
	assert clean_name(None) == ""
	assert full_name("Ana", "", "Lopez") == "Ana Lopez"
	assert full_name(" Ana ", " M ", None) == "Ana M"
	assert search_key("José  MARÍA") == "jose maria"
	assert clean_name("McDonald") == "McDonald"  # capitals are the person's own


@given(st.text())
def test_clean_name_is_idempotent_and_trimmed(text):
	cleaned = clean_name(text)
	assert clean_name(cleaned) == cleaned
	assert cleaned == cleaned.strip()
	assert "  " not in cleaned


def test_display_phone_national_for_the_agencys_region_international_otherwise():
	from case_management.engine.phones import display_phone

	assert display_phone("+19515550132", "US") == "(951) 555-0132"
	assert display_phone("+442079460958", "US") == "+44 20 7946 0958"
	assert display_phone("+442079460958", "gb") == "020 7946 0958"
	assert display_phone(None) is None and display_phone("ask at desk") == "ask at desk"
