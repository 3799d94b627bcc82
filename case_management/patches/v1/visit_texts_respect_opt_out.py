"""Appointment texts shipped before opt-out (#21): their condition also asks that the client
has not replied STOP. An agency's own edits to the condition are kept; only the missing
clause is added."""

import frappe

SHIPPED_TEXTS = ("Visit booked (text)", "Visit reminder (text)")


def execute():
	for name in SHIPPED_TEXTS:
		condition = frappe.db.get_value("Notification", name, "condition")
		if condition is None or "sms_opted_out" in condition:
			continue
		frappe.db.set_value(
			"Notification",
			name,
			"condition",
			f"({condition}) and not doc.sms_opted_out",
			update_modified=False,
		)
