# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from case_management.engine.messaging import empty_placeholders
from case_management.engine.phones import is_known_region


class CaseManagementSettings(Document):
	def validate(self):
		self.default_phone_region = (self.default_phone_region or "").strip().upper()
		if not is_known_region(self.default_phone_region):
			frappe.throw(
				_("{0} is not a two-letter country code we know, such as US or GB.").format(
					frappe.bold(frappe.utils.escape_html(self.default_phone_region))
				)
			)
		self.validate_poverty_guidelines()
		self.validate_safety_alert_text()

	def on_update(self):
		if self.has_value_changed("reassessment_interval_days"):
			reschedule_reassessments(self.reassessment_interval_days)

	def validate_safety_alert_text(self):
		"""Safety alerts are always on: their text must never go out with a setting left blank
		("Please call  as soon as you can"). Install seeds the settings before anyone can enter it."""
		if self.flags.installing:
			return
		values = {"agency_phone": self.agency_phone}
		if "agency_phone" in empty_placeholders(self.safety_alert_message, values):
			frappe.throw(
				_(
					"Set the agency phone for messages: the safety alert text asks the recipient to call it, and an alert must never go out with it blank."
				),
				title=_("Agency phone needed"),
			)

	def validate_poverty_guidelines(self):
		seen = set()
		for row in self.poverty_guidelines:
			key = (row.year, row.region)
			if key in seen:
				frappe.throw(
					_("Row {0}: the {1} guideline for {2} is listed twice.").format(
						row.idx, row.year, row.region
					)
				)
			seen.add(key)


def reschedule_reassessments(interval_days: int) -> None:
	"""Move every case's reassessment date to the new interval, in one statement."""
	if interval_days and interval_days > 0:
		frappe.db.sql(
			"""update `tabCase` set next_reassessment_date = date_add(last_assessment_date, interval %s day)
			where last_assessment_date is not null""",
			(int(interval_days),),
		)
	else:
		frappe.db.sql("update `tabCase` set next_reassessment_date = null")
