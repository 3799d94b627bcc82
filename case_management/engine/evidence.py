"""Evidence the matcher weighs beyond names, dates and places: identity documents, phones
that libphonenumber rejects, and emails that a whole family shares.

- An identity document (SSN, its last four digits, a state ID, a passport, an agency or
  other-system ID, another document) is read as a kind and a normalised number. Two records
  with the same kind and number are the strongest evidence there is: it overrules the family
  rules (engine.matching). The same kind with clearly different numbers forbids the pair; two
  numbers one keystroke apart (a digit typed wrong, two digits swapped) are a typing slip,
  neither evidence for nor against, and the family rules decide as usual. A full SSN also
  counts as its last four digits, so it can be compared with a record that has only those.
- A phone that is not a valid number (an old area code, a missing digit, a typo) still counts
  by its digits: the national significant number, or all the digits when that is shorter.
  Equal digits weigh less than an equal valid number; the same last seven digits (a number
  written without its area code) or digits one slip apart weigh less again.
- An email on the records of more than one member of a household is a family email: it
  weighs little and overrules nothing. An email is a family email when two records listed in
  one household carry it; when three or more records carry it and two of them are two people
  by the family rules (a parent's address given for the children, twins included); or, for a
  pair the family rules call two people, when the two also share a phone or a street address
  (a couple, a parent and a child, twins living together are told apart from one person only
  by the family rules, so a shared email cannot overrule them there). An email that agrees
  between records that do not live together (a client who moved) is that person's own.

Nothing here prints or returns a number: reasons name the kind of evidence only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from rapidfuzz.distance import DamerauLevenshtein

from case_management.engine.i18n import _, _lt

# The kinds of identity document, as the Client form and the CSV name them, and their key.
ID_TYPES = {
	"SSN": "ssn",
	"SSN last four": "ssn4",
	"State ID": "state_id",
	"Passport": "passport",
	"Agency or other-system ID": "agency_id",
	"Other": "other",
}
ALIASES = {
	"social security number": "ssn",
	"ssn full": "ssn",
	"ssn last 4": "ssn4",
	"ssn4": "ssn4",
	"last four": "ssn4",
	"state id": "state_id",
	"driver license": "state_id",
	"agency id": "agency_id",
	"other system id": "agency_id",
}
LABELS = {  # how a reason names each kind (translated where the reason is written)
	"ssn": "SSN",
	"ssn4": _lt("SSN last four"),
	"state_id": _lt("state ID"),
	"passport": _lt("passport number"),
	"agency_id": _lt("agency ID"),
	"other": _lt("identity document number"),
}
# The strongest kind both records have decides; a full SSN is compared before its last four.
ORDER = ("ssn", "passport", "state_id", "agency_id", "other", "ssn4")
# log2(m/u) would be about 30 for an SSN (1 in 10^9 people share one) and 13 for its last
# four. They are capped so that a different given name, surname and birth date together
# (-10.4) leave a pair below the threshold (15): one number on two quite different people (a
# typing error somewhere) is never proposed on the number alone.
ID_WEIGHTS = {"ssn": 22.0, "passport": 21.0, "state_id": 21.0, "agency_id": 20.0, "other": 18.0, "ssn4": 13.0}
PERSONAL_EMAIL = 14.0  # an email that agrees and is nobody else's in the household
FAMILY_EMAIL = 1.5
PHONE_DIGITS = 7.0  # the same digits of a number libphonenumber rejects
PHONE_NEAR = 4.0  # the last seven digits (no area code), or one digit apart, of a rejected number
MIN_PHONE_DIGITS = 7
PLACEHOLDER = re.compile(r"^(.)\1*$")  # 000000000, 999999999: "not collected" typed as a number
EXTENSION = re.compile(r"(?i)\s*(?:ext\.?|extension|x|#)\s*\d+\s*$")


class BadIdentifier(ValueError):
	"""An identity document whose type is not one of ID_TYPES."""


def id_kind(id_type: str | None) -> str | None:
	"""The key of an identity document type ("SSN last four" -> "ssn4"); None when empty."""
	text = " ".join(re.sub(r"[^a-z0-9]+", " ", (id_type or "").lower()).split())
	if not text:
		return None
	for label, kind in ID_TYPES.items():
		if text in (label.lower(), " ".join(re.sub(r"[^a-z0-9]+", " ", label.lower()).split()), kind):
			return kind
	if text in ALIASES:
		return ALIASES[text]
	raise BadIdentifier(
		_("{0} is not an identity document type (use {1})").format(repr(id_type), ", ".join(ID_TYPES))
	)


def identities(id_type: str | None, number: str | None) -> tuple[tuple[str, str], ...]:
	"""The (kind, normalised number) pairs a document stands for: letters upper-cased, spaces
	and punctuation dropped; an SSN as its nine digits and its last four. A number that is
	too short, a placeholder (all one digit) or not digits where digits are due gives none."""
	kind = id_kind(id_type)
	text = re.sub(r"[^0-9A-Za-z]", "", str(number or "")).upper()
	if not kind or not text or PLACEHOLDER.match(text):
		return ()
	if kind in ("ssn", "ssn4") and not text.isdigit():
		return ()
	if kind == "ssn":
		if len(text) == 4:
			return (("ssn4", text),)
		return (("ssn", text), ("ssn4", text[-4:])) if len(text) == 9 else ()
	if kind == "ssn4":
		return (("ssn4", text),) if len(text) == 4 else ()
	return ((kind, text),) if len(text) >= 3 else ()


@dataclass(frozen=True)
class Identity:
	kind: str
	verdict: str  # "agree", "slip" (one keystroke apart) or "conflict"

	@property
	def label(self) -> str:
		return LABELS[self.kind]


def compare_identities(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> Identity | None:
	"""What the strongest kind of document both records carry says, or None."""
	mine, theirs = dict(a), dict(b)
	for kind in ORDER:
		if kind in mine and kind in theirs:
			x, y = mine[kind], theirs[kind]
			if x == y:
				return Identity(kind, "agree")
			if DamerauLevenshtein.distance(x, y) == 1:
				return Identity(kind, "slip")
			return Identity(kind, "conflict")
	return None


def phone_digits(raw: str | None, region: str = "US") -> str | None:
	"""The digits a phone is compared by: the national significant number, or all the digits
	(an extension left out) when that is shorter; None for fewer than MIN_PHONE_DIGITS."""
	return read_phone(raw, region)[1]


def read_phone(raw: str | None, region: str = "US") -> tuple[str | None, str | None]:
	"""A phone parsed once: its E.164 form when it is a valid number (else None), and the
	digits it is compared by (phone_digits)."""
	text = EXTENSION.sub("", str(raw or "")).strip()
	digits = "".join(ch for ch in text if ch.isdigit())
	if len(digits) < MIN_PHONE_DIGITS:
		return None, None
	try:
		number = phonenumbers.parse(text, (region or "US").upper())
	except phonenumbers.NumberParseException:
		return None, digits
	national = phonenumbers.national_significant_number(number)
	valid = phonenumbers.is_valid_number(number)
	e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if valid else None
	return e164, national if MIN_PHONE_DIGITS <= len(national) <= len(digits) else digits


def phone_level(p_valid: str | None, p_digits: str | None, q_valid: str | None, q_digits: str | None):
	"""exact (the same valid number), digits (the same digits, one of them not a valid
	number), near (one of them not valid: the other's last seven digits or a digit away from
	it), different, or None when either is missing."""
	if not p_digits or not q_digits:
		return None
	if p_valid and q_valid:
		return "exact" if p_valid == q_valid else "different"
	if p_digits == q_digits:
		return "digits"
	short, long_ = sorted((p_digits, q_digits), key=len)
	if long_.endswith(short) or DamerauLevenshtein.distance(short, long_) == 1:
		return "near"
	return "different"


def masked(number: str | None) -> str:
	"""How a document number is shown to anyone but an admin: its last four characters
	("•••• 6789"); a number of four or fewer is shown as its last one only ("••• 9").

	>>> masked("123-45-6789"), masked("D123"), masked(None)
	('•••• 6789', '••• 3', '')
	"""
	text = re.sub(r"[^0-9A-Za-z]", "", str(number or "")).upper()
	if not text:
		return ""
	return f"•••• {text[-4:]}" if len(text) > 4 else f"••• {text[-1]}"


def merged_identity(survivor: tuple[tuple[str, str], ...], other: tuple[tuple[str, str], ...]) -> str:
	"""Which document a merged record keeps: "survivor" (its own, or the same as the
	other's), "other" (the survivor has none), or "conflict" (two documents of one kind with
	different numbers, a slip included: only an admin's reasoned override may merge them)."""
	if not other:
		return "survivor"
	if not survivor:
		return "other"
	verdict = compare_identities(survivor, other)
	return "conflict" if verdict and verdict.verdict != "agree" else "survivor"
