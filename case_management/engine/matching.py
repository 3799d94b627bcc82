"""Which client records are likely the same person, and why.

    python -m case_management.engine.matching contacts.csv   # prints a,b,score,reasons

Records are grouped by blocking keys (phone, email, the street, a birth date or a house with
the sound of a name, the names with the birth year or the birthday, names and house numbers
within a postal code ...), so only records that share something are compared. A key that
fills up as the list grows (a bare birth date, the sound of the names, a house number in a
town) is used only while its block is small; a narrow key whose block is still too big to
compare every pair in is compared by sorted neighbourhood. The pairs compared per record
therefore stay about the same from a thousand clients to a million, and the work is linear. A pair is compared field by field with
rapidfuzz (Jaro-Winkler, Damerau-Levenshtein, token sort), jellyfish (Metaphone, NYSIIS)
and phonenumbers; each field lands in a level (exact, nickname, a typo away, different ...)
whose Fellegi-Sunter weight says how much more often that level is seen between two records
of one person than between two people; in a list big enough to tell, agreeing on a common
name, town or postal code weighs less. The summed weight becomes a score in [0, 1] and the
levels become the reasons. Records linked into one group (A-B and B-C) have their remaining
pairs looked at again with a lower threshold.

Optional columns: phone, email, address, city, postal_code, household_id, and an identity
document as id_type (SSN, SSN last four, State ID, Passport, Agency or other-system ID,
Other) and id_number; the output never shows the number.

Merging two different people is worse than missing a duplicate, so (family rules, on by
default) a pair is never proposed when the given names are clearly different (not a
nickname, typo, phonetic spelling or initial, nor swapped with the surname) or when both
birth dates are known and differ by more than a swap or a one-digit slip: household members
who share a surname, an address and a phone, twins who share a birth date and a surname, and
a senior and a junior of the same name all stay apart. Records of the same household are
never paired at all. Only stronger evidence overrules them (engine.evidence): the same
identity document, or the same email when it is not a family email; the same kind of
document with clearly different numbers forbids a pair. benchmarks/matching_quality.py
measures what these rules cost on Febrl.
"""

from __future__ import annotations

import csv
import gc
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import jellyfish
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler, Levenshtein

from case_management.engine import evidence
from case_management.engine.i18n import _, _lt
from case_management.engine.names import search_key
from case_management.engine.nicknames import VARIANTS, are_variants

REQUIRED = ("id", "first_name", "last_name", "date_of_birth")
OPTIONAL = ("phone", "email", "address", "city", "postal_code", "household_id", "id_type", "id_number")
THRESHOLD = 0.8
MAX_BLOCK = 6  # larger blocks are compared by sorted neighbourhood instead of every pair
WINDOW = 4
BROAD = {"dob", "names", "house in city", "id ssn4"}  # blocking keys whose big blocks are not compared
GROUP_THRESHOLD = 0.05  # a pair inside a group of linked records needs less (through_groups)
MAX_GROUP = 10


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
	address: str  # street, as a search key ("12 maple ave")
	household: str | None
	city: str = ""
	postcode: str = ""
	number: str = ""  # the house number(s) in the street address
	phone_digits: str | None = None  # the digits of the phone, valid or not (engine.evidence)
	ids: tuple[tuple[str, str], ...] = ()  # identity document: (kind, normalised number) pairs


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
		raise BadRecord(_("{0} is not a date (use YYYY-MM-DD)").format(repr(value))) from e


def prepare(record: Mapping, region: str = "US") -> Person:
	# a number libphonenumber rejects has no E.164 form and counts by its digits only
	phone, digits = evidence.read_phone(record.get("phone"), region)
	try:
		ids = evidence.identities(record.get("id_type"), record.get("id_number"))
	except evidence.BadIdentifier as e:
		raise BadRecord(str(e)) from e
	address = search_key(record.get("address"))
	return Person(
		id=str(record["id"]),
		first=search_key(record.get("first_name")),
		last=search_key(record.get("last_name")),
		dob=parse_date(record.get("date_of_birth")),
		phone=phone,
		email=(record.get("email") or "").strip().lower() or None,
		address=address,
		household=str(record["household_id"]) if record.get("household_id") not in (None, "") else None,
		city=search_key(record.get("city")),
		postcode=search_key(record.get("postal_code")).replace(" ", ""),
		number=" ".join(t for t in address.split() if any(ch.isdigit() for ch in t)),
		phone_digits=digits,
		ids=ids,
	)


