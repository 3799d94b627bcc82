"""Phone numbers: parse what a person typed and store it in E.164 form."""

from __future__ import annotations

import phonenumbers


class InvalidPhoneNumber(ValueError):
	"""The text cannot be read as a valid phone number."""


def normalize_phone(raw: str | None, default_region: str = "US") -> str | None:
	"""Return `raw` as an E.164 string (``+15551234567``), or None when it is empty.

	`default_region` (ISO 3166 alpha-2, e.g. "US", "GB") is used for numbers written
	without a country code. A number that does not parse, or parses but is not a valid
	number for its region, raises InvalidPhoneNumber; nothing is guessed.

	>>> normalize_phone("(202) 555-0143")
	'+12025550143'
	"""
	if raw is None:
		return None
	text = str(raw).strip()
	if not text:
		return None
	region = (default_region or "US").strip().upper()
	try:
		number = phonenumbers.parse(text, region)
	except phonenumbers.NumberParseException as e:
		raise InvalidPhoneNumber(text) from e
	if not phonenumbers.is_valid_number(number):
		raise InvalidPhoneNumber(text)
	return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_known_region(region: str | None) -> bool:
	"""True when `region` is a two-letter region code that phonenumbers knows."""
	return bool(region) and region.strip().upper() in phonenumbers.SUPPORTED_REGIONS


def display_phone(e164: str | None, region: str = "US") -> str | None:
	"""How a stored number reads to a person: the national format for a number of the agency's
	own region ("(951) 555-0132"), the international one otherwise ("+44 20 7946 0958"). Text
	that is not a number is shown as it is."""
	if not e164:
		return e164
	try:
		number = phonenumbers.parse(e164, (region or "US").upper())
	except phonenumbers.NumberParseException:
		return e164
	own = phonenumbers.region_code_for_number(number) == (region or "US").upper()
	style = phonenumbers.PhoneNumberFormat.NATIONAL if own else phonenumbers.PhoneNumberFormat.INTERNATIONAL
	return phonenumbers.format_number(number, style)
