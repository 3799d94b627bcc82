"""Household income: which amounts count, and what they add up to in a month and a year.

Amounts are Decimal. Every amount is first annualised exactly (weekly x52, biweekly x26,
semimonthly x24, monthly x12, annual x1); the household's annual total is the exact sum, and
the monthly total is that sum divided by 12. Both are rounded once, at the end, to cents
(half up). So the same income gives the same total whichever frequency it is entered in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from case_management.engine.i18n import _, _lt
from case_management.engine.people import is_adult

PERIODS_PER_YEAR: dict[str, int] = {
	"Weekly": 52,
	"Biweekly": 26,
	"Semimonthly": 24,
	"Monthly": 12,
	"Annual": 1,
}
CENT = Decimal("0.01")
MAX_ANNUAL_AMOUNT = Decimal("10000000")  # an income row above this is a typing error, not an income
EARNED_INCOME = "Earned income"


# Why an income row is left out of the household's total, as a person reads it next to the
# amount. Keyed by the reason `counts_toward_household` gives; the service translates it.
NOT_COUNTED_EXPLANATIONS: dict[str, str] = {
	"a minor's earned income": _lt("not counted: earned income of a minor, per the agency's rule"),
	"marked not to count": _lt("not counted: marked on the record not to count toward the household"),
}


class InvalidIncome(ValueError):
	"""An income row that cannot be counted; `code` says why: "unknown_frequency",
	"negative" or "too_large"."""

	def __init__(self, code: str):
		super().__init__(code)
		self.code = code


def to_decimal(value) -> Decimal:
	if isinstance(value, Decimal):
		return value
	if isinstance(value, float):
		return Decimal(repr(value))
	return Decimal(str(value or 0))


def annual_amount(amount, frequency: str) -> Decimal:
	"""The exact yearly value of `amount` received at `frequency`."""
	if frequency not in PERIODS_PER_YEAR:
		raise InvalidIncome("unknown_frequency")
	value = to_decimal(amount)
	if value < 0:
		raise InvalidIncome("negative")
	annual = value * PERIODS_PER_YEAR[frequency]
	if annual > MAX_ANNUAL_AMOUNT:
		raise InvalidIncome("too_large")
	return annual


def counts_toward_household(row: Mapping, member_is_adult: bool | None) -> tuple[bool, str]:
	"""Whether an income row counts, and why.

	An explicit Yes or No on the row decides. By default everything counts except a minor's
	earned income (a child's wages are not household income for eligibility). When the
	member's age is unknown, their income counts.
	"""
	choice = row.get("counts_toward_household") or "Default"
	if choice == "Yes":
		return True, "marked to count"
	if choice == "No":
		return False, "marked not to count"
	if row.get("source") == EARNED_INCOME and member_is_adult is False:
		return False, "a minor's earned income"
	return True, "counts by default"


def not_counted_explanation(reason: str) -> str:
	"""The words shown beside an income row the household's total leaves out (untranslated)."""
	return NOT_COUNTED_EXPLANATIONS.get(reason) or _("not counted")


@dataclass(frozen=True)
class IncomeLine:
	member: str
	source: str
	amount: Decimal
	frequency: str
	annual: Decimal
	counted: bool
	reason: str

	@property
	def monthly(self) -> Decimal:
		return (self.annual / 12).quantize(CENT, ROUND_HALF_UP)

	@property
	def explanation(self) -> str | None:
		"""Why the row is not counted, in words (untranslated); None for a counted row."""
		return None if self.counted else not_counted_explanation(self.reason)


@dataclass(frozen=True)
class HouseholdIncome:
	size: int
	annual: Decimal
	monthly: Decimal
	lines: tuple[IncomeLine, ...] = field(default_factory=tuple)

	@property
	def excluded(self) -> tuple[IncomeLine, ...]:
		return tuple(line for line in self.lines if not line.counted)


def household_income(members: Iterable[Mapping], on: date) -> HouseholdIncome:
	"""Sum the income of a household's members.

	`members` are mappings with "name", "date_of_birth" (date or None) and "income": a list
	of rows with "source", "amount", "frequency" and "counts_toward_household".
	The household size is the number of members, and at least 1 (the client).
	"""
	members = list(members)
	lines: list[IncomeLine] = []
	total = Decimal(0)
	for member in members:
		adult = is_adult(member.get("date_of_birth"), on)
		for row in member.get("income") or ():
			annual = annual_amount(row.get("amount"), row.get("frequency"))
			counted, reason = counts_toward_household(row, adult)
			if counted:
				total += annual
			lines.append(
				IncomeLine(
					member=member.get("name") or "",
					source=row.get("source") or "",
					amount=to_decimal(row.get("amount")),
					frequency=row.get("frequency"),
					annual=annual,
					counted=counted,
					reason=reason,
				)
			)
	return HouseholdIncome(
		size=max(1, len(members)),
		annual=total.quantize(CENT, ROUND_HALF_UP),
		monthly=(total / 12).quantize(CENT, ROUND_HALF_UP),
		lines=tuple(lines),
	)


@dataclass(frozen=True)
class HouseholdTotal:
	"""What screening needs of a household: its size, the annual total that counts (as
	`household_income` gives it), and its adults and children (None while a member's birth
	date is unknown)."""

	size: int
	annual: Decimal
	adults: int | None
	children: int | None


def household_total(members: Iterable[tuple[date | None, Iterable[Mapping]]], on: date) -> HouseholdTotal:
	"""`household_income`'s size and annual total, and the adults and children, without the
	lines a person reads: for screening thousands of households. `members` are (birth date,
	income rows) pairs; the rows are as `household_income` reads them, and count by the same
	rule (`counts_toward_household`)."""
	total = Decimal(0)
	size = adults = minors = 0
	unknown_age = False
	for born, rows in members:
		size += 1
		adult = is_adult(born, on)
		if adult is None:
			unknown_age = True
		elif adult:
			adults += 1
		else:
			minors += 1
		for row in rows:
			annual = annual_amount(row.get("amount"), row.get("frequency"))
			if counts_toward_household(row, adult)[0]:
				total += annual
	return HouseholdTotal(
		size=max(1, size),
		annual=total.quantize(CENT, ROUND_HALF_UP),
		adults=None if unknown_age else adults,
		children=None if unknown_age else minors,
	)


# --- poverty guideline --------------------------------------------------------------------

CONTIGUOUS = _lt("48 contiguous states and DC")  # a stored value, shown through _()


def poverty_region(state: str | None) -> str:
	"""The HHS guideline region for a US state (name or postal code)."""
	key = (state or "").strip().upper()
	if key in ("AK", "ALASKA"):
		return "Alaska"
	if key in ("HI", "HAWAII"):
		return "Hawaii"
	return CONTIGUOUS


@dataclass(frozen=True)
class Guideline:
	year: int
	region: str
	first_person: Decimal
	each_additional_person: Decimal

	def for_size(self, size: int) -> Decimal:
		"""The annual guideline for a household of `size` people."""
		if size < 1:
			raise ValueError(_("a household has at least one person"))
		return to_decimal(self.first_person) + to_decimal(self.each_additional_person) * (size - 1)


def pick_guideline(table: Iterable[Guideline], year: int, region: str) -> Guideline | None:
	"""The guideline for `region` of `year`, or of the latest earlier year published."""
	candidates = [g for g in table if g.region == region and g.year <= year]
	return max(candidates, key=lambda g: g.year) if candidates else None


def percent_of_guideline(annual_income: Decimal, guideline_amount: Decimal) -> Decimal:
	"""Income as a percentage of the guideline, to one decimal place (half up)."""
	if guideline_amount <= 0:
		raise ValueError(_("the guideline amount must be positive"))
	return (to_decimal(annual_income) * 100 / to_decimal(guideline_amount)).quantize(
		Decimal("0.1"), ROUND_HALF_UP
	)
