"""Program eligibility in words: each rule's result as a reader reads it, in their language
(engine/i18n.py). The rules and the decision are engine/eligibility.py."""

from __future__ import annotations

from decimal import Decimal

from case_management.engine.eligibility import (
	CHECKLIST,
	FACTS,
	IS_YES,
	PASSED,
	UNKNOWN,
	Fact,
	Rule,
	RuleResult,
	show_number,
)
from case_management.engine.i18n import _


def needs_words(result: RuleResult) -> str:
	"""What would settle an unknown result, in the reader's language."""
	if result.needs == CHECKLIST:
		return _("the checklist item '{0}'").format(result.rule.item)
	return _(result.needs)


def _cap(text: str) -> str:
	return text[:1].upper() + text[1:]


def describe(result: RuleResult) -> str:
	"""A rule's result in words, in the reader's language: what the fact is, against what the
	rule asks."""
	rule, fact = result.rule, FACTS[result.rule.fact]
	if result.outcome == UNKNOWN:
		if rule.fact == CHECKLIST:
			return _("Needs the checklist item '{0}' on the case").format(rule.item)
		return _("Needs {0}").format(_(fact.needs))
	label = _("checklist item '{0}'").format(rule.item) if rule.fact == CHECKLIST else _(fact.label)
	label = _cap(label)
	if fact.kind == "number":
		return _number_reason(rule, fact, label, result.value)
	if fact.kind == "choice":
		listed = ", ".join(_(v) for v in rule.values)
		verb = _("{0} is {1}, one of {2}") if result.outcome == PASSED else _("{0} is {1}, not one of {2}")
		return verb.format(label, _(str(result.value)), listed)
	if result.outcome == PASSED:
		return (_("{0}: yes, as required") if result.value else _("{0}: no, as required")).format(label)
	if rule.condition == IS_YES:
		return _("{0}: no, yes is required").format(label)
	return _("{0}: yes, no is required").format(label)


def _number_reason(rule: Rule, fact: Fact, label: str, value) -> str:
	low, high = rule.min_value, rule.max_value
	unit = _(fact.unit)
	shown = unit.format(show_number(Decimal(value)))
	if low is not None and value < low:
		return _("{0} is {1}, below the minimum {2}").format(label, shown, unit.format(show_number(low)))
	if high is not None and value > high:
		return _("{0} is {1}, above the maximum {2}").format(label, shown, unit.format(show_number(high)))
	if low is not None and high is not None:
		within = unit.format(f"{show_number(low)}–{show_number(high)}")
		return _("{0} is {1}, within {2}").format(label, shown, within)
	if low is not None:
		return _("{0} is {1}, at least {2}").format(label, shown, unit.format(show_number(low)))
	return _("{0} is {1}, at most {2}").format(label, shown, unit.format(show_number(high)))