def canonical_first(name: str) -> str:
	"""One spelling for all variants of a given name (Bill, Billy -> bill's group)."""
	return min(VARIANTS.get(name, (name,)))


def soundex(text: str) -> str:
	return jellyfish.soundex(text) if text else ""


def blocking_keys(p: Person) -> Iterator[tuple]:
	"""Keys that put records worth comparing in the same block: each key is one pass, so a
	pair is compared when any one of them agrees (a typo in one field leaves the others).

	Keys that many people share whatever the list's size (a birth date, the sound of a
	common name, a house number in a town) are narrowed by something else the two records
	must share, so blocks stay about the same size as the list grows and the work stays
	linear: a birth date with the sound of either name, the names with the birth year or
	with the day and month (a slip changes one of them), a house in a town with a name. The
	broad keys themselves still pair the records of a small block."""
	first, last = soundex(canonical_first(p.first.split(" ")[0] if p.first else "")), soundex(p.last)
	names = tuple(sorted((first, last)))  # sorted: swapped first/last share the key
	codes = sorted({first, last} - {""})  # the sound of either name
	# broad keys: a block of these is compared only while it is small (BROAD)
	if p.dob:
		yield ("dob", p.dob)
	if first or last:
		yield ("names", *names)
	if p.number and p.city:
		yield ("house in city", p.city, p.number)
	# narrow keys: blocks grow with a household or a street, not with the whole list
	if p.dob:
		for code in codes:
			yield ("dob and name", p.dob, code)
		if p.postcode:
			yield ("dob in postcode", p.dob, p.postcode)
		if p.number:
			yield ("dob at house number", p.dob, p.number)
	if p.phone_digits:  # valid or not; the last seven digits find one written without area code
		yield ("phone", p.phone_digits)
		yield ("phone tail", p.phone_digits[-7:])
	for kind, value in p.ids:
		yield (f"id {kind}", value)
	if p.email:
		yield ("email", p.email)
	if first or last:
		if p.dob:
			yield ("names and birth year", *names, p.dob.year)
			yield ("names and birthday", *names, p.dob.month, p.dob.day)
		if p.number:
			yield ("names at house number", *names, p.number)
	if p.number and p.city:
		for code in codes:
			yield ("name at house in city", p.city, p.number, code)
	if p.postcode:  # a postal code holds few enough people to group them by name
		if p.number:
			yield ("house in postcode", p.postcode, p.number)
		for code in codes:
			yield ("name in postcode", p.postcode, code)
		initials = "".join(sorted(name[:1] for name in (p.first, p.last) if name))
		if initials:
			yield ("initials in postcode", p.postcode, initials)
	if p.address:
		yield ("street", p.address)


# --- comparing one field -------------------------------------------------------------------
#
# Each field of a pair falls into one level (exact, a nickname, a typo away, different ...);
# each level carries a weight, log2(m/u): how much more often that level is seen between two
# records of the same person (m) than between two different people (u). A missing value
# weighs nothing. The weights below were estimated once on the Febrl1 and Febrl2 data sets
# (m from their true pairs, u from random pairs; benchmarks/matching_quality.py) and rounded;
# phone and email, which Febrl lacks, are set by hand. Febrl3 and Febrl4 were not used.

