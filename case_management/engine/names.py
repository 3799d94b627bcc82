"""People's names: tidy what was typed, build a display name and a search key."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean_name(value: str | None) -> str:
	"""Trim and collapse inner whitespace; keep the person's own spelling and capitals.

	>>> clean_name("  Mary   Ann ")
	'Mary Ann'
	"""
	if not value:
		return ""
	return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def full_name(first: str | None, middle: str | None = None, last: str | None = None) -> str:
	"""Join the name parts that are present, in the usual order.

	>>> full_name("Ana", None, "Lopez")
	'Ana Lopez'
	"""
	return " ".join(part for part in (clean_name(first), clean_name(middle), clean_name(last)) if part)


def search_key(value: str | None) -> str:
	"""A lower-case, accent-free form for comparing names ("José" and "jose" are equal).

	>>> search_key("  José  María ")
	'jose maria'
	"""
	decomposed = unicodedata.normalize("NFKD", clean_name(value))
	return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def first_name_and_initial(name: str | None) -> str:
	"""What a partner organisation sees of a client: the first name and the last name's initial.

	>>> first_name_and_initial("Ana María Lopez")
	'Ana L.'
	>>> first_name_and_initial("Cher")
	'Cher'
	"""
	parts = clean_name(name).split()
	if len(parts) > 1:
		return f"{parts[0]} {parts[-1][0]}."
	return parts[0] if parts else ""
