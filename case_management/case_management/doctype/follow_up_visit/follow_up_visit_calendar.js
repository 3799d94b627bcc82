// Frappe's calendar view of Follow-up Visits: a booked visit at its time, an unbooked one on its
// due date; coloured by status (api/visits.py): blue scheduled, orange overdue, green completed,
// red missed, grey cancelled. Each user sees only the visits they may see.
frappe.views.calendar["Follow-up Visit"] = {
	field_map: {
		start: "start",
		end: "end",
		id: "name",
		title: "title",
		allDay: "all_day",
		color: "color",
	},
	filters: [
		{ fieldtype: "Link", fieldname: "case", options: "Case", label: __("Case") },
		{
			fieldtype: "Select",
			fieldname: "status",
			options: "\nScheduled\nCompleted\nMissed\nCancelled",
			label: __("Status"),
		},
	],
	get_events_method: "case_management.api.visits.get_events",
	// Booking or moving a time sends the client a message: it is done on the visit, not by a drag.
	update_event(event, revert) {
		revert();
		frappe.show_alert({ message: __("Open the visit to book or move its time."), indicator: "blue" });
	},
};