WEIGHTS: dict[str, dict[str, float]] = {
	"first": {"exact": 7.3, "nickname": 6.0, "close": 6.5, "alike": 0.4, "initial": 1.0, "different": -3.0},
	"last": {"exact": 7.3, "close": 7.0, "alike": 3.8, "different": -3.4},
	"swapped": {"swapped": 10.4},
	"dob": {"exact": 10.5, "swap": 4.5, "slip": 3.6, "different": -4.0},
	"address": {"exact": 10.3, "close": 10.0, "partial": 8.5, "different": -3.3},
	"number": {"exact": 6.0, "different": -2.5},
	"city": {"exact": 8.8, "close": 8.5, "different": -2.3},
	"postcode": {"exact": 9.0, "slip": 2.4, "different": -2.6},
	"phone": {"exact": 10.0, "digits": evidence.PHONE_DIGITS, "near": evidence.PHONE_NEAR, "different": -1.5},
	"email": {"exact": evidence.PERSONAL_EMAIL, "family": evidence.FAMILY_EMAIL, "different": -1.0},
}
# score = 1 / (1 + 2 ** -(weight - OFFSET)): OFFSET puts the decision threshold (0.8) at the
# total weight of 15, picked on Febrl1 and Febrl2: F1 there is flat (0.996-0.997) for cut-offs
# from 10 to 15, and 15 is just above what the same first and last name alone weigh (14.6).
OFFSET = 13.0

# Agreeing on a common value is weaker evidence than agreeing on a rare one: two Maria
# Garcias in the same town are often two people. In a list big enough to say what is common
# (the nightly check over every client), an exact first name, last name, town or postal
# code carried by at least 1 record in 100 weighs at most log2(m / share), the share being
# how many of the list's records carry that value and m (0.95) how often one person's two
# records agree on it; never more than its weight above. A small list (a new registration
# and its candidates) keeps the weights.
COMMON_FIELDS = {
	"first": _lt("first name"),
	"last": _lt("last name"),
	"city": _lt("town"),
	"postcode": _lt("postal code"),
}
COMMON_MIN_RECORDS = 1000
COMMON_SHARE = 0.01  # a value carried by at least 1 record in 100 is common
AGREEMENT = 0.95


def phonetic_equal(a: str, b: str) -> bool:
	return jellyfish.metaphone(a) == jellyfish.metaphone(b) or jellyfish.nysiis(a) == jellyfish.nysiis(b)


def name_level(a: str, b: str, given: bool) -> str | None:
	"""How alike two names are: exact, nickname, close (a typo), alike, initial, different."""
	if not a or not b:
		return None
	if a == b:
		return "exact"
	if given and (are_variants(a, b) or are_variants(a.split(" ")[0], b.split(" ")[0])):
		return "nickname"
	if a.replace(" ", "") == b.replace(" ", ""):
		return "exact"
	jw = JaroWinkler.normalized_similarity(a, b)
	if jw >= 0.92 or DamerauLevenshtein.distance(a, b) <= 1:
		return "close"
	if jw >= 0.85 or phonetic_equal(a, b) or fuzz.token_sort_ratio(a, b) >= 90:
		return "alike"
	if given and (len(a) == 1 or len(b) == 1) and a[0] == b[0]:
		return "initial"
	return "different"


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
		return 1.0, _lt("same birth date")
	if (a.year, a.month, a.day) == (b.year, b.day, b.month):
		return 0.9, _lt("birth date with day and month swapped")
	x, y = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
	if Levenshtein.distance(x, y) == 1:
		return 0.8, _lt("birth date one digit apart")
	if DamerauLevenshtein.distance(x, y) == 1:
		return 0.8, _lt("birth date with two digits transposed")
	return 0.0, None


def text_level(a: str, b: str) -> str | None:
	if not a or not b:
		return None
	if a == b:
		return "exact"
	ratio = fuzz.token_sort_ratio(a, b)
	if ratio >= 90:
		return "close"
	if ratio >= 70 or fuzz.token_set_ratio(a, b) >= 90:
		return "partial"
	return "different"


def equal_level(a: str | None, b: str | None) -> str | None:
	if not a or not b:
		return None
	return "exact" if a == b else "different"


