"""A generated contact list in the shape of a legacy system's export, for matching_quality.py.

Households share a surname, an address and a phone; the phone is written many ways
("(202) 555-0143", "202.555.0143 x12", "1-202-555-0143 ext. 4", "555-0143" with no area
code), a fifth of the households have an area code libphonenumber rejects (an old or mistyped
one), and some numbers have lost a digit. A third of the households share one family email
among all their members; some adults have their own. Twins (the same birth date and surname)
are common, some with identity documents of their own and some without. About half the
records carry an identity document (SSN, SSN last four, state ID, agency ID).

Planted duplicates are a second registration of one person with one of DUPLICATE_KINDS: a
nickname, a typo in a name, a married name, the birth date's day and month swapped, the phone
written another way or without its area code, a given name that is clearly another (a middle
name used, a name misheard) with the document agreeing, or with the personal email agreeing
(after a move, or at the same house: the family rules keep that one apart, since a couple or
twins living together may share an email), the document typed with one keystroke wrong, or
the document left out. Seeded, so a run is repeatable.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from synthetic_clients import _POOL, CITIES, KINDS, STREETS, SURNAMES, Synthetic, corrupt_common

from case_management.engine.nicknames import VARIANTS

VALID_AREAS = (202, 312, 415, 617, 718, 305, 512, 206, 303, 404)
INVALID_AREAS = (123, 199, 111, 100, 911)  # an N11 or a leading 0/1: libphonenumber rejects them

DUPLICATE_KINDS = (
	"nickname",
	"typo",
	"married name",
	"day/month swap",
	"phone rewritten",
	"no area code",
	"other given name, same document",
	"other given name, same email, moved",
	"other given name, same email, same house",
	"document typo",
	"document left out",
)


Legacy = Synthetic  # the same shape: records, who is who, which pairs were planted


def write_phone(rng: random.Random, area: int, exchange: int, line: int) -> str:
	style = rng.randrange(7)
	return (
		f"({area}) {exchange}-{line:04d}",
		f"{area}.{exchange}.{line:04d} x{rng.randint(1, 99)}",
		f"1-{area}-{exchange}-{line:04d} ext. {rng.randint(1, 9)}",
		f"+1 {area} {exchange} {line:04d}",
		f"{area}{exchange}{line:04d}",
		f"{area}/{exchange} {line:04d}",
		f"{area}-{exchange}-{line:04d}",
	)[style]


def document(rng: random.Random) -> tuple[str, str]:
	kind = rng.choice(("SSN", "SSN", "SSN last four", "State ID", "Agency or other-system ID"))
	if kind == "SSN":
		return kind, f"{rng.randint(100, 899)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}"
	if kind == "SSN last four":
		return kind, f"{rng.randint(1000, 9999)}"
	if kind == "State ID":
		return kind, f"D{rng.randint(1000000, 9999999)}"
	return kind, f"HMIS-{rng.randint(10000, 99999)}"


def id_typo(rng: random.Random, number: str) -> str:
	places = [i for i, ch in enumerate(number) if ch.isdigit()]
	i = rng.choice(places)
	return number[:i] + rng.choice("0123456789".replace(number[i], "")) + number[i + 1 :]


def generate(households: int = 1500, duplicates: int = 600, seed: int = 20) -> Legacy:
	rng = random.Random(seed)
	out = Legacy()
	people: list[dict] = []
	today = date(2026, 1, 1)
	for h in range(households):
		surname = rng.choice(SURNAMES)
		street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(KINDS)}".title()
		city, postcode = rng.choice(CITIES).title(), f"{rng.randint(10000, 99999)}"
		area = rng.choice(INVALID_AREAS) if rng.random() < 0.2 else rng.choice(VALID_AREAS)
		exchange, line = rng.randint(201, 989), rng.randint(0, 9999)
		family_email = f"{surname}family{h}@example.net" if rng.random() < 0.33 else ""
		adults, children = rng.choice((1, 2, 2)), rng.choice((0, 1, 2, 3))
		names = rng.sample(_POOL, adults + children + 2)  # the last is nobody's: a spare
		births = [today - timedelta(days=rng.randint(22 * 365, 75 * 365)) for _ in range(adults)]
		births += [today - timedelta(days=rng.randint(0, 17 * 365)) for _ in range(children)]
		if children and rng.random() < 0.3:
			births.append(births[-1])  # twins
		for n, born in enumerate(births):
			rid = f"L{len(people)}"
			phone = write_phone(rng, area, exchange, line)
			if rng.random() < 0.05:  # a digit lost on the way
				i = rng.randrange(len(phone))
				phone = phone[:i] + phone[i + 1 :] if phone[i].isdigit() else phone
			email = family_email
			if n < adults and (not email or rng.random() < 0.3) and rng.random() < 0.5:
				email = f"{names[n]}.{surname}{h}@example.org"
			id_type, id_number = document(rng) if rng.random() < 0.5 else ("", "")
			people.append(
				{
					"id": rid,
					"first_name": names[n].title(),
					"last_name": surname.title(),
					"date_of_birth": born.isoformat(),
					"phone": phone,
					"email": email,
					"address": street,
					"city": city,
					"postal_code": postcode,
					"id_type": id_type,
					"id_number": id_number,
					"_phone": (area, exchange, line),
					"_spare": names[-1],
				}
			)
			out.person[rid] = rid
			out.family[rid] = f"F{h}"
	out.records = [{k: v for k, v in r.items() if not k.startswith("_")} for r in people]

	def eligible(kind: str, r: dict) -> bool:
		born = date.fromisoformat(r["date_of_birth"])
		if kind == "nickname":
			return r["first_name"].lower() in VARIANTS
		if kind == "day/month swap":
			return born.day <= 12 and born.day != born.month
		if kind in ("other given name, same document", "document typo"):
			return bool(r["id_number"])
		if kind.startswith("other given name, same email"):
			return bool(r["email"]) and "family" not in r["email"]
		if kind == "document left out":
			return bool(r["id_number"])
		return True

	used: set[str] = set()
	for d in range(duplicates):
		kind = DUPLICATE_KINDS[d % len(DUPLICATE_KINDS)]
		while True:
			original = rng.choice(people)
			if original["id"] not in used and eligible(kind, original):
				break
		used.add(original["id"])
		copy = {k: v for k, v in original.items() if not k.startswith("_")}
		copy["id"] = f"LD{d}"
		if corrupt_common(rng, kind, original, copy, lambda: rng.choice(SURNAMES)):
			pass
		elif kind == "phone rewritten":
			copy["phone"] = write_phone(rng, *original["_phone"])
		elif kind == "no area code":
			_area, exchange, line = original["_phone"]
			copy["phone"] = f"{exchange}-{line:04d}"
		elif kind.startswith("other given name"):
			copy["first_name"] = original["_spare"].title()  # a name no one in the family has
			if kind.endswith("moved"):
				copy["address"] = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(KINDS)}".title()
				copy["phone"] = write_phone(rng, rng.choice(VALID_AREAS), rng.randint(201, 989), 1234)
				copy["postal_code"] = f"{rng.randint(10000, 99999)}"
		elif kind == "document typo":
			copy["id_number"] = id_typo(rng, original["id_number"])
		elif kind == "document left out":
			copy["id_type"], copy["id_number"] = "", ""
		out.plant(original, copy, kind)
	rng.shuffle(out.records)
	return out
