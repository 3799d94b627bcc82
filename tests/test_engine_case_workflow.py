from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.case_workflow import (
	CaseFacts,
	Missing,
	activation_blockers,
	blockers_for_state,
	checklist_progress,
	incomplete_required_items,
)

rows = st.lists(
	st.fixed_dictionaries(
		{"item": st.text(min_size=1, max_size=20), "is_required": st.booleans(), "completed": st.booleans()}
	)
)


def test_everything_missing():
	facts = CaseFacts(
		checklist=(
			{"item": "Consent", "is_required": 1, "completed": 0},
			{"item": "Docs", "is_required": 0, "completed": 0},
		)
	)
	assert activation_blockers(facts) == [
		Missing("checklist_incomplete", ("Consent",)),
		Missing("no_assessment"),
		Missing("no_referral"),
	]


def test_no_referral_needed_requires_a_reason():
	facts = CaseFacts(has_assessment=True, no_referral_needed=True, no_referral_reason="  ")
	assert activation_blockers(facts) == [Missing("no_referral_reason")]
	assert (
		activation_blockers(
			CaseFacts(has_assessment=True, no_referral_needed=True, no_referral_reason="Served in-house")
		)
		== []
	)


def test_a_referral_is_enough():
	assert activation_blockers(CaseFacts(has_assessment=True, referral_count=1)) == []


def test_rules_belong_to_states():
	assert blockers_for_state("Monitoring", CaseFacts()) == []
	assert blockers_for_state(None, CaseFacts()) == []
	assert blockers_for_state("Closed", CaseFacts()) == [
		Missing("no_closure_reason"),
		Missing("no_discharge_summary"),
	]
	assert blockers_for_state("Closed", CaseFacts(closure_reason="Goals met", discharge_summary="Draft")) == [
		Missing("discharge_summary_not_approved")
	]
	assert (
		blockers_for_state("Closed", CaseFacts(closure_reason="Goals met", discharge_summary="Approved"))
		== []
	)
	assert blockers_for_state("Active", CaseFacts()) == activation_blockers(CaseFacts())


@given(rows, st.booleans(), st.integers(0, 3), st.booleans(), st.text(max_size=5))
def test_active_allowed_exactly_when_every_condition_holds(checklist, assessed, referrals, no_ref, reason):
	facts = CaseFacts(tuple(checklist), assessed, referrals, no_ref, reason)
	allowed = (
		not any(r["is_required"] and not r["completed"] for r in checklist)
		and assessed
		and (referrals > 0 or (no_ref and reason.strip() != ""))
	)
	assert (activation_blockers(facts) == []) == allowed


@given(rows)
def test_progress_is_a_percentage(checklist):
	progress = checklist_progress(checklist)
	assert 0 <= progress <= 100
	if checklist and all(r["completed"] for r in checklist):
		assert progress == 100
	if not any(r["completed"] for r in checklist):
		assert progress == 0


@given(rows)
def test_incomplete_required_items_keeps_order(checklist):
	expected = tuple(r["item"] for r in checklist if r["is_required"] and not r["completed"])
	assert incomplete_required_items(checklist) == expected


def test_one_open_case_per_client_unless_a_supervisor_says_why():
	from case_management.engine.case_workflow import second_case_problem

	assert second_case_problem(0, ["Caseworker"], None) is None
	assert second_case_problem(1, ["Caseworker"], "the client asked") == "open case"
	assert second_case_problem(2, ["Case Supervisor"], "  ") == "reason"
	assert second_case_problem(1, ["Case Supervisor"], "Court ordered a separate case") is None
	assert second_case_problem(1, ["Case Management Admin"], "Split household") is None


def test_a_step_says_what_it_changes():
	from case_management.engine.case_workflow import step_effects

	assert step_effects("Intake", "Assessment", True) == ["nobody_notified"]
	assert step_effects("Assessment", "Active", True) == ["visits_start"]
	assert step_effects("Assessment", "Active", False) == ["visits_start", "caseworker_notified"]
	assert step_effects("Active", "Monitoring", True) == ["visits_continue", "nobody_notified"]
	assert step_effects("Monitoring", "Active", False) == ["visits_continue", "caseworker_notified"]
	assert step_effects("Active", "On Hold", True) == ["visits_stop", "nobody_notified"]
	assert step_effects("On Hold", "Active", True) == ["visits_start"]
	assert step_effects("Monitoring", "Closed", False) == [
		"visits_stop",
		"closure_recorded",
		"nobody_notified",
	]
	assert step_effects("Closed", "Assessment", False) == ["closure_cleared", "nobody_notified"]