def levels(p: Person, q: Person) -> dict[str, str]:
	"""The level of every field both records have ("first": "nickname", "dob": "swap" ...)."""
	found: dict[str, str | None] = {}
	first, last = name_level(p.first, q.first, True), name_level(p.last, q.last, False)
	across = (name_level(p.first, q.last, False), name_level(p.last, q.first, False))
	if first not in ("exact", "nickname", "close") and all(level in ("exact", "close") for level in across):
		found["swapped"] = "swapped"
	else:
		found["first"], found["last"] = first, last
	dob = dob_similarity(p.dob, q.dob)[0]
	found["dob"] = None if dob is None else {1.0: "exact", 0.9: "swap", 0.8: "slip", 0.0: "different"}[dob]
	found["phone"] = evidence.phone_level(p.phone, p.phone_digits, q.phone, q.phone_digits)
	found["email"] = equal_level(p.email, q.email)
	found["address"] = text_level(p.address, q.address)
	found["number"] = equal_level(p.number, q.number)
	if found["number"] == "different" and found["address"] == "partial":
		found["address"] = "different"  # another house in the same street
	postcode = equal_level(p.postcode, q.postcode)
	if postcode == "different" and Levenshtein.distance(p.postcode, q.postcode) == 1:
		postcode = "slip"
	found["postcode"] = postcode
	city = text_level(p.city, q.city)
	found["city"] = "different" if city == "partial" else city
	return {k: v for k, v in found.items() if v is not None}


def two_people(p: Person, q: Person, found: dict[str, str]) -> bool:
	"""The family rules: clearly different given names, birth dates more than a slip apart,
	or family members whose given names are merely alike."""
	return family_rule(p, q, found) is not None


def family_rule(p: Person, q: Person, found: dict[str, str]) -> str | None:
	"""Which family rule calls the pair two people ("the twin rule" ...), or None (in English:
	a reason translates it)."""
	twins = found.get("dob") == "exact" and found.get("last") in ("exact", "close")
	if same_family(p, q, found):
		return _lt("the twin rule") if found.get("dob") == "exact" else _lt("the household rule")
	if found.get("first") == "different":
		return _lt("the twin rule") if twins else _lt("the different-given-names rule")
	if found.get("dob") == "different":
		if found.get("first") in ("exact", "nickname") and found.get("last") in ("exact", "close"):
			return _lt("the senior/junior rule")
		return _lt("the birth-date rule")
	return None


def same_family(p: Person, q: Person, found: dict[str, str]) -> bool:
	"""Two family members whose given names are merely alike (Mary/Mark, Janet/Janice): the
	same surname with the same birth date (twins) or the same phone or street (a household),
	and given names more than one typo apart that are not nicknames of each other."""
	if found.get("first") not in ("close", "alike", "initial") or found.get("last") not in ("exact", "close"):
		return False
	return (found.get("dob") == "exact" or living_together(found)) and DamerauLevenshtein.distance(
		p.first, q.first
	) > 1


def living_together(found: dict[str, str]) -> bool:
	"""The same phone (a household phone, valid or not) or the same street address."""
	return found.get("phone") in ("exact", "digits", "near") or found.get("address") in ("exact", "close")


def compare(
	p: Person,
	q: Person,
	threshold: float = THRESHOLD,
	family_rules: bool = True,
	shares: Mapping[str, Mapping[str, float]] | None = None,
	family_emails: frozenset[str] | set[str] = frozenset(),
) -> Match | None:
	"""Score one pair; None when it scores below `threshold` or is not plausibly one person.

	With `family_rules` (the default) a pair is never proposed when the given names are
	clearly different (not a nickname, typo, phonetic spelling or initial, and the names
	not swapped) or when both birth dates are known and differ by more than a day/month
	swap or a one-digit slip: household members who share a surname, an address and a
	phone, twins who share a birth date and a surname, and a senior and a junior of the same
	name all stay apart, however much else they share. Without them (only for measuring),
	such differences are evidence like any other. `shares` (from value_shares) makes an
	agreement on a common name or place weigh less.

	Stronger evidence comes first (engine.evidence): the same identity document, or the
	same email when it is not one of `family_emails`, overrules the family rules; the same
	kind of document with clearly different numbers forbids the pair outright.
	"""
	if p.id == q.id or (p.household and p.household == q.household):
		return None
	if q.id < p.id:
		p, q = q, p  # one answer whichever way round the pair comes
	identity = evidence.compare_identities(p.ids, q.ids)
	if identity and identity.verdict == "conflict":
		return None  # two different documents of one kind: two people, whatever else they share
	found = levels(p, q)
	rule = family_rule(p, q, found) if family_rules else None
	if found.get("email") == "exact" and (p.email in family_emails or (rule and living_together(found))):
		found["email"] = "family"  # shared in a household: two people living together may share one
	deciding = None
	if identity and identity.verdict == "agree":
		deciding = _("same {0}").format(_(identity.label))
	elif found.get("email") == "exact":
		deciding = _("same personal email")
	if rule and not deciding:
		return None  # different given names or birth dates: two people, whatever else they share
	weight, common = 0.0, []
	if identity and identity.verdict == "agree":
		weight += evidence.ID_WEIGHTS[identity.kind]
	for field, level in found.items():
		value = WEIGHTS[field][level]
		share = shares.get(field, {}).get(getattr(p, field)) if shares and level == "exact" else None
		if share and (cap := math.log2(AGREEMENT / share)) < value:
			value = cap
			common.append(
				_("{0} common here (1 in {1})").format(_(COMMON_FIELDS[field]), f"{round(1 / share):,}")
			)
		weight += value
	score = round(1 / (1 + 2 ** (OFFSET - weight)), 3)
	if score < threshold:
		return None
	decided = []
	if deciding:
		decided.append(_("{0} — overrules {1}").format(deciding, _(rule)) if rule else deciding)
	if identity and identity.verdict == "slip":
		decided.append(_("{0} one keystroke apart (a typo?)").format(_(identity.label)))
	return Match(p.id, q.id, score, (*decided, *explain(p, q, found), *common))


