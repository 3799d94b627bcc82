"""Visit reminders shipped before the clients' links (#21): they gain the link to confirm, move
or cancel the visit. Only a text still exactly as shipped is replaced; an agency's own wording
is theirs to change (the new default is in setup/defaults/visit_notifications.json)."""

import frappe

from case_management.setup.install import load_default

# The reminder texts as shipped before the link, character for character.
PREVIOUS = {
	"Visit reminder (email)": (
		"{% if doc.client_language and doc.client_language.startswith('es') %}<p>Recordatorio: su cita "
		"es mañana{% if doc.scheduled_time %} a las {{ frappe.utils.format_datetime(doc.scheduled_time, "
		"'HH:mm') }}{% endif %}.</p>{% else %}<p>Reminder: your appointment is tomorrow{% if "
		"doc.scheduled_time %} at {{ frappe.utils.format_datetime(doc.scheduled_time, 'HH:mm') }}{% endif "
		"%}.</p>{% endif %}"
	),
	"Visit reminder (text)": (
		"{% if doc.client_language and doc.client_language.startswith('es') %}Recordatorio: su cita es "
		"mañana.{% else %}Reminder: your appointment is tomorrow.{% endif %}"
	),
}


def execute():
	shipped = {n["name"]: n["message"] for n in load_default("visit_notifications")}
	for name, previous in PREVIOUS.items():
		if frappe.db.get_value("Notification", name, "message") == previous:
			frappe.db.set_value("Notification", name, "message", shipped[name], update_modified=False)
