from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.eligibility import (
	BETWEEN,
	ELIGIBLE,
	FACTS,
	FAILED,
	IS_NO,
	IS_YES,
	NOT_ELIGIBLE,
	ONE_OF,
	PASSED,
	UNKNOWN,
	UNKNOWN_DECISION,
	Rule,
	evaluate,
	split_values,
	validate_rules,
)

INCOME = Rule("income_percent", BETWEEN, max_value=Decimal(200))
YOUTH = Rule("age", BETWEEN, min_value=Decimal(18), max_value=Decimal(24))
HIGH_RISK = Rule("risk_level", ONE_OF, values=("High", "Critical"))


def test_a_case_meeting_every_rule_is_eligible_with_a_reason_per_rule():
	decision = evaluate([INCOME, YOUTH], {"income_percent": 142, "age": 20})
	assert decision.status == ELIGIBLE
	assert [r.outcome for r in decision.results] == [PASSED, PASSED]
	assert (
		decision.results[0].reason
		== "Household income is 142% of the poverty guideline, at most 200% of the poverty guideline"
	)
	assert decision.results[1].reason == "The client's age is 20 years, within 18–24 years"


def test_a_failed_rule_says_by_how_much():
	decision = evaluate([INCOME, YOUTH], {"income_percent": 250, "age": 30})
	assert decision.status == NOT_ELIGIBLE
	assert "above the maximum 200%" in decision.results[0].reason
	assert "above the maximum 24 years" in decision.results[1].reason
	assert decision.summary.startswith("Not eligible: Household income is 250%")


def test_a_missing_fact_is_unknown_and_says_what_is_needed_never_not_eligible():
	decision = evaluate([INCOME, YOUTH, HIGH_RISK], {"income_percent": 100})
	assert decision.status == UNKNOWN_DECISION
	assert [r.outcome for r in decision.results] == [PASSED, UNKNOWN, UNKNOWN]
	assert decision.needs == ("the client's date of birth", "a risk level (from an assessment)")
	assert decision.results[1].reason == "Needs the client's date of birth"
	assert decision.summary == "Unknown: needs the client's date of birth, a risk level (from an assessment)."


def test_a_known_failure_is_not_rescued_by_a_missing_fact():
	decision = evaluate([INCOME, YOUTH], {"income_percent": 300})
	assert decision.status == NOT_ELIGIBLE


def test_an_or_group_passes_when_any_of_its_rules_passes():
	youth = Rule("age", BETWEEN, min_value=Decimal(18), max_value=Decimal(24), group="who")
	parent = Rule("children", BETWEEN, min_value=Decimal(1), group="who")
	rules = [INCOME, youth, parent]
	assert evaluate(rules, {"income_percent": 90, "age": 40, "children": 2}).status == ELIGIBLE
	assert evaluate(rules, {"income_percent": 90, "age": 40, "children": 0}).status == NOT_ELIGIBLE
	# one alternative fails, the other is not known: the group is unknown
	assert evaluate(rules, {"income_percent": 90, "age": 40}).status == UNKNOWN_DECISION
	# one alternative passes: the other's missing fact does not matter
	assert evaluate(rules, {"income_percent": 90, "age": 20}).status == ELIGIBLE


def test_no_rules_means_open_to_everyone():
	decision = evaluate([], {})
	assert decision.status == ELIGIBLE and decision.summary == "Eligible: the program has no criteria."


def test_choices_yes_no_and_checklist_items():
	rules = [
		HIGH_RISK,
		Rule("state", ONE_OF, values=split_values("OR, WA\nCA")),
		Rule("safe_to_text", IS_YES),
		Rule("ok_to_email", IS_NO),
		Rule("checklist", IS_YES, item="Photo ID seen"),
	]
	facts = {
		"risk_level": "High",
		"state": "wa",
		"safe_to_text": 1,
		"ok_to_email": 0,
		"checklist": {"Photo ID seen": True},
	}
	assert evaluate(rules, facts).status == ELIGIBLE
	decision = evaluate(rules, {**facts, "checklist": {}})
	assert decision.status == UNKNOWN_DECISION
	assert decision.results[-1].reason == "Needs the checklist item 'Photo ID seen' on the case"
	decision = evaluate(rules, {**facts, "risk_level": "Low", "safe_to_text": 0})
	assert decision.results[0].reason == "The risk level is Low, not one of High, Critical"
	assert decision.results[2].reason == "Safe to text: no, yes is required"


def test_rule_validation_names_each_problem():
	problems = validate_rules(
		[
			Rule("shoe_size", BETWEEN, max_value=Decimal(9)),
			Rule("age", BETWEEN, min_value=Decimal(30), max_value=Decimal(18)),
			Rule("age", ONE_OF, values=("20",)),
			Rule("income_percent", BETWEEN),
			Rule("risk_level", ONE_OF, values=("Severe",)),
			Rule("state", ONE_OF),
			Rule("checklist", IS_YES),
			INCOME,
		]
	)
	assert problems == [
		"Rule 1: unknown fact 'shoe_size'",
		"Rule 2: the minimum 30 is above the maximum 18",
		"Rule 3: the client's age takes the condition Between, not 'Is one of'",
		"Rule 4: give a minimum, a maximum or both",
		"Rule 5: Severe is not a risk level (Low, Medium, High, Critical)",
		"Rule 6: list the allowed values",
		"Rule 7: name the checklist item",
	]
	with pytest.raises(ValueError):
		evaluate([Rule("shoe_size", BETWEEN, max_value=Decimal(9))], {})


