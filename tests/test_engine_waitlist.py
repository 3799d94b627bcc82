from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.waitlist import (
	BY_SCORE,
	FIRST_COME,
	Entry,
	admit,
	expired,
	free_places,
	next_offers,
	order,
)

TODAY = date(2026, 12, 1)


def days_ago(n: int) -> date:
	return TODAY - timedelta(days=n)


def test_by_score_then_days_waiting_each_position_with_its_reason():
	entries = [
		Entry("ENR-3", days_ago(5), score=9),
		Entry("ENR-1", days_ago(40), score=4),
		Entry("ENR-2", days_ago(20), score=9),
		Entry("ENR-4", days_ago(60)),
	]
	positions = order(entries, BY_SCORE, TODAY)
	assert [(p.name, p.position) for p in positions] == [
		("ENR-2", 1),
		("ENR-3", 2),
		("ENR-1", 3),
		("ENR-4", 4),
	]
	assert positions[0].reason == "score 9, waiting 20 days (since 2026-11-11)"
	assert positions[3].reason == "no score yet, waiting 60 days (since 2026-10-02)"


def test_first_come_first_served():
	entries = [Entry("ENR-3", days_ago(5), score=9), Entry("ENR-1", days_ago(40), score=1)]
	positions = order(entries, FIRST_COME, TODAY)
	assert [p.name for p in positions] == ["ENR-1", "ENR-3"]
	assert positions[0].reason == "first come, first served: waiting 40 days (since 2026-10-22)"
	assert order([Entry("ENR-9", TODAY)], FIRST_COME, TODAY)[0].reason.endswith(
		"waiting 0 days (since 2026-12-01)"
	)


def test_a_supervisor_places_an_entry_with_a_reason_and_the_rest_keep_their_order():
	entries = [
		Entry("A", days_ago(30), score=8),
		Entry("B", days_ago(20), score=7),
		Entry("C", days_ago(10), score=2, pinned_position=1, pin_reason="Eviction on Friday"),
	]
	positions = order(entries, BY_SCORE, TODAY)
	assert [p.name for p in positions] == ["C", "A", "B"]
	assert positions[0].reason == "placed at position 1 by a supervisor: Eviction on Friday"
	# a position past the end puts the entry last
	far = [Entry("A", days_ago(3), score=1), Entry("Z", days_ago(1), pinned_position=9, pin_reason="r")]
	assert [p.name for p in order(far, FIRST_COME, TODAY)] == ["A", "Z"]


def test_unknown_policy_is_refused():
	with pytest.raises(ValueError):
		order([], "Loudest first", TODAY)


def test_capacity_arithmetic_and_admission():
	assert free_places(10, 6, 2) == 2
	assert free_places(10, 12, 0) == 0
	assert free_places(0, 50, 0) is None
	assert admit(10, 6, 2, 0) == ("Enrolled", "2 of 10 places free")
	assert admit(10, 8, 2, 0) == ("Waitlisted", "all 10 places taken (2 held by offers)")
	assert admit(10, 6, 0, 3) == ("Waitlisted", "3 already waiting for a place")
	assert admit(0, 99, 0, 0) == ("Enrolled", "the program has no limit on places")


def test_offers_go_to_the_next_without_one_and_expired_offers_pass_on():
	positions = order([Entry(n, days_ago(i)) for i, n in enumerate("EDCBA")], FIRST_COME, TODAY)
	assert [p.name for p in positions] == list("ABCDE")
	assert next_offers(positions, 2) == ["A", "B"]
	assert next_offers(positions, 2, offered=["A"]) == ["B", "C"]
	assert next_offers(positions, None) == list("ABCDE")
	assert next_offers(positions, 0) == []
	assert expired([("A", days_ago(1)), ("B", TODAY), ("C", TODAY + timedelta(days=3))], TODAY) == ["A"]
	# A's offer lapsed and A left the list: its place goes to the next
	still_waiting = [p for p in positions if p.name != "A"]
	assert next_offers(still_waiting, 1, offered=["B"]) == ["C"]


entries_strategy = st.lists(
	st.builds(
		Entry,
		name=st.text("ABCDEFGH", min_size=1, max_size=3),
		waiting_since=st.integers(min_value=0, max_value=400).map(days_ago),
		score=st.one_of(st.none(), st.integers(min_value=0, max_value=20).map(float)),
		pinned_position=st.one_of(st.none(), st.none(), st.integers(min_value=1, max_value=12)),
		pin_reason=st.just("urgent"),
	),
	max_size=12,
	unique_by=lambda e: e.name,
)


@given(entries_strategy, st.sampled_from([BY_SCORE, FIRST_COME]))
def test_the_order_is_a_permutation_numbered_from_one_with_a_reason_each(entries, policy):
	positions = order(entries, policy, TODAY)
	assert sorted(p.name for p in positions) == sorted(e.name for e in entries)
	assert [p.position for p in positions] == list(range(1, len(entries) + 1))
	assert all(p.reason for p in positions)
	assert order(list(reversed(entries)), policy, TODAY) == positions  # input order does not matter


@given(entries_strategy)
def test_unpinned_entries_follow_the_policy(entries):
	positions = order(entries, BY_SCORE, TODAY)
	by_name = {e.name: e for e in entries}
	free = [by_name[p.name] for p in positions if not by_name[p.name].pinned_position]
	keys = [(e.score is None, -(e.score or 0), e.waiting_since) for e in free]
	assert keys == sorted(keys)
	first_come = [
		by_name[p.name] for p in order(entries, FIRST_COME, TODAY) if not by_name[p.name].pinned_position
	]
	assert [e.waiting_since for e in first_come] == sorted(e.waiting_since for e in first_come)


@given(
	st.integers(min_value=0, max_value=30),
	st.integers(min_value=0, max_value=40),
	st.integers(min_value=0, max_value=10),
	st.integers(min_value=0, max_value=25),
)
def test_admitting_one_by_one_never_exceeds_capacity(capacity, arrivals, offers, waiting):
	"""Admit arrivals one at a time (as the program lock serialises them): enrolled never
	passes the places not held by offers."""
	enrolled = 0
	for _ in range(arrivals):
		status, _why = admit(capacity, enrolled, offers, waiting)
		if status == "Enrolled":
			enrolled += 1
		else:
			waiting += 1
	if capacity:
		assert enrolled <= max(0, capacity - offers)
		assert enrolled + offers <= max(capacity, offers)
