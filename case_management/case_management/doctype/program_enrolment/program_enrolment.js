// Copyright (c) 2026, case_management contributors
// For license information, please see license.txt

// The enrolment's actions, each a whitelisted method of api/programs.py (the status field is
// read-only: places change only under the program's lock).
const ENROLMENT_API = "case_management.api.programs.";

frappe.ui.form.on("Program Enrolment", {
	refresh(frm) {
		if (frm.is_new()) return;
		const doc = frm.doc;
		const act = (label, fn, group) => frm.add_custom_button(__(label), fn, group && __(group));
		if (doc.status === "Referred") act("Enrol", () => enrol(frm));
		if (doc.status === "Waitlisted" && doc.offer_status === "Offered") {
			act("Accept the place", () => call(frm, "answer_offer", { accept: 1 }), "Offer");
			act("Decline the place", () => call(frm, "answer_offer", { accept: 0 }), "Offer");
		}
		if (doc.status === "Waitlisted" && doc.offer_status !== "Offered") {
			act("Move on the waitlist", () => move(frm));
		}
		if (doc.status === "Enrolled") {
			act("Log a service", () => log_service(frm));
			act("Exit", () => exit_program(frm));
		}
		if (["Referred", "Waitlisted", "Enrolled"].includes(doc.status)) {
			act("Withdraw", () =>
				frappe.prompt(
					{ fieldname: "reason", label: __("Reason"), fieldtype: "Small Text", reqd: 1 },
					(v) => call(frm, "withdraw", v),
					__("Withdraw from {0}", [doc.program])
				)
			);
		}
		if (doc.eligibility_reasons) {
			const colour = { Eligible: "green", "Not eligible": "red", Unknown: "orange" }[doc.eligibility] || "gray";
			frm.set_intro(
				`<b>${frappe.utils.escape_html(__(doc.eligibility || ""))}</b><br>` +
					frappe.utils.escape_html(doc.eligibility_reasons).replace(/\n/g, "<br>"),
				colour
			);
		}
	},
});

function call(frm, method, args) {
	return frappe
		.call({ method: ENROLMENT_API + method, args: { enrolment: frm.doc.name, ...args }, freeze: true })
		.then(() => frm.reload_doc());
}

function enrol(frm) {
	if (frm.doc.eligibility === "Eligible") return call(frm, "enrol", {});
	frappe.prompt(
		{
			fieldname: "override_reason",
			label: __("Why enrol a client the criteria do not find eligible (supervisors)"),
			fieldtype: "Small Text",
			reqd: 1,
		},
		(v) => call(frm, "enrol", v),
		__("Enrol against the criteria")
	);
}

function move(frm) {
	frappe.prompt(
		[
			{ fieldname: "position", label: __("Position"), fieldtype: "Int", reqd: 1, default: 1 },
			{ fieldname: "reason", label: __("Reason"), fieldtype: "Small Text", reqd: 1 },
		],
		(v) => call(frm, "move_on_waitlist", v),
		__("Move on the waitlist")
	);
}

function exit_program(frm) {
	const destinations = frappe.meta.get_docfield("Program Enrolment", "exit_destination").options;
	frappe.prompt(
		[
			{ fieldname: "exit_date", label: __("Exit date"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
			{ fieldname: "destination", label: __("Destination (HMIS 3.12)"), fieldtype: "Select", options: destinations, reqd: 1 },
			{ fieldname: "notes", label: __("Notes"), fieldtype: "Small Text" },
		],
		(v) => call(frm, "exit_enrolment", v),
		__("Exit {0}", [frm.doc.program])
	);
}

function log_service(frm) {
	frappe.db.get_doc("Program", frm.doc.program).then((program) => {
		frappe.prompt(
			[
				{
					fieldname: "service",
					label: __("Service"),
					fieldtype: "Select",
					reqd: 1,
					options: program.services.map((s) => s.service).join("\n"),
				},
				{ fieldname: "delivered_on", label: __("Delivered on"), fieldtype: "Date", reqd: 1, default: frappe.datetime.get_today() },
				{ fieldname: "quantity", label: __("Quantity"), fieldtype: "Float", reqd: 1, default: 1 },
				{ fieldname: "note", label: __("Note"), fieldtype: "Small Text" },
			],
			(v) =>
				frappe
					.call({ method: ENROLMENT_API + "log_service", args: { enrolment: frm.doc.name, ...v }, freeze: true })
					.then((r) => frappe.show_alert({ message: __("Logged {0}", [r.message.name]), indicator: "green" })),
			__("Log a service")
		);
	});
}
