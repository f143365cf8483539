// The article page's correction form: select text, press Ctrl+Enter (or the button), fix, save:
// an event (delete, change, add), two actors (merge, split) or a span (boilerplate or not).
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

  function showFields() {
    const action = form.elements.action.value;
    form.querySelectorAll("[data-for]").forEach(function (el) {
      el.hidden = el.dataset.for.split(" ").indexOf(action) < 0;
    });
  }

  function selectedMention() {
    // the highlighted actor mention that holds the start of the selection, if any
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0) return null;
    let node = sel.getRangeAt(0).startContainer;
    while (node && node !== textBox && !(node.tagName === "A" && /ent-/.test(node.className))) node = node.parentNode;
    return node && node !== textBox && node.getAttribute("href").indexOf("/actors/") === 0 ? node : null;
  }

  function open() {
    const mention = selectedMention();
    selection = currentSelection();
    if (mention) {         // merge or split it: its actor's id, and the name as written
      form.elements.actor.value = decodeURIComponent(mention.getAttribute("href").slice("/actors/".length));
      form.elements.name.value = mention.textContent.replace(/^the /i, "");
    }
    document.getElementById("correct-selection").textContent = selection ? selection.text : "(none)";
    document.getElementById("correct-error").textContent = "";
    form.elements.token.value = sessionStorage.getItem("eventwire-token") || "";
    fillEvents();
    showFields();
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
    if (out.action === "mark_boilerplate" || out.action === "unmark_boilerplate") {
      out.boilerplate = out.action === "mark_boilerplate";
      out.action = "mark_boilerplate";
      if (selection) out.evidence = selection;
      return out;
    }
    if (out.action === "merge_actors" || out.action === "split_actor") {
      out.actor = f.actor.value.trim();
      if (out.action === "merge_actors") out.into = f.into.value.trim();
      else out.name = f.name.value.trim();
      if (selection) out.evidence = selection;
      return out;
    }
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
    const response = await post(body());
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
  async function post(payload) {
    const token = (form.elements.token.value || sessionStorage.getItem("eventwire-token") || "").trim();
    sessionStorage.setItem("eventwire-token", token);
    return fetch("/api/corrections", {
      method: "POST", credentials: "omit",
      headers: {"content-type": "application/json", "authorization": "Bearer " + token},
      body: JSON.stringify(payload),
    });
  }

  async function showLog() {
    // the article's corrections, each with an Undo button (built with textContent: nothing is parsed as HTML)
    const box = document.getElementById("correct-log");
    if (!box) return;
    const answer = await fetch("/api/corrections?article=" + encodeURIComponent(box.dataset.article));
    if (!answer.ok) return;
    const list = box.querySelector("ol");
    (await answer.json()).items.forEach(function (c) {
      const li = document.createElement("li");
      li.className = c.state;
      li.textContent = "#" + c.id + " " + c.at + " " + (c.who || "?") + ": " + c.action
        + (c.changes ? " " + JSON.stringify(c.changes) : "") + " (" + c.state + ")" + (c.note ? " — " + c.note : "");
      if (c.action !== "undo" && c.state !== "undone") {
        const undo = document.createElement("button");
        undo.type = "button";
        undo.textContent = "Undo";
        undo.addEventListener("click", async function () {
          const r = await post({action: "undo", correction_id: c.id});
          if (r.ok) window.location.reload();
          else li.append(" — " + r.status + " " + describe((await r.json().catch(function () { return {}; })).detail));
        });
        li.append(" ", undo);
      }
      list.appendChild(li);
    });
    box.querySelector("summary").textContent = "Corrections of this article (" + list.children.length + ")";
  }

  form.elements.action.addEventListener("change", showFields);
  showLog();
  document.getElementById("correct-open").addEventListener("click", open);
  document.getElementById("correct-cancel").addEventListener("click", function () { form.hidden = true; });
  form.addEventListener("submit", save);
})();
