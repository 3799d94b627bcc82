"""Program eligibility: criteria as rows of data, one decision with a reason per rule.

A program's criteria are rules such as "household income at most 200% of the poverty
guideline", "client aged 18 to 24", "risk level High or Critical", "checklist item 'Photo ID
seen' done". `evaluate(rules, facts)` checks each rule against what is known about a case and
answers:

- per rule: passed, failed or unknown, with the reason in words;
- overall: Eligible, Not eligible or Unknown.

A fact that is missing (no birth date, no household recorded, no assessment yet) makes its
rule *unknown* — "needs the client's date of birth" — never failed: nobody is turned away
for a gap in the record.

Rules are joined with AND. Rules that share a `group` label form one OR group: the group
passes when any of its rules passes. The decision follows three-valued logic: any failed
term makes the case Not eligible (a known failure cannot be rescued by a missing fact);
otherwise any unknown term makes it Unknown; otherwise Eligible. A program without rules is
open to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from case_management.engine.i18n import _, _lt

PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"
ELIGIBLE, NOT_ELIGIBLE, UNKNOWN_DECISION = "Eligible", "Not eligible", "Unknown"
DECISIONS = (ELIGIBLE, NOT_ELIGIBLE, UNKNOWN_DECISION)

BETWEEN, ONE_OF, IS_YES, IS_NO = "Between", "Is one of", "Is yes", "Is no"
CONDITIONS = (BETWEEN, ONE_OF, IS_YES, IS_NO)
RISK_LEVELS = ("Low", "Medium", "High", "Critical")
CHECKLIST = "checklist"


@dataclass(frozen=True)
class Fact:
	"""Its words are English templates, translated where a reason is written (engine/i18n.py)."""

	kind: str  # number | choice | yes/no
	label: str  # how a reason names it
	needs: str  # what is missing when it is unknown
	unit: str = "{0}"  # a number with its unit


FACTS: dict[str, Fact] = {
	"age": Fact("number", _lt("the client's age"), _lt("the client's date of birth"), _lt("{0} years")),
	"income_percent": Fact(
		"number",
		_lt("household income"),
		_lt("the household and its income"),
		_lt("{0}% of the poverty guideline"),
	),
	"household_size": Fact(
		"number", _lt("the household size"), _lt("the household members"), _lt("{0} people")
	),
	"children": Fact("number", _lt("children in the household"), _lt("the household members' birth dates")),
	"adults": Fact("number", _lt("adults in the household"), _lt("the household members' birth dates")),
	"vulnerability_score": Fact("number", _lt("the vulnerability score"), _lt("a vulnerability assessment")),
	"risk_level": Fact("choice", _lt("the risk level"), _lt("a risk level (from an assessment)")),
	"state": Fact("choice", _lt("the client's state"), _lt("the client's state")),
	"city": Fact("choice", _lt("the client's town"), _lt("the client's town")),
	"postal_code": Fact("choice", _lt("the client's postal code"), _lt("the client's postal code")),
	"ok_to_sms": Fact("yes/no", _lt("consent to text messages"), _lt("the client's consent to texts")),
	"ok_to_email": Fact("yes/no", _lt("consent to email"), _lt("the client's consent to email")),
	"safe_to_text": Fact("yes/no", _lt("safe to text"), _lt("whether it is safe to text the client")),
	CHECKLIST: Fact("yes/no", _lt("the checklist item"), _lt("the checklist item on the case")),
}
# What an admin picks in a Program Eligibility Rule row → the fact's name here.
FACT_LABELS: dict[str, str] = {
	"Income % of poverty guideline": "income_percent",
	"Age": "age",
	"Household size": "household_size",
	"Children in household": "children",
	"Adults in household": "adults",
	"Vulnerability score": "vulnerability_score",
	"Risk level": "risk_level",
	"State": "state",
	"Town": "city",
	"Postal code": "postal_code",
	"OK to text": "ok_to_sms",
	"OK to email": "ok_to_email",
	"Safe to text": "safe_to_text",
	"Checklist item": CHECKLIST,
}
CONDITIONS_FOR_KIND = {"number": (BETWEEN,), "choice": (ONE_OF,), "yes/no": (IS_YES, IS_NO)}


@dataclass(frozen=True)
class Rule:
	fact: str
	condition: str
	min_value: Decimal | None = None
	max_value: Decimal | None = None
	values: tuple[str, ...] = ()
	item: str = ""  # the checklist item, for fact "checklist"
	group: str = ""  # rules with the same non-empty group are OR'd

	@classmethod
	def from_row(cls, row: Mapping) -> Rule:
		"""A rule from a stored row (Program Eligibility Rule): blanks are None / empty."""
		fact = (row.get("fact") or "").strip()
		return cls(
			fact=FACT_LABELS.get(fact, fact),
			condition=(row.get("condition") or "").strip(),
			min_value=parse_bound(row.get("min_value")),
			max_value=parse_bound(row.get("max_value")),
			values=split_values(row.get("allowed_values") or ""),
			item=(row.get("checklist_item") or "").strip(),
			group=(row.get("rule_group") or "").strip(),
		)


@dataclass(frozen=True, slots=True)
class RuleResult:
	rule: Rule
	outcome: str  # passed | failed | unknown
	value: object = None  # the fact as checked (None when unknown)
	needs: str = ""  # for unknown: what would settle it

	@property
	def reason(self) -> str:
		"""The result in words (written when asked for: screening many cases decides first)."""
		from case_management.engine.eligibility_reasons import describe  # the words use FACTS below

		return describe(self)


class Decision:
	"""A program's decision for one case: Eligible, Not eligible or Unknown, and each rule's
	result. Read it, never change it: cases with the same results may share one. A plain class
	with slots rather than a frozen dataclass, which takes several times longer to make:
	screening makes one per case and program, hundreds of thousands a run."""

	__slots__ = ("status", "results")

	def __init__(self, status: str, results: tuple[RuleResult, ...]):
		self.status = status
		self.results = results

	def __eq__(self, other) -> bool:
		if not isinstance(other, Decision):
			return NotImplemented
		return (self.status, self.results) == (other.status, other.results)

	def __hash__(self) -> int:
		return hash((self.status, self.results))

	def __repr__(self) -> str:
		return f"Decision(status={self.status!r}, results={self.results!r})"

	@property
	def needs(self) -> tuple[str, ...]:
		"""What is missing, each once, in rule order (in the reader's language)."""
		from case_management.engine.eligibility_reasons import needs_words

		return tuple(dict.fromkeys(needs_words(r) for r in self.results if r.outcome == UNKNOWN))

	@property
	def summary(self) -> str:
		if not self.results:
			return _("Eligible: the program has no criteria.")
		if self.status == NOT_ELIGIBLE:
			failed = [r.reason for r in self.results if r.outcome == FAILED]
			return _("Not eligible: {0}.").format("; ".join(failed))
		if self.status == UNKNOWN_DECISION:
			return _("Unknown: needs {0}.").format(", ".join(self.needs))
		return _("Eligible: every criterion is met.")


def split_values(text: str) -> tuple[str, ...]:
	"""'High, Critical' or one per line → ('High', 'Critical'), blanks dropped."""
	parts = text.replace("\n", ",").split(",")
	return tuple(p.strip() for p in parts if p.strip())


def parse_bound(value) -> Decimal | None:
	"""A minimum or maximum as typed: blank is None; anything but a finite number raises
	ValueError (a rule must never quietly lose its bound)."""
	if value is None or str(value).strip() == "":
		return None
	try:
		number = Decimal(str(value).strip())
	except InvalidOperation:
		raise ValueError(_("{0} is not a number").format(repr(value))) from None
	if not number.is_finite():
		raise ValueError(_("{0} is not a number").format(repr(value)))
	return number


def _number(value) -> Decimal | None:
	if value is None or value == "":
		return None
	try:
		return Decimal(str(value))
	except InvalidOperation:
		return None


def show_number(value: Decimal) -> str:
	text = format(value.normalize(), "f")
	return text


def validate_rules(rules: Iterable[Rule]) -> list[str]:
	"""Why each rule cannot be used (empty when all are fine), as 'Rule n: ...' sentences."""
	return [
		_("Rule {0}: {1}").format(n, problem)
		for n, rule in enumerate(rules, start=1)
		for problem in rule_problems(rule)
	]


def rule_problems(rule: Rule) -> list[str]:
	"""Why one rule cannot be used (empty when it is fine)."""
	fact = FACTS.get(rule.fact)
	if fact is None:
		return [_("unknown fact {0}").format(repr(rule.fact))]
	if rule.condition not in CONDITIONS_FOR_KIND[fact.kind]:
		conditions = [_(c) for c in CONDITIONS_FOR_KIND[fact.kind]]
		allowed = conditions[0] if len(conditions) == 1 else _("{0} or {1}").format(*conditions)
		return [
			_("{0} takes the condition {1}, not {2}").format(_(fact.label), allowed, repr(rule.condition))
		]
	problems = []
	if rule.condition == BETWEEN:
		if rule.min_value is None and rule.max_value is None:
			problems.append(_("give a minimum, a maximum or both"))
		elif rule.min_value is not None and rule.max_value is not None and rule.min_value > rule.max_value:
			problems.append(
				_("the minimum {0} is above the maximum {1}").format(
					show_number(rule.min_value), show_number(rule.max_value)
				)
			)
	if rule.condition == ONE_OF:
		if not rule.values:
			problems.append(_("list the allowed values"))
		elif rule.fact == "risk_level":
			wrong = [v for v in rule.values if v not in RISK_LEVELS]
			if wrong:
				problems.append(
					_("{0} is not a risk level ({1})").format(
						", ".join(wrong), ", ".join(map(_, RISK_LEVELS))
					)
				)
	if rule.fact == CHECKLIST and not rule.item:
		problems.append(_("name the checklist item"))
	return problems


def check(rule: Rule, facts: Mapping) -> RuleResult:
	"""One rule against the facts. `facts` maps fact names to values (None or absent: not
	known); the checklist is facts['checklist'], a mapping of item → done."""
	fact = FACTS[rule.fact]
	if rule.fact == CHECKLIST:
		checklist = facts.get(CHECKLIST) or {}
		if rule.item not in checklist:
			return RuleResult(rule, UNKNOWN, None, CHECKLIST)
		value = checklist[rule.item]
	else:
		value = facts.get(rule.fact)
		if value is None or value == "":
			return RuleResult(rule, UNKNOWN, None, fact.needs)
	if fact.kind == "number":
		number = value if isinstance(value, int | Decimal) and not isinstance(value, bool) else _number(value)
		if number is None:
			return RuleResult(rule, UNKNOWN, None, fact.needs)
		low, high = rule.min_value, rule.max_value
		failed = (low is not None and number < low) or (high is not None and number > high)
		return RuleResult(rule, FAILED if failed else PASSED, number)
	if fact.kind == "choice":
		text = str(value)
		allowed = text.strip().casefold() in {v.casefold() for v in rule.values}
		return RuleResult(rule, PASSED if allowed else FAILED, text)
	return RuleResult(rule, PASSED if bool(value) == (rule.condition == IS_YES) else FAILED, bool(value))


def _combine(outcomes: Iterable[str], any_of: bool) -> str:
	"""AND (any_of=False) or OR (any_of=True) of passed / failed / unknown, Kleene style."""
	outcomes = list(outcomes)
	decisive, other = (PASSED, FAILED) if any_of else (FAILED, PASSED)
	if decisive in outcomes:
		return decisive
	if UNKNOWN in outcomes:
		return UNKNOWN
	return other


def evaluate(rules: Iterable[Rule], facts: Mapping) -> Decision:
	"""The decision for one case against one program's rules (validated first: see
	validate_rules; an invalid rule raises ValueError)."""
	return evaluate_many(rules, [facts])[0]


def evaluate_many(rules: Iterable[Rule], many_facts: Iterable[Mapping]) -> list[Decision]:
	"""`evaluate` for many cases against one program: the rules are validated once.

	A rule's result rests only on the one value it reads, and many cases share it (an age, a
	household size, a risk level). So the work goes rule by rule, not case by case: each rule
	reads its value from every case and checks each distinct value once; a case's results are
	then picked from those, and its status from its outcomes, which few combinations share.
	Results are frozen and shared between the cases with the same value."""
	rules = list(rules)
	problems = validate_rules(rules)
	if problems:
		raise ValueError("; ".join(problems))
	many_facts = many_facts if isinstance(many_facts, list) else list(many_facts)
	if not rules:
		return [_decide([], ()) for _ in many_facts]
	result_columns, outcome_columns = [], []  # per rule, each case's result and its outcome
	for rule in rules:
		values = _values(rule, many_facts)
		checked = {value: check(rule, _facts_with(rule, value)) for value in dict.fromkeys(values)}
		results = list(map(checked.__getitem__, values))
		result_columns.append(results)
		outcome_columns.append([r.outcome for r in results])
	groups = [r.group for r in rules]
	outcomes = list(zip(*outcome_columns, strict=True))
	statuses = {key: _status(groups, key) for key in set(outcomes)}  # few: 3 outcomes per rule
	return list(map(Decision, map(statuses.__getitem__, outcomes), zip(*result_columns, strict=True)))


def _values(rule: Rule, many_facts: list[Mapping]) -> list:
	"""What `rule` reads from each case: the fact's value, or for a checklist item whether
	the case has it and whether it is done."""
	if rule.fact == CHECKLIST:
		item = rule.item
		return [
			(item in checklist, checklist.get(item))
			for checklist in (f.get(CHECKLIST) or {} for f in many_facts)
		]
	fact = rule.fact
	return [f.get(fact) for f in many_facts]


def _facts_with(rule: Rule, value) -> dict:
	"""The least facts that give `rule` the value `_values` read (check reads nothing else)."""
	if rule.fact == CHECKLIST:
		present, done = value
		return {CHECKLIST: {rule.item: done} if present else {}}
	return {rule.fact: value}


def _decide(groups: list[str], results: tuple[RuleResult, ...]) -> Decision:
	return Decision(_status(groups, tuple(r.outcome for r in results)), results)


def _status(groups: list[str], outcomes: tuple[str, ...]) -> str:
	"""Eligible, Not eligible or Unknown from the rules' outcomes: the ungrouped rules and
	each OR group, combined with AND."""
	terms: dict[str, list[str]] = {}
	singles: list[str] = []
	for group, outcome in zip(groups, outcomes, strict=True):
		if group:
			terms.setdefault(group, []).append(outcome)
		else:
			singles.append(outcome)
	outcome = _combine(singles + [_combine(g, any_of=True) for g in terms.values()], any_of=False)
	return {PASSED: ELIGIBLE, FAILED: NOT_ELIGIBLE, UNKNOWN: UNKNOWN_DECISION}[outcome]
