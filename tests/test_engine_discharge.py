"""The discharge summary (issue 23 item 3): drafting from a case's facts, the client's copy and
the approval rules."""

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.discharge import (
	CLIENT_HEADINGS,
	KEYS,
	REQUIRED,
	DischargeFacts,
	approval_problems,
	client_copy,
	draft,
	draft_risk,
	missing_sections,
	risk_trend,
)

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).filter(str.strip)
goals = st.lists(
	st.fixed_dictionaries(
		{
			"goal": words,
			"measure": st.one_of(st.just(""), words),
			"status": st.sampled_from(["Not Started", "In Progress", "Achieved", "Not Achieved"]),
			"progress_notes": st.one_of(st.just(""), words),
		}
	),
	max_size=5,
)
referrals = st.lists(
	st.fixed_dictionaries(
		{
			"provider": words,
			"service": words,
			"status": st.sampled_from(["Draft", "Sent", "Accepted", "Declined", "Completed", "Cancelled"]),
			"outcome": st.one_of(st.just(""), words),
		}
	),
	max_size=5,
)
services = st.lists(
	st.fixed_dictionaries(
		{
			"service": words,
			"program": words,
			"quantity": st.integers(0, 50),
			"unit": words,
			"times": st.integers(1, 9),
		}
	),
	max_size=4,
)
risks = st.lists(
	st.fixed_dictionaries(
		{
			"risk_level": st.sampled_from(["Low", "Medium", "High", "Critical"]),
			"score": st.integers(0, 20),
			"changed_on": st.dates().map(str),
		}
	),
	max_size=4,
)
facts = st.builds(
	DischargeFacts,
	closure_reason=st.sampled_from(
		["Goals met", "Client withdrew", "Moved away", "Transferred to another agency"]
	),
	closure_notes=st.one_of(st.just(""), words),
	goals=goals.map(tuple),
	services=services.map(tuple),
	referrals=referrals.map(tuple),
	risk_history=risks.map(tuple),
	agency_name=words,
	agency_phone=st.sampled_from(["", "+12025550100"]),
	caseworker_name=words,
)


@given(facts)
def test_every_goal_and_referral_appears(f):
	sections = draft(f)
	for g in f.goals:
		assert " ".join(g["goal"].split()) in sections["goals_progress"]
	for r in f.referrals:
		assert " ".join(r["provider"].split()) in sections["referrals_outcomes"]
		if r["outcome"].strip():
			assert " ".join(r["outcome"].split()) in sections["referrals_outcomes"]
	for s in f.services:
		assert " ".join(s["service"].split()) in sections["services_delivered"]


@given(facts)
def test_no_required_section_is_empty_and_empty_ones_say_none(f):
	sections = draft(f)
	assert set(sections) == set(KEYS)
	assert missing_sections(sections) == []
	for key, items in (("goals_progress", f.goals), ("services_delivered", f.services),
		("referrals_outcomes", f.referrals), ("risk_summary", f.risk_history)):  # fmt: skip
		if not items:
			assert sections[key].startswith("None")


@given(facts, words)
def test_the_client_copy_never_holds_internal_notes_or_scores(f, secret):
	sections = draft(f)
	sections["internal_notes"] = "INTERNAL " + secret
	copy = client_copy(sections, "Ana")
	assert "INTERNAL" not in copy
	assert sections["risk_summary"] not in copy
	assert "Last risk level" not in copy and "(score " not in copy  # no level, no score
	for heading in CLIENT_HEADINGS.values():
		assert heading in copy


def test_a_case_with_nothing_still_reads_and_says_none():
	sections = draft(DischargeFacts(closure_reason="Moved away", agency_name="Northside Aid"))
	assert sections["reason_for_closure"] == "The case is closing: Moved away."
	assert sections["goals_progress"] == "None: no service plan goals were recorded."
	assert sections["referrals_outcomes"] == "None: no referrals were made."
	assert sections["services_delivered"] == "None: no services were recorded as delivered."
	assert sections["risk_summary"] == "None: no risk level was recorded."
	assert "phone none recorded" in sections["contacts"]


