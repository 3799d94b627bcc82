"""The service plan as a document (issue 23): every goal, enrolment and referral of the case
appears, nothing internal does, and an empty part says so in words."""

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.service_plan import GOAL_FIELDS, SECTIONS, PlanFacts, build

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=30).filter(str.strip)
maybe = st.one_of(st.just(""), words)
INTERNAL = "INTERNAL-SECRET"
goals = st.lists(
	st.fixed_dictionaries(
		{
			"goal": words,
			"measure": maybe,
			"target_date": st.one_of(st.just(""), st.just("2027-03-01")),
			"status": st.sampled_from(["Not Started", "In Progress", "Achieved", "Not Achieved"]),
			"progress_notes": maybe,
			"responsible": st.one_of(st.sampled_from(["Client", "Caseworker"]), maybe),
			"in_my_words": maybe,
			# fields a goal row carries that the document must not copy
			"owner": st.just(INTERNAL),
			"modified_by": st.just(INTERNAL),
		}
	),
	max_size=5,
)
enrolments = st.lists(
	st.fixed_dictionaries(
		{
			"name": st.uuids().map(str),
			"program": words,
			"status": st.sampled_from(["Referred", "Waitlisted", "Enrolled", "Exited"]),
			"entry_date": st.just("2027-01-05"),
			"exit_date": st.just(""),
			"eligibility_reasons": st.just(INTERNAL),
			"waitlist_reason": st.just(INTERNAL),
		}
	),
	max_size=4,
)
referrals = st.lists(
	st.fixed_dictionaries(
		{
			"provider": words,
			"service": maybe,
			"status": st.sampled_from(["Draft", "Sent", "Accepted", "Declined", "Completed"]),
			"outcome": maybe,
			"reason": st.just(INTERNAL),
			"urgency": st.just(INTERNAL),
		}
	),
	max_size=5,
)


def section(sections, key):
	return next(s for s in sections if s["key"] == key)


@given(goals, enrolments, referrals)
def test_every_goal_enrolment_and_referral_appears_and_nothing_internal(gs, es, rs):
	deliveries = tuple(
		{"enrolment": e["name"], "program": e["program"], "service": "Meals", "quantity": 3, "unit": "Meal"}
		for e in es
	)
	sections = build(
		PlanFacts(goals=tuple(gs), enrolments=tuple(es), deliveries=deliveries, referrals=tuple(rs))
	)
	assert [s["key"] for s in sections] == [key for key, *_ in SECTIONS]
	got_goals = section(sections, "goals")["items"]
	assert [g["what"] for g in got_goals] == [" ".join(g["goal"].split()) for g in gs]
	assert all(set(g) == set(GOAL_FIELDS) for g in got_goals)
	for given_goal, got in zip(gs, got_goals, strict=True):
		assert got["in_my_words"] == given_goal["in_my_words"].strip()
		assert got["who"] == " ".join(given_goal["responsible"].split())
	services = section(sections, "services")["items"]
	assert [s["program"] for s in services] == [" ".join(e["program"].split()) for e in es]
	assert all(s["delivered"][0]["amount"] == "3 Meal" for s in services)
	assert [r["provider"] for r in section(sections, "referrals")["items"]] == [
		" ".join(r["provider"].split()) for r in rs
	]
	assert INTERNAL not in repr(sections)
	for s in sections:
		assert bool(s["empty"]) == (not s["items"])


def test_an_empty_plan_says_so_in_words():
	sections = build(PlanFacts())
	assert [s["empty"] for s in sections] == [
		"No goals are written down yet.",
		"No programs or services are recorded yet.",
		"No referrals have been made yet.",
	]
	assert all(s["items"] == [] for s in sections)


def test_services_outside_an_enrolment_are_kept_under_their_program():
	sections = build(
		PlanFacts(
			enrolments=({"name": "PE-1", "program": "Shelter", "status": "Enrolled"},),
			deliveries=(
				{
					"enrolment": "PE-1",
					"program": "Shelter",
					"service": "Bed night",
					"quantity": 12,
					"unit": "Night",
					"times": 12,
				},
				{"enrolment": None, "program": "Food", "service": "Pantry", "quantity": 2.5, "unit": "Box"},
			),
		)
	)
	shelter, food = section(sections, "services")["items"]
	assert shelter["delivered"][0] == {
		"service": "Bed night",
		"amount": "12 Night",
		"times": 12,
		"first": "",
		"last": "",
	}
	assert food["program"] == "Food" and food["delivered"][0]["amount"] == "2.5 Box"


def test_a_goal_keeps_the_clients_words_as_written():
	words_ = "I want my own place\nnear my kids' school"
	(goal,) = section(build(PlanFacts(goals=({"goal": "Stable housing", "in_my_words": words_},))), "goals")[
		"items"
	]
	assert goal["in_my_words"] == words_ and goal["status"] == "Not Started" and goal["who"] == ""
