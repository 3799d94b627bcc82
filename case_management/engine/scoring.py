"""Vulnerability scoring: an instrument, a set of answers, and an explainable result.

An instrument has domains, questions (each in one domain, each with answer options worth
points) and bands that map a total score to a band label and a risk level. The score of an
assessment is the sum of the points of its answers; each domain's subtotal is reported next
to that domain's maximum, and a trace line per question says where every point came from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from case_management.engine.i18n import _

RISK_LEVELS = ("Low", "Medium", "High", "Critical")


class ScoringError(ValueError):
	"""Answers that do not fit the instrument (unknown question or answer)."""


@dataclass(frozen=True)
class Question:
	code: str
	domain: str
	text: str
	options: Mapping[str, int]  # answer -> points

	@property
	def max_points(self) -> int:
		return max(self.options.values()) if self.options else 0

	@property
	def min_points(self) -> int:
		return min(self.options.values()) if self.options else 0


@dataclass(frozen=True)
class Band:
	min_score: int
	max_score: int
	label: str
	risk_level: str


@dataclass(frozen=True)
class Instrument:
	name: str
	domains: Sequence[str]
	questions: Sequence[Question]
	bands: Sequence[Band]

	def score_range(self) -> tuple[int, int]:
		"""The lowest and highest total any complete set of answers can reach."""
		return sum(q.min_points for q in self.questions), sum(q.max_points for q in self.questions)

	def domain_max(self, domain: str) -> int:
		return sum(q.max_points for q in self.questions if q.domain == domain)


def instrument_problems(instrument: Instrument) -> list[str]:
	"""Everything wrong with an instrument's definition; an empty list means it can be used.

	Questions need a unique code, a known domain and at least one answer option; bands must
	name a known risk level and cover the whole score range with no gap and no overlap.
	"""
	problems: list[str] = []
	if not instrument.questions:
		problems.append(_("The instrument has no questions."))
	codes = [q.code for q in instrument.questions]
	for code in sorted({c for c in codes if codes.count(c) > 1}):
		problems.append(_("Question code {0} is used more than once.").format(code))
	for q in instrument.questions:
		if q.domain not in instrument.domains:
			problems.append(
				_("Question {0} is in domain {1}, which the instrument does not define.").format(
					q.code, repr(q.domain)
				)
			)
		if not q.options:
			problems.append(_("Question {0} has no answer options.").format(q.code))
	for band in instrument.bands:
		if band.risk_level not in RISK_LEVELS:
			problems.append(
				_("Band {0} has unknown risk level {1}.").format(repr(band.label), repr(band.risk_level))
			)
		if band.min_score > band.max_score:
			problems.append(_("Band {0} starts above where it ends.").format(repr(band.label)))
	if instrument.questions and not problems:
		problems += band_coverage_problems(instrument.bands, *instrument.score_range())
	return problems


def band_coverage_problems(bands: Sequence[Band], low: int, high: int) -> list[str]:
	"""Gaps and overlaps in `bands`, which must form one unbroken run of integer scores that
	includes `low`..`high` (a last band such as "12+" may reach past the highest score)."""
	if not bands:
		return [_("The instrument has no bands.")]
	problems = []
	gap = _("No band covers scores {0} to {1}.")
	ordered = sorted(bands, key=lambda b: (b.min_score, b.max_score))
	if ordered[0].min_score > low:
		problems.append(gap.format(low, ordered[0].min_score - 1))
	for before, after in zip(ordered, ordered[1:], strict=False):
		if after.min_score <= before.max_score:
			problems.append(_("Bands {0} and {1} overlap.").format(repr(before.label), repr(after.label)))
		elif after.min_score > before.max_score + 1:
			problems.append(gap.format(before.max_score + 1, after.min_score - 1))
	if ordered[-1].max_score < high:
		problems.append(gap.format(ordered[-1].max_score + 1, high))
	return problems


@dataclass(frozen=True)
class DomainScore:
	domain: str
	points: int
	max_points: int


@dataclass(frozen=True)
class TraceLine:
	"""Where one question's points came from."""

	domain: str
	code: str
	text: str
	answer: str | None
	points: int

	def __str__(self) -> str:
		"""The line in the reader's language (the instrument's own words through `_()` too, so
		an agency's Translation records show)."""
		answer = _("not answered") if self.answer is None else _(self.answer)
		return f"{self.code} '{_(self.text)}' {answer} +{self.points}"


@dataclass(frozen=True)
class ScoreResult:
	total: int
	domains: tuple[DomainScore, ...]
	band: str
	risk_level: str
	trace: tuple[TraceLine, ...]
	unanswered: tuple[str, ...] = field(default_factory=tuple)

	def explanation(self) -> str:
		"""The readable trace: each domain's subtotal and its questions, then the band.

		Wellness 3/6
		  Q12 'Has a chronic health condition' Yes +1
		  ...
		Total 9: band 8-11 (High risk)
		"""
		lines = []
		for d in self.domains:
			lines.append(f"{_(d.domain)} {d.points}/{d.max_points}")
			lines += [f"  {line}" for line in self.trace if line.domain == d.domain]
		total = _("Total {0}: band {1} ({2} risk)").format(self.total, self.band, _(self.risk_level))
		lines.append(total)
		return "\n".join(lines)


def score(instrument: Instrument, answers: Mapping[str, str]) -> ScoreResult:
	"""Score `answers` ({question code: chosen answer}) against `instrument`.

	An answer to a question the instrument does not have, or an answer that is not one of a
	question's options, raises ScoringError. Questions left unanswered score 0 and are listed
	in `unanswered` (a complete assessment has none).
	"""
	by_code = {q.code: q for q in instrument.questions}
	unknown = sorted(set(answers) - set(by_code))
	if unknown:
		raise ScoringError(_("not questions of this instrument: {0}").format(", ".join(unknown)))
	points: dict[str, int] = dict.fromkeys(instrument.domains, 0)
	trace: list[TraceLine] = []
	unanswered: list[str] = []
	for q in instrument.questions:
		answer = answers.get(q.code)
		if answer in (None, ""):
			unanswered.append(q.code)
			trace.append(TraceLine(q.domain, q.code, q.text, None, 0))
			continue
		if answer not in q.options:
			raise ScoringError(_("{0} is not an answer to question {1}").format(repr(answer), q.code))
		got = q.options[answer]
		points[q.domain] = points.get(q.domain, 0) + got
		trace.append(TraceLine(q.domain, q.code, q.text, answer, got))
	total = sum(points.values())
	band = band_for(instrument.bands, total)
	domains = tuple(DomainScore(d, points.get(d, 0), instrument.domain_max(d)) for d in instrument.domains)
	return ScoreResult(total, domains, band.label, band.risk_level, tuple(trace), tuple(unanswered))


def reusable_answers(instrument: Instrument, previous: Mapping[str, str | None]) -> dict[str, str]:
	"""The answers of an earlier assessment that a new one may start from: only those to a
	question `instrument` still asks, with an answer it still offers, in question order."""
	out: dict[str, str] = {}
	for q in instrument.questions:
		answer = previous.get(q.code)
		if answer not in (None, "") and answer in q.options:
			out[q.code] = answer
	return out


def unanswered_questions(instrument: Instrument, answers: Mapping[str, str | None]) -> list[Question]:
	"""The questions `answers` leaves without an answer, in the instrument's order."""
	return [q for q in instrument.questions if answers.get(q.code) in (None, "")]


def band_for(bands: Sequence[Band], total: int) -> Band:
	for band in bands:
		if band.min_score <= total <= band.max_score:
			return band
	raise ScoringError(_("no band covers a score of {0}").format(total))