def test_goals_services_referrals_read_in_plain_words():
	f = DischargeFacts(
		closure_reason="Goals met",
		closure_notes="lease signed",
		goals=(
			{
				"goal": "Stable housing",
				"measure": "a lease",
				"status": "Achieved",
				"progress_notes": "signed in May",
			},
		),
		services=(
			{
				"service": "Food parcel",
				"program": "Pantry",
				"quantity": 6,
				"unit": "parcels",
				"times": 6,
				"first": "2026-01-02",
				"last": "2026-03-02",
			},
		),  # fmt: skip
		referrals=(
			{
				"provider": "City Housing",
				"service": "Rent help",
				"status": "Completed",
				"outcome": "Deposit paid",
			},
		),
		agency_phone="+12025550100",
		agency_name="Northside Aid",
		caseworker_name="Maria Lopez",
	)
	s = draft(f)
	assert s["reason_for_closure"] == "The case is closing: Goals met. lease signed."
	assert s["goals_progress"] == "- Stable housing: achieved (measured by a lease). Progress: signed in May."
	assert (
		s["services_delivered"] == "- Food parcel (Pantry): 6 parcels, 6 times from 2026-01-02 to 2026-03-02."
	)
	assert s["referrals_outcomes"] == "- City Housing, Rent help: completed. Outcome: Deposit paid."
	assert "Northside Aid: +12025550100" in s["contacts"] and "Maria Lopez" in s["contacts"]


def test_risk_history_tells_the_change():
	history = [
		{"risk_level": "Low", "score": 2, "changed_on": "2026-03-01"},
		{"risk_level": "High", "score": 9, "changed_on": "2026-01-01"},
	]
	text = draft_risk(history)
	assert text.startswith("Last risk level: Low (score 2), recorded on 2026-03-01.")
	assert "It fell over the case: High (2026-01-01) → Low (2026-03-01)." in text
	assert risk_trend(["Low", "Critical"]) == "rose"
	assert risk_trend(["Low"]) == ""


def test_follow_up_names_referrals_still_open():
	f = DischargeFacts(
		closure_reason="Client withdrew", referrals=({"provider": "Legal Aid", "status": "Accepted"},)
	)
	assert "Referrals still open will go on with: Legal Aid." in draft(f)["follow_up_plan"]


def test_no_closure_reason_leaves_the_section_empty_so_it_cannot_be_approved():
	sections = draft(DischargeFacts())
	assert sections["reason_for_closure"] == ""
	assert missing_sections(sections) == ["reason_for_closure"]


def full():
	return draft(DischargeFacts(closure_reason="Goals met"))


def test_approval_rules():
	sup = ["Case Supervisor"]
	assert approval_problems(full(), "Draft", "s@x", sup, "a@x") == []
	assert [c for c, _ in approval_problems(full(), "Draft", "s@x", sup, "s@x")] == ["own_summary"]
	assert [c for c, _ in approval_problems(full(), "Draft", "a@x", ["Caseworker"], "b@x")] == [
		"not_supervisor"
	]
	assert [c for c, _ in approval_problems(full(), "Approved", "s@x", sup, "a@x")] == ["not_draft"]
	gaps = {**full(), "follow_up_plan": "  ", "reason_for_closure": ""}
	assert approval_problems(gaps, "Draft", "s@x", sup, "a@x") == [
		("missing_sections", ("reason_for_closure", "follow_up_plan"))
	]


@given(st.sets(st.sampled_from(REQUIRED), min_size=1))
def test_any_required_section_left_out_blocks_approval(keys):
	sections = {**full(), **dict.fromkeys(keys, "")}
	problems = dict(approval_problems(sections, "Draft", "s@x", ["Case Supervisor"], "a@x"))
	assert set(problems["missing_sections"]) == set(keys)
