// Shared by the Client and Case forms (hooks.py doctype_js): the household table and totals.
frappe.provide("case_management");

case_management.render_household = function (frm, client) {
	const field = frm.fields_dict.household_html;
	if (!field || !client || frm.is_new()) return;
	frappe
		.call({ method: "case_management.api.household.get_household", args: { client }, type: "GET" })
		.then(({ message: h }) => {
			const esc = frappe.utils.escape_html;
			const money = (v) => format_currency(v || 0);
			const rows = h.members
				.map(
					(m) => `<tr>
						<td><a href="/app/household-member/${encodeURIComponent(m.name)}">${esc(m.full_name || "")}</a></td>
						<td>${esc(__(m.relationship || ""))} <span class="text-muted">(${m.relationship_code ?? ""})</span></td>
						<td>${m.age ?? "—"}</td>
						<td class="text-right">${money(m.monthly_income)}</td>
					</tr>`
				)
				.join("");
			const percent =
				h.poverty_guideline_percent == null
					? __("no guideline for this year and region")
					: __("{0}% of the poverty guideline ({1})", [h.poverty_guideline_percent, esc(h.poverty_guideline_basis)]);
			const warnings = (h.warnings || [])
				.map((w) => `<div class="text-warning">${w === "no_self" ? __("No member is recorded as Self.") : __("More than one member is recorded as Self.")}</div>`)
				.join("");
			field.$wrapper.html(`
				<table class="table table-bordered table-sm">
					<thead><tr><th>${__("Member")}</th><th>${__("Relationship")}</th><th>${__("Age")}</th><th class="text-right">${__("Monthly income")}</th></tr></thead>
					<tbody>${rows || `<tr><td colspan="4" class="text-muted">${__("No household members recorded")}</td></tr>`}</tbody>
				</table>
				<div><b>${__("Household of {0}", [h.size])}</b>: ${money(h.monthly_income)} ${__("a month")}, ${money(h.annual_income)} ${__("a year")} — ${percent}</div>
				${warnings}
				<div class="mt-2"><a class="btn btn-xs btn-default" href="/app/household-member/new?client=${encodeURIComponent(client)}">${__("Add household member")}</a></div>
			`);
		});
};
