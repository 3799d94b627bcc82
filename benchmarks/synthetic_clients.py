"""Generated client lists for the matching benchmarks: families, twins and planted duplicates.

Everything is drawn from a seeded random generator, so a run is repeatable. A household
shares a surname, an address and a phone; its members have different given names (none a
nickname of another) and, except twins, different birth dates. Some households carry a
household_id, the rest do not (a family registered member by member). Planted duplicates
are a second registration of one person, with exactly one of: a nickname, a typo in a name,
a married name, the birth date's day and month swapped, or the phone written another way.
The second registration never carries the household_id (it was made without one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from case_management.engine.nicknames import VARIANTS, are_variants

GIVEN = (
	"james mary robert patricia john jennifer michael linda david elizabeth richard barbara joseph "
	"susan thomas jessica charles sarah christopher karen daniel nancy matthew lisa anthony betty "
	"mark margaret donald sandra steven ashley paul kimberly andrew emily joshua donna kenneth "
	"michelle kevin carol brian amanda george melissa timothy deborah ronald stephanie edward "
	"rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas angela eric "
	"shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen "
	"benjamin samantha samuel katherine gregory christine alexander debra frank rachel patrick "
	"carolyn raymond janet jack catherine dennis maria jerry heather tyler diane aaron ruth jose "
	"julie adam olivia nathan joyce henry virginia douglas victoria zachary kelly peter lauren "
	"kyle christina ethan joan walter evelyn noah judith jeremy megan christian andrea keith "
	"cheryl roger hannah terry jacqueline gerald martha harold gloria sean teresa austin ann "
	"carl sara arthur madison lawrence frances dylan kathryn jesse janice jordan jean bryan "
	"abigail billy alice joe julia bruce judy gabriel sophia logan grace albert denise willie "
	"amber alan doris juan marilyn wayne danielle elijah beverly randy isabella roy theresa "
	"vincent diana ralph natalie eugene brittany russell charlotte bobby marie mason kayla "
	"philip alexis louis lori"
).split()

SURNAMES = (
	"smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez "
	"gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris "
	"sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill "
	"flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips "
	"evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers "
	"gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson "
	"watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo "
	"sanders patel myers long ross foster jimenez okafor chen wei novak kowalski"
).split()

STREETS = (
	"maple oak pine cedar elm washington lake hill park main church river spring ridge sunset "
	"highland forest meadow willow cherry walnut chestnut jackson lincoln madison franklin"
).split()
KINDS = ("st", "ave", "rd", "dr", "ln", "blvd", "ct", "way")
CITIES = "springfield riverton fairview greenville salem franklin clinton madison georgetown".split()
AREA_CODES = (202, 312, 415, 617, 718, 305, 512, 206, 303, 404, 503, 612, 702, 804, 919)

DUPLICATE_KINDS = ("nickname", "typo", "married name", "day/month swap", "phone format")

# A given-name pool with no nickname pairs in it, so that siblings never share a name group.
_POOL: list[str] = []
for _name in GIVEN:
	if not any(are_variants(_name, other) for other in _POOL) and _name not in _POOL:
		_POOL.append(_name)


@dataclass
class Synthetic:
	records: list[dict] = field(default_factory=list)
	person: dict[str, str] = field(default_factory=dict)  # record id -> person id
	family: dict[str, str] = field(default_factory=dict)  # record id -> family id
	planted: dict[tuple[str, str], str] = field(default_factory=dict)  # (a, b) sorted -> kind

	def true_pairs(self) -> set[tuple[str, str]]:
		return set(self.planted)

	def plant(self, original: dict, copy: dict, kind: str) -> None:
		"""Add `copy`, a second record of `original`'s person made by corruption `kind`."""
		self.records.append(copy)
		self.person[copy["id"]] = original["id"]
		self.family[copy["id"]] = self.family[original["id"]]
		self.planted[tuple(sorted((original["id"], copy["id"])))] = kind


def corrupt_common(rng: random.Random, kind: str, original: dict, copy: dict, surname) -> bool:
	"""Apply one of the corruptions every generated set shares (nickname, typo, married name,
	day/month swap) to `copy`; False when `kind` is none of them. `surname()` draws a new one."""
	if kind == "nickname":
		copy["first_name"] = rng.choice(sorted(VARIANTS[original["first_name"].lower()])).title()
	elif kind == "typo":
		which = rng.choice(("first_name", "last_name"))
		copy[which] = _typo(rng, original[which].lower()).title()
	elif kind == "married name":
		copy["last_name"] = surname().title()
		copy["email"] = ""
	elif kind == "day/month swap":
		born = date.fromisoformat(original["date_of_birth"])
		copy["date_of_birth"] = date(born.year, born.day, born.month).isoformat()
	else:
		return False
	return True


