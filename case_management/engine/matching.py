"""Which client records are likely the same person, and why.

    python -m case_management.engine.matching contacts.csv   # prints a,b,score,reasons

Records are grouped by blocking keys (birth date, phone, email, and phonetic codes of the
names), so only records that share something are compared and the work stays close to
linear. A pair is compared field by field with rapidfuzz (Jaro-Winkler, token sets),
jellyfish (Soundex) and phonenumbers, and scored in [0, 1] with the reasons behind it.

Merging two different people is worse than missing a duplicate, so a pair is never proposed
when the given names disagree (allowing nicknames, typos and swapped first/last names) or
when both birth dates are known and differ by more than a swap or a one-digit typo:
household members who share a surname, an address and a phone, twins who share a birth date
and a surname, and a senior and a junior of the same name all stay apart. Records of the
same household are never paired at all.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import JaroWinkler, Levenshtein

from case_management.engine.names import search_key
from case_management.engine.nicknames import VARIANTS, are_variants
from case_management.engine.phones import InvalidPhoneNumber, normalize_phone

REQUIRED = ("id", "first_name", "last_name", "date_of_birth")
OPTIONAL = ("phone", "email", "address", "city", "postal_code", "household_id")
THRESHOLD = 0.8
MAX_BLOCK = 40  # larger blocks are compared by sorted neighbourhood instead of every pair
WINDOW = 8


class BadRecord(ValueError):
	"""A record that cannot be read (for example an impossible birth date)."""


@dataclass(frozen=True)
class Person:
	id: str
	first: str
	last: str
	dob: date | None
	phone: str | None
	email: str | None
	address: str
	household: str | None


@dataclass(frozen=True)
class Match:
	a: str
	b: str
	score: float
	reasons: tuple[str, ...]


def parse_date(value) -> date | None:
	if value in (None, ""):
		return None
	if isinstance(value, date):
		return value
	try:
		return date.fromisoformat(str(value).strip())
	except ValueError as e:
		raise BadRecord(f"{value!r} is not a date (use YYYY-MM-DD)") from e


def prepare(record: Mapping, region: str = "US") -> Person:
	try:
		phone = normalize_phone(record.get("phone"), region)
	except InvalidPhoneNumber:
		phone = None  # an unreadable number simply does not count as evidence
	address = " ".join(search_key(record.get(k)) for k in ("address", "postal_code") if record.get(k))
	return Person(
		id=str(record["id"]),
		first=search_key(record.get("first_name")),
		last=search_key(record.get("last_name")),
		dob=parse_date(record.get("date_of_birth")),
		phone=phone,
		email=(record.get("email") or "").strip().lower() or None,
		address=address,
		household=str(record["household_id"]) if record.get("household_id") not in (None, "") else None,
	)


def canonical_first(name: str) -> str:
	"""One spelling for all variants of a given name (Bill, Billy -> bill's group)."""
	return min(VARIANTS.get(name, (name,)))


def soundex(text: str) -> str:
	return jellyfish.soundex(text) if text else ""


def blocking_keys(p: Person) -> Iterator[tuple]:
	if p.dob:
		yield ("dob", p.dob)
	if p.phone:
		yield ("phone", p.phone)
	if p.email:
		yield ("email", p.email)
	first, last = soundex(canonical_first(p.first.split(" ")[0] if p.first else "")), soundex(p.last)
	if first or last:
		yield ("names", *sorted((first, last)))  # sorted: swapped first/last share the key


def name_similarity(a: str, b: str) -> float:
	if not a or not b:
		return 0.0
	if a == b:
		return 1.0
	if are_variants(a, b) or are_variants(a.split(" ")[0], b.split(" ")[0]):
		return 0.95
	return JaroWinkler.normalized_similarity(a, b)


def dob_similarity(a: date | None, b: date | None) -> tuple[float | None, str | None]:
	if a is None or b is None:
		return None, None
	if a == b:
		return 1.0, "same birth date"
	if (a.year, a.month, a.day) == (b.year, b.day, b.month):
		return 0.9, "birth date with day and month swapped"
	if Levenshtein.distance(a.strftime("%Y%m%d"), b.strftime("%Y%m%d")) == 1:
		return 0.8, "birth date one digit apart"
	return 0.0, None


def compare(p: Person, q: Person) -> Match | None:
	"""Score one pair; None when they are not plausibly the same person."""
	if p.id == q.id or (p.household and p.household == q.household):
		return None
	reasons: list[str] = []
	first, last = name_similarity(p.first, q.first), name_similarity(p.last, q.last)
	swapped = (
		name_similarity(p.first, q.last) >= 0.9 and name_similarity(p.last, q.first) >= 0.9 and first < 0.9
	)
	if swapped:
		first, last = 0.95, 0.95
		reasons.append("first and last name swapped")
	if first < 0.8:
		return None  # different given names: different people, however much else they share
	if not swapped:
		if first == 1.0:
			reasons.append("same first name")
		elif first == 0.95:
			reasons.append(f"first name nickname {p.first.title()}/{q.first.title()}")
		else:
			reasons.append(f"first names alike ({first:.2f})")
		if last == 1.0:
			reasons.append("same last name")
		elif last >= 0.85:
			reasons.append(f"last names alike ({last:.2f})")
		else:
			reasons.append("last name differs (a change of surname?)")
	dob, dob_reason = dob_similarity(p.dob, q.dob)
	if dob == 0.0:
		return None  # two known birth dates that are not even a typo apart: two people
	if dob_reason:
		reasons.append(dob_reason)
	score = 0.35 * first + 0.25 * last + 0.3 * (0.5 if dob is None else dob)
	if p.phone and p.phone == q.phone:
		score += 0.15
		reasons.append("phone equal after normalisation")
	if p.email and p.email == q.email:
		score += 0.15
		reasons.append("same email")
	if p.address and q.address and fuzz.token_set_ratio(p.address, q.address) >= 90:
		score += 0.05
		reasons.append("same address")
	score = round(min(score, 1.0), 3)
	return Match(*sorted((p.id, q.id)), score, tuple(reasons)) if score >= THRESHOLD else None


def candidate_pairs(people: list[Person]) -> Iterator[tuple[int, int]]:
	"""Index pairs that share a blocking key; big blocks by sorted neighbourhood."""
	blocks: dict[tuple, list[int]] = defaultdict(list)
	for i, p in enumerate(people):
		for key in blocking_keys(p):
			blocks[key].append(i)
	seen: set[tuple[int, int]] = set()
	for members in blocks.values():
		if len(members) < 2:
			continue
		if len(members) <= MAX_BLOCK:
			pairs = ((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
		else:
			ordered = sorted(
				members, key=lambda i: (people[i].dob or date.min, people[i].first, people[i].last)
			)
			pairs = ((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 : n + 1 + WINDOW])
		for a, b in pairs:
			pair = (a, b) if a < b else (b, a)
			if pair not in seen:
				seen.add(pair)
				yield pair


def find_duplicates(
	records: Iterable[Mapping], threshold: float = THRESHOLD, region: str = "US"
) -> list[Match]:
	"""Likely duplicate pairs among `records`, best first.

	`records` are mappings with id, first_name, last_name, date_of_birth (YYYY-MM-DD),
	phone, email, address, city, postal_code and optionally household_id. A record that
	cannot be read raises BadRecord naming it.
	"""
	people = []
	for record in records:
		try:
			people.append(prepare(record, region))
		except BadRecord as e:
			raise BadRecord(f"record {record.get('id')!r}: {e}") from e
	found = []
	for a, b in candidate_pairs(people):
		match = compare(people[a], people[b])
		if match and match.score >= threshold:
			found.append(match)
	return sorted(found, key=lambda m: (-m.score, m.a, m.b))


def read_csv(path: str) -> list[dict]:
	"""Rows of a contacts CSV, checked: required columns present, empty rows dropped."""
	with open(path, newline="", encoding="utf-8-sig") as fh:
		reader = csv.DictReader(fh)
		missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
		if missing:
			raise BadRecord(f"the CSV has no column {', '.join(missing)} (needs {', '.join(REQUIRED)})")
		rows = []
		for line, row in enumerate(reader, start=2):
			if not any((v or "").strip() for v in row.values()):
				continue
			if not (row.get("id") or "").strip():
				raise BadRecord(f"line {line}: the id is empty")
			try:
				parse_date(row.get("date_of_birth"))
			except BadRecord as e:
				raise BadRecord(f"line {line}: {e}") from e
			rows.append(row)
		return rows


def main(argv: list[str] | None = None) -> int:
	argv = sys.argv[1:] if argv is None else argv
	if len(argv) != 1:
		print("usage: python -m case_management.engine.matching contacts.csv", file=sys.stderr)
		return 2
	try:
		matches = find_duplicates(read_csv(argv[0]))
	except (BadRecord, OSError) as e:
		print(f"error: {e}", file=sys.stderr)
		return 2
	out = csv.writer(sys.stdout)
	out.writerow(["a", "b", "score", "reasons"])
	for m in matches:
		out.writerow([m.a, m.b, f"{m.score:.3f}", "; ".join(m.reasons)])
	return 0


if __name__ == "__main__":
	sys.exit(main())
