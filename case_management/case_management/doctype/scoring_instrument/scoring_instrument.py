# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from case_management.engine.scoring import instrument_problems
from case_management.services.scoring import to_engine

EDITABLE_WHEN_PUBLISHED = {"status", "modified", "modified_by"}


class ScoringInstrument(Document):
	def before_insert(self):
		if not self.version:
			self.version = 1

	def validate(self):
		self.validate_published_is_immutable()
		self.set_range()
		if self.status == "Published":
			self.validate_definition()
			if not self.published_on:
				self.published_on = now_datetime()

	def validate_published_is_immutable(self):
		before = self.get_doc_before_save()
		if not before or before.status == "Draft":
			return
		if self.status == "Draft":
			frappe.throw(_("A published instrument cannot go back to Draft. Make a new version instead."))
		changed = [
			df.label or df.fieldname
			for df in self.meta.fields
			if df.fieldname not in EDITABLE_WHEN_PUBLISHED
			and df.fieldtype not in ("Section Break", "Column Break")
			and _value(self, df) != _value(before, df)
		]
		if changed:
			frappe.throw(
				_("{0} is published and cannot be changed ({1}). Use New version to edit a copy.").format(
					frappe.bold(self.name), ", ".join(_(c) for c in changed)
				),
				title=_("Published instrument"),
			)

	def set_range(self):
		self.min_score, self.max_score = to_engine(self).score_range()

	def validate_definition(self):
		problems = instrument_problems(to_engine(self))
		if problems:
			frappe.throw(
				_("This instrument cannot be published yet:")
				+ "<ul>"
				+ "".join(f"<li>{frappe.utils.escape_html(p)}</li>" for p in problems)
				+ "</ul>",
				title=_("Instrument not ready"),
			)

	@frappe.whitelist()
	def new_version(self) -> str:
		"""Copy this instrument as the next Draft version and return its name."""
		frappe.has_permission("Scoring Instrument", "create", throw=True)
		latest = frappe.get_all(
			"Scoring Instrument",
			filters={"instrument_name": self.instrument_name},
			fields=["max(version) as v"],
		)[0].v
		copy = frappe.copy_doc(self)
		copy.update({"version": (latest or 0) + 1, "status": "Draft", "published_on": None})
		copy.insert()
		return copy.name


def _value(doc, df):
	"""A field's value for comparison; table rows by their own fields (empty, None and 0 alike)."""
	if df.fieldtype in ("Table", "Table MultiSelect"):
		fields = [
			f.fieldname
			for f in frappe.get_meta(df.options).fields
			if f.fieldtype not in ("Section Break", "Column Break")
		]
		return [tuple(row.get(f) or None for f in fields) for row in doc.get(df.fieldname)]
	return doc.get(df.fieldname) or None
