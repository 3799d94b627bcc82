# Copyright (c) 2026, case_management contributors
# For license information, please see license.txt

from frappe.model.document import Document

from case_management.engine.summary import MonthFacts, narrative


class MonthlyCaseSummary(Document):
	@property
	def narrative(self) -> str:
		"""A few sentences built from the stored figures (never stored itself)."""
		return narrative(
			MonthFacts(
				notes=self.notes_written or 0,
				visits_completed=self.visits_completed or 0,
				visits_missed=self.visits_missed or 0,
				risk_at_start=self.risk_at_start or None,
				risk_at_end=self.risk_at_end or None,
				score_change=self.score_change or 0,
				referrals_opened=self.referrals_opened or 0,
				referrals_completed=self.referrals_completed or 0,
				referrals_overdue=self.referrals_overdue or 0,
				services_delivered=self.services_delivered or 0,
				checklist_progress=self.checklist_progress or 0,
				goals_achieved=self.goals_achieved or 0,
				goals_total=self.goals_total or 0,
			)
		)
