"""Household rules, using the HMIS 3.15 "relationship to head of household" codes."""

from __future__ import annotations

from collections.abc import Iterable

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
