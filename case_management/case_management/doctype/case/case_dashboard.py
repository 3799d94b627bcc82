from frappe import _


def get_data():
	"""Connections on the Case form. Frappe counts these without record permissions, so only
	records whose visibility is exactly the case's are listed; case notes (some restricted to
	the caseworker and supervisor) are reached from the form's buttons instead."""
	return {
		"fieldname": "case",
		"transactions": [
			{"label": _("Assessment"), "items": ["Vulnerability Assessment", "Safety Alert"]},
			{"label": _("Care"), "items": ["Follow-up Visit", "Referral"]},
			{"label": _("Programs"), "items": ["Program Enrolment", "Service Delivery"]},
			{"label": _("Reporting"), "items": ["Monthly Case Summary"]},
		],
	}
