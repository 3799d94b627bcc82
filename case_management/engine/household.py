"""Household rules, using the HMIS 3.15 "relationship to head of household" codes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from case_management.engine.people import is_adult

# HMIS data element 3.15, as labels used in the Household Member form.
RELATIONSHIP_CODES: dict[str, int] = {
	"Self": 1,
	"Child": 2,
	"Spouse or partner": 3,
	"Other relative": 4,
	"Unrelated household member": 5,
	"Data not collected": 99,
}

SELF = "Self"


def relationship_code(label: str) -> int:
	"""The HMIS 3.15 code of a relationship label; unknown labels raise KeyError."""
	return RELATIONSHIP_CODES[label]


def self_conflict(other_relationships: Iterable[str], relationship: str) -> bool:
	"""True when saving a member as `relationship` would give the household a second Self.

	`other_relationships` are the relationships of the household's *other* members.
	A household has exactly one Self: the head of household.
	"""
	return relationship == SELF and any(r == SELF for r in other_relationships)


def minor_heads_adults(
	head_birth_date: date | None, member_birth_dates: Iterable[date | None], on: date
) -> bool:
	"""True when the head of household is a minor although the household has an adult.

	A household's head is an adult whenever there is one; a household of minors only (for
	example an unaccompanied youth) may have a minor head. Unknown birth dates are not judged.
	"""
	if is_adult(head_birth_date, on) is not False:
		return False
	return any(is_adult(d, on) for d in member_birth_dates)


def household_warnings(relationships: Iterable[str]) -> list[str]:
	"""What is incomplete (not invalid) about a household: it should have exactly one Self."""
	count = sum(1 for r in relationships if r == SELF)
	if count == 0:
		return ["no_self"]
	if count > 1:
		return ["several_self"]
	return []