def _phone(rng: random.Random) -> tuple[int, int, int]:
	return rng.choice(AREA_CODES), rng.randint(201, 989), rng.randint(0, 9999)


def _format_phone(parts: tuple[int, int, int], style: int) -> str:
	a, b, c = parts
	return (f"({a}) {b}-{c:04d}", f"{a}.{b}.{c:04d}", f"+1 {a} {b} {c:04d}", f"{a}{b}{c:04d}")[style]


def _typo(rng: random.Random, word: str) -> str:
	if len(word) < 4:
		return word + word[-1]
	i = rng.randrange(1, len(word) - 1)
	how = rng.choice(("swap", "drop", "double", "replace"))
	if how == "swap":
		return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
	if how == "drop":
		return word[:i] + word[i + 1 :]
	if how == "double":
		return word[:i] + word[i] + word[i:]
	return word[:i] + rng.choice("aeiourstnl".replace(word[i], "")) + word[i + 1 :]


def _surname(rng: random.Random, many: bool) -> str:
	if not many or rng.random() < 0.3:
		return rng.choice(SURNAMES)
	# Large lists: most surnames are rarer, as in real registers.
	syllables = ("ka", "lo", "mer", "tan", "vi", "ros", "den", "shi", "bra", "nel", "gor", "fi", "pa", "wen")
	return rng.choice(SURNAMES)[:3] + "".join(rng.choice(syllables) for _ in range(2))


def generate(
	households: int,
	duplicates: int,
	seed: int = 6,
	household_id_share: float = 0.5,
	twin_share: float = 0.15,
	many_surnames: bool = False,
	today: date = date(2026, 1, 1),
) -> Synthetic:
	rng = random.Random(seed)
	out = Synthetic()
	people: list[dict] = []
	for h in range(households):
		surname = _surname(rng, many_surnames)
		street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)} {rng.choice(KINDS)}"
		city, postcode = rng.choice(CITIES), f"{rng.randint(10000, 99999)}"
		phone = _phone(rng)
		hid = f"H{h}" if rng.random() < household_id_share else None
		adults = rng.choice((1, 2, 2))
		children = rng.choice((0, 0, 1, 2, 3))
		names = rng.sample(_POOL, adults + children + 1)
		births = [today - timedelta(days=rng.randint(22 * 365, 75 * 365)) for _ in range(adults)]
		births += [today - timedelta(days=rng.randint(0, 17 * 365)) for _ in range(children)]
		if children and rng.random() < twin_share:
			births.append(births[-1])  # twins: same birth date and surname, another name
		style = rng.randrange(4)
		for n, born in enumerate(births):
			rid = f"R{len(people)}"
			record = {
				"id": rid,
				"first_name": names[n].title(),
				"last_name": surname.title(),
				"date_of_birth": born.isoformat(),
				"phone": _format_phone(phone, style),
				"email": f"{names[n]}.{surname}{h}@example.org" if n < adults and rng.random() < 0.4 else "",
				"address": street.title(),
				"city": city.title(),
				"postal_code": postcode,
				"household_id": hid,
			}
			people.append(record)
			out.person[rid] = rid
			out.family[rid] = f"F{h}"
	out.records = list(people)

	def eligible(kind: str, record: dict) -> bool:
		born = date.fromisoformat(record["date_of_birth"])
		if kind == "nickname":
			return record["first_name"].lower() in VARIANTS
		if kind == "day/month swap":
			return born.day <= 12 and born.day != born.month  # another real date when swapped
		return True

	used: set[str] = set()
	for d in range(min(duplicates, len(people) // 2)):
		kind = DUPLICATE_KINDS[d % len(DUPLICATE_KINDS)]
		while True:
			original = rng.choice(people)
			if original["id"] not in used and eligible(kind, original):
				break
		used.add(original["id"])
		copy = dict(original, id=f"D{d}", household_id=None)
		if corrupt_common(rng, kind, original, copy, lambda: _surname(rng, many_surnames)):
			pass
		elif kind == "phone format":
			digits = "".join(ch for ch in original["phone"] if ch.isdigit())[-10:]
			parts = (int(digits[:3]), int(digits[3:6]), int(digits[6:]))
			others = [
				f for f in (_format_phone(parts, style) for style in range(4)) if f != original["phone"]
			]
			copy["phone"] = rng.choice(others)
		out.plant(original, copy, kind)
	rng.shuffle(out.records)
	return out
