// The portal's note form: a template gives one textarea per section with its prompt, a visit
// opens the note with its date, mode and who was present, and the objectivity hints are asked
// of the server (api/notes.py, one source of truth) while the caseworker writes. Hints only
// advise: the note saves whatever they say. Events are delegated, so forms that the page
// brings up to date after a save keep working.
(() => {
	"use strict";
	const $ = (sel, root = document) => root.querySelector(sel);
	const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));
	const timers = new WeakMap();

	function el(tag, attrs = {}, text = "") {
		const node = document.createElement(tag);
		Object.entries(attrs).forEach(([k, v]) => node.setAttribute(k, v));
		if (text) node.textContent = text;
		return node;
	}

	async function fillDraft(form) {
		const box = $("[data-note-sections]", form);
		const free = $("[data-free-text]", form);
		const template = $("[data-note-template]", form)?.value || "";
		const visit = $("[data-note-visit]", form)?.value || "";
		const args = { case: form.elements.case.value, template, visit };
		let draft;
		try {
			draft = await window.cm.call("case_management.api.notes.note_draft", args, "GET");
		} catch (e) {
			const alert = $(".form-alert", form);
			if (alert) {
				alert.textContent = e.message;
				alert.hidden = false;
			}
			return;
		}
		if (draft.note_type && form.elements.note_type) form.elements.note_type.value = draft.note_type;
		box.replaceChildren(
			...draft.sections.map((s, i) => {
				const row = el("div", { "data-list-row": "", class: "note-section" });
				const id = `note-sec-${i}`;
				row.append(el("input", { type: "hidden", name: "heading", value: s.heading }));
				row.append(el("label", { for: id }, s.heading + (s.required ? " *" : "")));
				if (s.prompt) row.append(el("p", { class: "small muted", id: id + "-p" }, s.prompt));
				const area = el("textarea", { id, name: "content", rows: "3", "data-hint-source": "" });
				if (s.prompt) area.setAttribute("aria-describedby", id + "-p");
				area.value = s.content || "";
				row.append(area);
				return row;
			})
		);
		free.hidden = !!draft.sections.length;
		if (!draft.sections.length && draft.opening && !form.elements.note.value) form.elements.note.value = draft.opening;
		askHints(form);
	}

	function showHints(form, hints) {
		const box = $("[data-hints]", form);
		if (!box) return;
		if (!hints.length) {
			box.hidden = true;
			box.replaceChildren();
			return;
		}
		const list = el("ul", { class: "plain" });
		hints.forEach((h) => {
			const item = el("li", { "data-hint": h.phrase });
			item.append(el("b", {}, `“${h.found}”`), document.createTextNode(" — "));
			item.append(el("span", {}, `${box.dataset.instead} ${h.suggestion}`));
			list.append(item);
		});
		box.replaceChildren(el("p", { class: "small" }, box.dataset.title), list);
		box.hidden = false;
	}

	function askHints(form) {
		const box = $("[data-hints]", form);
		if (!box) return;
		clearTimeout(timers.get(form));
		timers.set(
			form,
			setTimeout(async () => {
				const text = $$("[data-hint-source]", form)
					.filter((t) => !t.closest("[hidden]"))
					.map((t) => t.value)
					.join("\n");
				if (!text.trim()) return showHints(form, []);
				try {
					const answer = await window.cm.call("case_management.api.notes.note_hints", { case: box.dataset.case, text });
					showHints(form, answer.hints || []);
				} catch (e) {
					/* advice only: a failed check never gets in the way of writing */
				}
			}, 600)
		);
	}

	document.addEventListener("change", (event) => {
		const form = event.target.closest("form[data-note-form]");
		if (form && event.target.matches("[data-note-template], [data-note-visit]")) fillDraft(form);
	});
	document.addEventListener("input", (event) => {
		const form = event.target.closest("form[data-note-form]");
		if (form && event.target.matches("[data-hint-source]")) askHints(form);
	});
})();
