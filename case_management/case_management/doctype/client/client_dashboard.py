from frappe import _


def get_data():
	"""Connections on the Client form. Frappe counts these without record permissions, so only
	the household (visible exactly when the client is) is listed; the client's cases — which may
	sit in other caseloads — are shown by client.js from a permission-checked list."""
	return {
		"fieldname": "client",
		"transactions": [{"label": _("Household"), "items": ["Household Member"]}],
	}
