import pytest
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.scoring import (
	Band,
	Instrument,
	Question,
	ScoringError,
	band_coverage_problems,
	instrument_problems,
	reusable_answers,
	score,
	unanswered_questions,
)


def yes_no(code, domain, text, points=1):
	return Question(code, domain, text, {"Yes": points, "No": 0})


SMALL = Instrument(
	"Test v1",
	["Housing history", "Wellness"],
	[
		yes_no("Q1", "Housing history", "Slept outside in the last month", 2),
		yes_no("Q2", "Housing history", "Evicted in the last year"),
		yes_no("Q12", "Wellness", "Chronic condition"),
	],
	[Band(0, 1, "0-1", "Low"), Band(2, 3, "2-3", "Medium"), Band(4, 4, "4", "High")],
)


def test_score_and_explanation():
	result = score(SMALL, {"Q1": "Yes", "Q2": "No", "Q12": "Yes"})
	assert result.total == 3
	assert [(d.domain, d.points, d.max_points) for d in result.domains] == [
		("Housing history", 2, 3),
		("Wellness", 1, 1),
	]
	assert (result.band, result.risk_level) == ("2-3", "Medium")
	assert result.explanation() == (
		"Housing history 2/3\n"
		"  Q1 'Slept outside in the last month' Yes +2\n"
		"  Q2 'Evicted in the last year' No +0\n"
		"Wellness 1/1\n"
		"  Q12 'Chronic condition' Yes +1\n"
		"Total 3: band 2-3 (Medium risk)"
	)


def test_unanswered_questions_are_listed():
	result = score(SMALL, {"Q1": "Yes"})
	assert result.unanswered == ("Q2", "Q12") and result.total == 2


@pytest.mark.parametrize("answers", [{"Q99": "Yes"}, {"Q1": "Maybe"}, {"Q1": "yes"}])
def test_answers_outside_the_instrument_are_refused(answers):
	with pytest.raises(ScoringError):
		score(SMALL, answers)


def test_instrument_problems():
	assert instrument_problems(SMALL) == []
	gap = Instrument("g", SMALL.domains, SMALL.questions, [Band(0, 1, "a", "Low"), Band(3, 4, "b", "High")])
	assert instrument_problems(gap) == ["No band covers scores 2 to 2."]
	overlap = Instrument(
		"o", SMALL.domains, SMALL.questions, [Band(0, 2, "a", "Low"), Band(2, 4, "b", "High")]
	)
	assert instrument_problems(overlap) == ["Bands 'a' and 'b' overlap."]
	short = Instrument("s", SMALL.domains, SMALL.questions, [Band(1, 3, "a", "Low")])
	assert instrument_problems(short) == ["No band covers scores 0 to 0.", "No band covers scores 4 to 4."]
	bad = Instrument(
		"b",
		["Wellness"],
		[yes_no("Q1", "Risks", "x"), Question("Q1", "Wellness", "y", {})],
		[Band(0, 1, "a", "Severe")],
	)
	problems = instrument_problems(bad)
	assert "Question code Q1 is used more than once." in problems
	assert any("domain 'Risks'" in p for p in problems)
	assert "Question Q1 has no answer options." in problems
	assert "Band 'a' has unknown risk level 'Severe'." in problems


@st.composite
def instruments(draw):
	domains = draw(st.lists(st.sampled_from(["A", "B", "C", "D"]), min_size=1, max_size=4, unique=True))
	questions = []
	for i in range(draw(st.integers(1, 12))):
		options = draw(
			st.dictionaries(
				st.sampled_from(["Yes", "No", "Sometimes", "Unknown"]), st.integers(0, 3), min_size=1
			)
		)
		questions.append(Question(f"Q{i}", draw(st.sampled_from(domains)), f"question {i}", options))
	low = sum(min(q.options.values()) for q in questions)
	high = sum(max(q.options.values()) for q in questions)
	cuts = sorted(draw(st.sets(st.integers(low + 1, high), max_size=3))) if high > low else []
	edges = [low, *cuts, high + 1]
	bands = [Band(a, b - 1, f"{a}-{b - 1}", "Low") for a, b in zip(edges, edges[1:], strict=False)]
	return Instrument("generated", domains, questions, bands)


@given(instruments(), st.data())
def test_total_within_range_and_equal_to_domain_sum(instrument, data):
	assert instrument_problems(instrument) == []
	answers = {q.code: data.draw(st.sampled_from(sorted(q.options))) for q in instrument.questions}
	result = score(instrument, answers)
	low, high = instrument.score_range()
	assert low <= result.total <= high
	assert result.total == sum(d.points for d in result.domains)
	assert all(0 <= d.points <= d.max_points for d in result.domains)
	assert not result.unanswered


@given(
	st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20)), min_size=1, max_size=5),
	st.integers(0, 5),
	st.integers(5, 25),
)
def test_coverage_check_agrees_with_brute_force(raw, low, high):
	"""Bands must tile one unbroken run of scores that includes low..high: every score from the
	lowest band start (or `low`) to the highest band end (or `high`) in exactly one band."""
	bands = [Band(min(a, b), max(a, b), f"b{i}", "Low") for i, (a, b) in enumerate(raw)]
	start = min(low, *(b.min_score for b in bands))
	end = max(high, *(b.max_score for b in bands))
	tiled = all(sum(1 for b in bands if b.min_score <= s <= b.max_score) == 1 for s in range(start, end + 1))
	assert (band_coverage_problems(bands, low, high) == []) == tiled


def test_a_reassessment_reuses_only_answers_the_instrument_still_offers():
	previous = {"Q1": "Yes", "Q2": "Maybe", "Q9": "Yes", "Q12": ""}
	assert reusable_answers(SMALL, previous) == {"Q1": "Yes"}
	assert list(reusable_answers(SMALL, {"Q12": "No", "Q1": "No"})) == ["Q1", "Q12"]  # question order


def test_unanswered_questions_come_with_their_text_in_order():
	missing = unanswered_questions(SMALL, {"Q2": "No", "Q12": ""})
	assert [(q.code, q.text) for q in missing] == [
		("Q1", "Slept outside in the last month"),
		("Q12", "Chronic condition"),
	]
	assert unanswered_questions(SMALL, {"Q1": "Yes", "Q2": "No", "Q12": "No"}) == []