def test_rules_read_from_stored_rows():
	rule = Rule.from_row(
		{"fact": "age", "condition": "Between", "min_value": 18, "max_value": "", "rule_group": " a "}
	)
	assert rule == Rule("age", BETWEEN, min_value=Decimal(18), group="a")


NUMBER_FACTS = [name for name, fact in FACTS.items() if fact.kind == "number"]
bound = st.one_of(st.none(), st.integers(min_value=0, max_value=400).map(Decimal))


@st.composite
def number_rules(draw):
	low, high = draw(bound), draw(bound)
	if low is None and high is None:
		high = Decimal(100)
	if low is not None and high is not None and low > high:
		low, high = high, low
	return Rule(
		draw(st.sampled_from(NUMBER_FACTS)),
		BETWEEN,
		min_value=low,
		max_value=high,
		group=draw(st.sampled_from(["", "", "g1", "g2"])),
	)


facts_strategy = st.dictionaries(
	st.sampled_from(NUMBER_FACTS), st.one_of(st.none(), st.integers(min_value=0, max_value=500))
)


@given(st.lists(number_rules(), max_size=6), facts_strategy)
def test_a_missing_fact_never_turns_eligible_into_not_eligible(rules, facts):
	"""Removing a fact moves a decision only towards Unknown: Eligible stays Eligible or becomes
	Unknown, Not eligible stays Not eligible or becomes Unknown."""
	full = evaluate(rules, facts)
	for name in list(facts):
		partial = evaluate(rules, {k: v for k, v in facts.items() if k != name})
		assert partial.status in (full.status, UNKNOWN_DECISION)
		assert not (full.status == ELIGIBLE and partial.status == NOT_ELIGIBLE)


@given(st.lists(number_rules(), max_size=6), facts_strategy)
def test_every_rule_gets_a_result_and_unknown_rules_say_what_they_need(rules, facts):
	decision = evaluate(rules, facts)
	assert len(decision.results) == len(rules)
	for result in decision.results:
		assert result.reason
		assert (result.outcome == UNKNOWN) == bool(result.needs)
		assert (result.outcome == UNKNOWN) == (facts.get(result.rule.fact) is None)
	if decision.status == NOT_ELIGIBLE:
		assert any(r.outcome == FAILED for r in decision.results)
	if decision.status == ELIGIBLE:
		assert all(r.outcome != UNKNOWN or r.rule.group for r in decision.results)


@given(st.lists(number_rules(), max_size=6), st.integers(min_value=0, max_value=500))
def test_with_every_fact_known_the_decision_is_never_unknown(rules, value):
	decision = evaluate(rules, {name: value for name in NUMBER_FACTS})
	assert decision.status in (ELIGIBLE, NOT_ELIGIBLE)


def test_every_fact_has_a_label_for_the_form():
	from case_management.engine.eligibility import FACT_LABELS

	assert sorted(FACT_LABELS.values()) == sorted(FACTS)
	assert (
		Rule.from_row({"fact": "Risk level", "condition": "Is one of", "allowed_values": "High"}).fact
		== "risk_level"
	)


def test_a_bound_that_is_not_a_number_is_refused_not_dropped():
	from case_management.engine.eligibility import parse_bound

	assert parse_bound(" 200 ") == Decimal(200) and parse_bound("") is None and parse_bound(None) is None
	for bad in ("two hundred", "NaN", "inf"):
		with pytest.raises(ValueError):
			parse_bound(bad)
	with pytest.raises(ValueError):
		Rule.from_row({"fact": "Age", "condition": "Between", "min_value": "eighteen"})


@given(st.lists(number_rules(), max_size=6), st.lists(facts_strategy, max_size=5))
def test_deciding_many_cases_at_once_is_deciding_each(rules, many):
	from case_management.engine.eligibility import evaluate_many

	assert evaluate_many(rules, many) == [evaluate(rules, facts) for facts in many]


shared_facts = st.fixed_dictionaries(
	{
		"age": st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
		"household_size": st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
		"risk_level": st.sampled_from([None, "Low", "High"]),
		"checklist": st.dictionaries(st.sampled_from(["ID seen", "Consent signed"]), st.booleans()),
	}
)
mixed_rules = st.lists(
	st.one_of(
		st.builds(
			Rule,
			st.sampled_from(["age", "household_size"]),
			st.just(BETWEEN),
			min_value=st.sampled_from([None, Decimal(1), Decimal(2)]),
			max_value=st.just(Decimal(3)),
			group=st.sampled_from(["", "g"]),
		),
		st.builds(Rule, st.just("risk_level"), st.just("Is one of"), values=st.just(("High",))),
		st.builds(
			Rule, st.just("checklist"), st.just("Is yes"), item=st.sampled_from(["ID seen", "Consent signed"])
		),
	),
	max_size=4,
)


@given(mixed_rules, st.lists(shared_facts, min_size=2, max_size=30))
def test_cases_that_share_values_are_decided_as_each_alone(rules, many):
	"""Many cases share an age, a size or a checklist state: deciding them together (each
	distinct value checked once) gives each the decision it gets alone, reasons included."""
	from case_management.engine.eligibility import evaluate_many

	together = evaluate_many(rules, many)
	alone = [evaluate(rules, facts) for facts in many]
	assert together == alone
	assert [[r.reason for r in d.results] for d in together] == [[r.reason for r in d.results] for d in alone]