def value_shares(people: list[Person]) -> dict[str, dict[str, float]]:
	"""For a list big enough to tell, the share of records that carry each common first
	name, last name, town and postal code (at least COMMON_SHARE of the records)."""
	if len(people) < COMMON_MIN_RECORDS:
		return {}
	shares = {}
	for field in COMMON_FIELDS:
		counts = Counter(getattr(p, field) for p in people if getattr(p, field))
		shares[field] = {
			value: n / len(people) for value, n in counts.items() if n >= COMMON_SHARE * len(people)
		}
	return shares


def family_emails(people: list[Person]) -> frozenset[str]:
	"""Emails shared by more than one member of a household (engine.evidence): carried by two
	records listed in one household, by more than MAX_GROUP records, or by three or more of
	which two are two people by the family rules."""
	carriers: dict[str, list[Person]] = defaultdict(list)
	for p in people:
		if p.email:
			carriers[p.email].append(p)
	shared = set()
	for email, group in carriers.items():
		if len(group) < 2:
			continue
		households = [p.household for p in group if p.household]
		if len(households) != len(set(households)) or len(group) > MAX_GROUP:
			shared.add(email)
		elif len(group) > 2 and any(
			two_people(p, q, levels(p, q)) for n, p in enumerate(group) for q in group[n + 1 :]
		):
			shared.add(email)
	return frozenset(shared)


def explain(p: Person, q: Person, found: dict[str, str]) -> Iterator[str]:
	"""The reasons behind a score, always in the same order, in the reader's language."""
	if "swapped" in found:
		yield _("first and last name swapped")
	first, last = found.get("first"), found.get("last")
	if first == "exact":
		yield _("same first name")
	elif first == "nickname":
		yield _("first name nickname {0}/{1}").format(p.first.title(), q.first.title())
	elif first in ("close", "alike"):
		yield _("first names alike ({0})").format(f"{name_similarity(p.first, q.first):.2f}")
	elif first == "initial":
		yield _("first name initial matches")
	elif first == "different":
		yield _("first names differ")
	if last == "exact":
		yield _("same last name")
	elif last in ("close", "alike"):
		yield _("last names alike ({0})").format(f"{name_similarity(p.last, q.last):.2f}")
	elif last == "different":
		yield _("last name differs (a change of surname?)")
	if "dob" in found:
		yield _(dob_similarity(p.dob, q.dob)[1] or _lt("birth dates differ"))
	phone = found.get("phone")
	if phone == "exact":
		yield _("phone equal after normalisation")
	elif phone == "digits":
		yield _("same phone digits (not a valid number)")
	elif phone == "near":
		yield _("phone digits nearly equal (not a valid number)")
	if found.get("email") == "exact":
		yield _("same email")
	elif found.get("email") == "family":
		yield _("same family email (shared in the household: counts little)")
	if found.get("address") in ("exact", "close"):
		yield _("same address")
	if found.get("postcode") == "exact":
		yield _("same postal code")


