// The article page's correction form: select text, press Ctrl+Enter (or the button), fix, save.
// Writes go to POST /api/corrections with the token in an Authorization header (never a cookie);
// the page reloads after a save, so the events list and highlights show the corrected events.
"use strict";

(function () {
  const form = document.getElementById("correct");
  const textBox = document.getElementById("text");
  if (!form || !textBox) return;
  let selection = null;            // {start, end, text} in article characters

  function offsetIn(node, offset) {
    const range = document.createRange();
    range.setStart(textBox, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function currentSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const r = sel.getRangeAt(0);
    if (!textBox.contains(r.startContainer) || !textBox.contains(r.endContainer)) return null;
    const start = offsetIn(r.startContainer, r.startOffset);
    const end = offsetIn(r.endContainer, r.endOffset);
    return end > start ? {start: start, end: end, text: textBox.textContent.slice(start, end)} : null;
  }

  function fillEvents() {
    const select = form.elements.event_id;
    select.textContent = "";
    let best = null;
    document.querySelectorAll("li[data-event]").forEach(function (li) {
      const opt = document.createElement("option");
      opt.value = li.dataset.event;
      opt.textContent = li.dataset.type + ": " + (li.querySelector("blockquote") || li).textContent.trim().slice(0, 80);
      select.appendChild(opt);
      const s = Number(li.dataset.start), e = Number(li.dataset.end);
      if (selection && best === null && s < selection.end && selection.start < e) best = li.dataset.event;
    });
    if (best !== null) select.value = best;
  }

  function open() {
    selection = currentSelection();
    document.getElementById("correct-selection").textContent = selection ? selection.text : "(none)";
    document.getElementById("correct-error").textContent = "";
    form.elements.token.value = sessionStorage.getItem("eventwire-token") || "";
    fillEvents();
    form.hidden = false;
    form.elements.action.focus();
  }

  function list(value) {
    return value.split(",").map(function (x) { return x.trim(); }).filter(Boolean);
  }

  function body() {
    const f = form.elements;
    const out = {article_id: form.dataset.article, action: f.action.value};
    if (f.note.value) out.note = f.note.value;
    if (out.action !== "add_event") out.event_id = f.event_id.value;
    if (out.action === "delete_event") return out;
    const event = {};
    ["type", "mode", "date", "location"].forEach(function (k) { if (f[k].value) event[k] = f[k].value; });
    ["actors", "recipients"].forEach(function (k) { if (f[k].value) event[k] = list(f[k].value); });
    out.event = event;
    if (out.action === "add_event" && selection) out.evidence = selection;
    return out;
  }

  function describe(detail) {
    if (!Array.isArray(detail)) return String(detail);
    return detail.map(function (d) { return d.loc.slice(1).join(".") + ": " + d.msg; }).join("; ");
  }

  async function save(ev) {
    ev.preventDefault();
    const token = form.elements.token.value.trim();
    sessionStorage.setItem("eventwire-token", token);
    const response = await fetch("/api/corrections", {
      method: "POST", credentials: "omit",
      headers: {"content-type": "application/json", "authorization": "Bearer " + token},
      body: JSON.stringify(body()),
    });
    if (response.ok) {
      window.location.reload();
      return;
    }
    const answer = await response.json().catch(function () { return {detail: response.statusText}; });
    document.getElementById("correct-error").textContent = response.status + " " + describe(answer.detail);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && form.hidden) {
      ev.preventDefault();
      open();
    }
  });
  document.getElementById("correct-open").addEventListener("click", open);
  document.getElementById("correct-cancel").addEventListener("click", function () { form.hidden = true; });
  form.addEventListener("submit", save);
})();
