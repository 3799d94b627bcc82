// Shared by the Client, Case and Vulnerability Assessment forms (hooks.py doctype_js).
frappe.provide("case_management");

case_management.RISK_COLOURS = { Low: "green", Medium: "yellow", High: "orange", Critical: "red" };

// The engine's readable trace ("Domain 3/6", "  Q1 'text' Yes +1", ..., "Total 9: band ...") as HTML.
case_management.explanation_html = function (text) {
	if (!text) return "";
	const esc = frappe.utils.escape_html;
	const parts = [];
	let open = false;
	for (const raw of text.split("\n")) {
		if (!raw.trim()) continue;
		if (raw.startsWith("  ")) {
			const m = raw.trim().match(/^(\S+) '(.*)' (.*) \+(\d+)$/);
			if (!m) {
				parts.push(`<li>${esc(raw.trim())}</li>`);
				continue;
			}
			const [, code, question, answer, points] = m;
			const muted = points === "0" ? "text-muted" : "";
			parts.push(
				`<li class="${muted}"><span class="text-muted">${esc(code)}</span> ${esc(question)} — <b>${esc(answer)}</b>
				<span class="indicator-pill ${points === "0" ? "gray" : "orange"} ml-1">+${esc(points)}</span></li>`
			);
		} else if (raw.startsWith("Total")) {
			if (open) parts.push("</ul>");
			open = false;
			parts.push(`<div class="mt-2"><b>${esc(raw)}</b></div>`);
		} else {
			if (open) parts.push("</ul>");
			const m = raw.match(/^(.*) (\d+)\/(\d+)$/);
			const [label, got, max] = m ? [m[1], +m[2], +m[3]] : [raw, 0, 0];
			const width = max ? Math.round((100 * got) / max) : 0;
			parts.push(`<div class="mt-2 d-flex align-items-center">
				<b style="min-width: 14em">${esc(label)}</b>
				<div class="progress flex-grow-1 mx-2" style="height: 6px"><div class="progress-bar" style="width: ${width}%"></div></div>
				<span>${got} / ${max}</span></div><ul class="mb-1 small">`);
			open = true;
		}
	}
	if (open) parts.push("</ul>");
	return `<div class="case-score-explanation">${parts.join("")}</div>`;
};
