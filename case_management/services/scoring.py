"""Bridge between Scoring Instrument documents and the engine's Instrument."""

import frappe

from case_management.engine.scoring import Band, Instrument, Question


def to_engine(doc) -> Instrument:
	"""Build the engine's view of a Scoring Instrument document (saved or not)."""
	options: dict[str, dict[str, int]] = {}
	for row in doc.answer_options:
		options.setdefault(row.question_code, {})[row.answer] = row.points or 0
	return Instrument(
		name=doc.name or doc.instrument_name,
		domains=[d.domain for d in doc.domains],
		questions=[Question(q.code, q.domain, q.question, options.get(q.code, {})) for q in doc.questions],
		bands=[Band(b.min_score or 0, b.max_score or 0, b.label, b.risk_level) for b in doc.bands],
	)


def published_instrument(name: str) -> Instrument:
	"""The engine instrument for a published Scoring Instrument, cached until it changes."""
	return to_engine(frappe.get_cached_doc("Scoring Instrument", name))
