"""Demo case notes written from the shipped templates (issue 23): about a third of a case's
open notes are DAP, SOAP, GIRP or home-visit notes, section by section."""

from case_management.engine.note_templates import note_text
from case_management.services.notes import note_html

STRUCTURED = [
	(
		"DAP",
		"Contact",
		"Rent arrears review",
		{
			"Data": "Client came to the office on {date} with her lease and two rent notices.",
			"Assessment": "Arrears are two months; the landlord has not started an eviction.",
			"Plan": "Apply for emergency rent help together within the week; call the landlord.",
		},
	),
	(
		"SOAP",
		"Phone call",
		"Check-in by phone",
		{
			"Subjective": 'Client said: "I sleep better since the new medication."',
			"Objective": "Call on {date}, 15 minutes; client answered all questions and kept the appointment.",
			"Assessment": "Sleep and mood goals are moving in the right direction.",
			"Plan": "Next call in two weeks; review with the clinic nurse.",
		},
	),
	(
		"GIRP",
		"Contact",
		"Job search goal",
		{
			"Goal": "Find part-time work within three months.",
			"Intervention": "Reviewed the CV together on {date} and listed three employers to contact.",
			"Response": "Client rewrote two lines of the CV and chose two employers.",
			"Plan": "Client sends two applications by Friday; we review the answers next visit.",
		},
	),
	(
		"Home visit",
		"Home visit",
		"Home visit",
		{
			"Visit": "Home visit, {date}. Present: client and her sister.",
			"Home and safety": "Heating works; smoke alarm fitted; no hazards seen.",
			"Discussed": "School enrolment for the youngest child and the benefits letter.",
			"Next steps": "Caseworker sends the enrolment form; next visit in four weeks.",
		},
	),
]


def structured_note(rng, when: str) -> tuple[str, str, str, list[dict], str]:
	"""(template, note type, subject, section rows, note html) for a note written on `when`."""
	template, note_type, subject, texts = rng.choice(STRUCTURED)
	rows = [{"heading": heading, "content": text.format(date=when)} for heading, text in texts.items()]
	return template, note_type, subject, rows, note_html(note_text(rows))