def candidate_pairs(people: list[Person]) -> Iterator[tuple[int, int]]:
	"""Index pairs that share a blocking key; big blocks by sorted neighbourhood."""
	blocks: dict[tuple, list[int]] = defaultdict(list)
	for i, p in enumerate(people):
		for key in blocking_keys(p):
			blocks[key].append(i)
	size = len(people)
	seen: set[int] = set()  # a pair (a, b) as the one number a * size + b
	for key, members in blocks.items():
		if len(members) < 2:
			continue
		if key[0] in BROAD and len(members) > MAX_BLOCK:
			continue  # a common birth date, name or house number: the narrow keys cover it
		if len(members) <= MAX_BLOCK:
			pairs = ((a, b) for n, a in enumerate(members) for b in members[n + 1 :])
		else:
			ordered = sorted(
				members, key=lambda i: (people[i].dob or date.min, people[i].first, people[i].last)
			)
			pairs = ((a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 : n + 1 + WINDOW])
		for a, b in pairs:
			if b < a:
				a, b = b, a
			if a * size + b not in seen:
				seen.add(a * size + b)
				yield a, b


def find_duplicates(
	records: Iterable[Mapping], threshold: float = THRESHOLD, region: str = "US", family_rules: bool = True
) -> list[Match]:
	"""Likely duplicate pairs among `records`, best first.

	`records` are mappings with id, first_name, last_name, date_of_birth (YYYY-MM-DD),
	phone, email, address, city, postal_code and optionally household_id. A record that
	cannot be read raises BadRecord naming it.
	"""
	# Millions of small objects that all stay alive until the end: Python's cyclic garbage
	# collector would walk them again and again, a cost that grows faster than the list.
	collecting = gc.isenabled()
	gc.disable()
	try:
		people = []
		for record in records:
			try:
				people.append(prepare(record, region))
			except BadRecord as e:
				raise BadRecord(f"record {record.get('id')!r}: {e}") from e
		shares = value_shares(people)
		shared = family_emails(people)
		found: dict[tuple[int, int], Match] = {}
		for a, b in candidate_pairs(people):
			match = compare(people[a], people[b], threshold, family_rules, shares, shared)
			if match:
				found[a, b] = match
		if GROUP_THRESHOLD < threshold:
			found.update(through_groups(people, found, family_rules, shares, shared))
		return sorted(found.values(), key=lambda m: (-m.score, m.a, m.b))
	finally:
		if collecting:
			gc.enable()


def through_groups(
	people: list[Person],
	found: dict[tuple[int, int], Match],
	family_rules: bool,
	shares: Mapping[str, Mapping[str, float]] | None = None,
	shared: frozenset[str] = frozenset(),
) -> dict[tuple[int, int], Match]:
	"""Pairs inside a group of records already linked to each other (A-B and B-C found, so
	A-C is looked at again) that reach the lower GROUP_THRESHOLD: a person registered three
	times with different slips is one group. The family rules hold here as everywhere."""
	parent = list(range(len(people)))

	def root(i: int) -> int:
		while parent[i] != i:
			parent[i] = parent[parent[i]]
			i = parent[i]
		return i

	for a, b in found:
		parent[root(a)] = root(b)
	groups: dict[int, list[int]] = defaultdict(list)
	for i in {i for pair in found for i in pair}:
		groups[root(i)].append(i)
	extra = {}
	for members in groups.values():
		if not 2 < len(members) <= MAX_GROUP:
			continue
		members.sort()
		for n, a in enumerate(members):
			for b in members[n + 1 :]:
				if (a, b) in found or (b, a) in found:
					continue
				match = compare(people[a], people[b], GROUP_THRESHOLD, family_rules, shares, shared)
				if match:
					extra[a, b] = Match(
						match.a, match.b, match.score, (*match.reasons, _("linked through the same group"))
					)
	return extra


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
				if (row.get("id_number") or "").strip() and not evidence.id_kind(row.get("id_type")):
					raise BadRecord("an id_number needs its id_type")
			except evidence.BadIdentifier as e:
				raise BadRecord(f"line {line}: {e}") from e
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
