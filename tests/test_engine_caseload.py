from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.caseload import (
	caseload_view,
	counts,
	filter_caseload,
	matches_search,
	overdue,
	sort_by_urgency,
)

TODAY = date(2026, 3, 10)


def case(name, **kw):
	row = {
		"name": name,
		"client_name": kw.pop("client_name", f"Client {name}"),
		"phone": None,
		"workflow_state": "Active",
		"risk_level": None,
		"vulnerability_score": None,
		"next_visit": None,
		"next_reassessment_date": None,
	}
	row.update(kw)
	return row


def test_overdue_visit_and_reassessment():
	row = case("A", next_visit=TODAY - timedelta(days=2), next_reassessment_date=TODAY - timedelta(days=1))
	assert overdue(row, TODAY) == ("visit", "reassessment")
	assert overdue(case("B", next_visit=TODAY), TODAY) == ()
	assert overdue({**row, "workflow_state": "Closed"}, TODAY) == ()


def test_urgency_order():
	rows = [
		case("low-soon", risk_level="Low", next_visit=TODAY + timedelta(days=1)),
		case("closed", workflow_state="Closed", risk_level="Critical"),
		case("critical", risk_level="Critical", next_visit=TODAY + timedelta(days=20)),
		case("late-1", risk_level="Low", next_visit=TODAY - timedelta(days=1)),
		case("late-9", risk_level="Medium", next_visit=TODAY - timedelta(days=9)),
		case("unassessed", next_visit=TODAY + timedelta(days=2)),
		case("high", risk_level="High", next_visit=TODAY + timedelta(days=3)),
		case("low-later", risk_level="Low", next_visit=TODAY + timedelta(days=5)),
		case("low-none", risk_level="Low"),
	]
	assert [r["name"] for r in sort_by_urgency(rows, TODAY)] == [
		"late-9",
		"late-1",
		"critical",
		"high",
		"low-soon",
		"low-later",
		"low-none",
		"unassessed",
		"closed",
	]


def test_search_by_name_words_or_phone_digits():
	row = case("A", client_name="María José Núñez", phone="+12025550177")
	assert matches_search(row, "maría núñez")
	assert matches_search(row, "  ")
	assert matches_search(row, "555-0177")
	assert matches_search(row, "(202) 555 0177")
	assert not matches_search(row, "maria lopez")
	assert not matches_search(row, "555-9999")
	assert not matches_search(case("B", phone=None), "0177")


def test_filters():
	rows = [
		case("a", risk_level="High", next_visit=TODAY - timedelta(days=3)),
		case("b", risk_level="Low", workflow_state="Intake"),
		case("c", workflow_state="Closed", risk_level="High"),
		case("d"),
	]
	names = lambda kept: [r["name"] for r in kept]  # noqa: E731
	assert names(filter_caseload(rows, TODAY)) == ["a", "b", "d"]
	assert names(filter_caseload(rows, TODAY, state="Closed")) == ["c"]
	assert names(filter_caseload(rows, TODAY, risk="High")) == ["a"]
	assert names(filter_caseload(rows, TODAY, risk="none")) == ["d"]
	assert names(filter_caseload(rows, TODAY, overdue_only=True)) == ["a"]
	assert names(filter_caseload(rows, TODAY, state="Intake", risk="High")) == []
	view = caseload_view(rows, TODAY)
	assert view[0]["overdue"] == ["visit"] and view[0]["days_overdue"] == 3
	assert counts(rows, TODAY) == {"open": 3, "overdue": 1, "high_risk": 1}


risk = st.sampled_from([None, "Low", "Medium", "High", "Critical"])
state = st.sampled_from(["Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed"])
when = st.one_of(st.none(), st.integers(-30, 30).map(lambda d: TODAY + timedelta(days=d)))
rows = st.lists(
	st.builds(
		lambda i, r, s, v, score: case(
			f"C{i}", risk_level=r, workflow_state=s, next_visit=v, vulnerability_score=score
		),
		st.integers(0, 10_000),
		risk,
		state,
		when,
		st.one_of(st.none(), st.floats(0, 20)),
	),
	max_size=30,
	unique_by=lambda r: r["name"],
)


@given(rows)
def test_sorting_keeps_every_row_and_does_not_depend_on_input_order(rows):
	ordered = sort_by_urgency(rows, TODAY)
	assert sorted(r["name"] for r in ordered) == sorted(r["name"] for r in rows)
	assert sort_by_urgency(list(reversed(rows)), TODAY) == ordered


@given(rows)
def test_overdue_cases_come_before_the_rest_of_the_open_ones(rows):
	ordered = sort_by_urgency(rows, TODAY)
	flags = [
		bool(r["next_visit"] and r["next_visit"] < TODAY) for r in ordered if r["workflow_state"] != "Closed"
	]
	assert flags == sorted(flags, reverse=True)


@given(rows, risk, st.booleans())
def test_a_filter_only_narrows(rows, risk_level, overdue_only):
	everything = {r["name"] for r in filter_caseload(rows, TODAY)}
	narrowed = {r["name"] for r in filter_caseload(rows, TODAY, risk=risk_level, overdue_only=overdue_only)}
	assert narrowed <= everything
