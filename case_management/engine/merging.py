"""Merging two client records of one person: which values the surviving record keeps, and
what an undo may put back.

A reviewer picks the surviving record and, field by field, whose value to keep. By default
the survivor keeps its own value unless it is empty and the other record has one. Consent
flags default to the more protective answer: if either record says it is not OK to text (or
not safe), the merged record says so too — a merge must never widen consent by accident.
"""

from __future__ import annotations

from collections.abc import Mapping

from case_management.engine.i18n import _

MERGE_FIELDS = (
	"first_name",
	"middle_name",
	"last_name",
	"preferred_name",
	"date_of_birth",
	"gender",
	"language",
	"status",
	"phone",
	"alternate_phone",
	"email",
	"address_line1",
	"address_line2",
	"city",
	"state",
	"postal_code",
	"country",
	"ok_to_email",
	"ok_to_sms",
	"safe_to_text",
	"consent_notes",
)
CONSENT_FIELDS = ("ok_to_email", "ok_to_sms", "safe_to_text")
SURVIVOR, OTHER = "survivor", "other"


class MergeError(ValueError):
	"""A merge request that cannot be carried out as asked."""


def _empty(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


def same(a, b) -> bool:
	"""Equal as stored values: empty and None are alike, dates and numbers by their text.

	>>> same(None, ""), same(1, "1"), same("a", "b")
	(True, True, False)
	"""
	if _empty(a) and _empty(b):
		return True
	return str(a) == str(b)


def differing_fields(survivor: Mapping, other: Mapping) -> list[str]:
	"""The mergeable fields whose values differ between the two records, in form order."""
	return [f for f in MERGE_FIELDS if not same(survivor.get(f), other.get(f))]


def default_choices(survivor: Mapping, other: Mapping) -> dict[str, str]:
	"""For each differing field, whose value the merged record keeps by default."""
	choices = {}
	for field in differing_fields(survivor, other):
		if field in CONSENT_FIELDS:
			protective = OTHER if not int(other.get(field) or 0) else SURVIVOR
			choices[field] = protective if int(survivor.get(field) or 0) else SURVIVOR
		elif _empty(survivor.get(field)) and not _empty(other.get(field)):
			choices[field] = OTHER
		else:
			choices[field] = SURVIVOR
	return choices


def merged_values(survivor: Mapping, other: Mapping, choices: Mapping[str, str] | None = None) -> dict:
	"""The survivor's field updates for a merge: defaults, overridden by `choices`.

	`choices` maps a field of MERGE_FIELDS to "survivor" or "other"; anything else is refused,
	so a request cannot write a field the merge does not cover.
	"""
	picked = default_choices(survivor, other)
	for field, side in (choices or {}).items():
		if field not in MERGE_FIELDS:
			raise MergeError(_("{0} is not a field a merge can choose").format(field))
		if side not in (SURVIVOR, OTHER):
			raise MergeError(_("{0} is not a side: choose survivor or other").format(repr(side)))
		picked[field] = side
	return {
		field: other.get(field)
		for field, side in picked.items()
		if side == OTHER and not same(survivor.get(field), other.get(field))
	}


def restorable(before: Mapping, applied: Mapping, current: Mapping) -> tuple[dict, list[str]]:
	"""What an undo may put back on the survivor: each field the merge changed returns to its
	earlier value, unless someone has edited it since (then it is left alone and named)."""
	restore, edited_since = {}, []
	for field, value in applied.items():
		if same(current.get(field), value):
			restore[field] = before.get(field)
		else:
			edited_since.append(field)
	return restore, edited_since


def pick_survivor(a: Mapping, b: Mapping) -> tuple[Mapping, Mapping]:
	"""For an automatic merge: the record registered first survives (its history is the
	longer one); ties go to the smaller id. Returns (survivor, other)."""
	key_a, key_b = (
		(str(a.get("creation") or ""), str(a["name"])),
		(str(b.get("creation") or ""), str(b["name"])),
	)
	return (a, b) if key_a <= key_b else (b, a)
