// dxa review: the report page. Edits are sent to the preview API as you type; the
// interpretation and both letters come back and are shown; Approve writes the final letters.
// Only textContent is set from data (never innerHTML); letters sit in sandboxed frames.
"use strict";

(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const token = document.querySelector('meta[name="dxa-token"]').content;
  const form = document.getElementById("review-form");
  const rows = document.getElementById("measurement-rows");
  const message = document.getElementById("message");
  const frame = document.getElementById("letter");
  const original = data.record.measurements;
  let letters = {};
  let shown = "physician";
  let timer = null;
  let sequence = 0;

  function numberOrNull(text) {
    const cleaned = text.trim().replace("\u2212", "-");
    if (cleaned === "") return null;
    const value = Number(cleaned);
    return Number.isFinite(value) ? value : cleaned; // a non-number is refused by the server
  }

  function measurements() {
    return Array.from(rows.querySelectorAll("tr.measurement")).map((row) => {
      const index = row.dataset.index;
      const base = index === "new" ? { provenance: "reported" } : Object.assign({}, original[Number(index)]);
      const field = (name) => row.querySelector(`[name="${name}"]`).value;
      base.site = field("site");
      base.side = field("side") || null;
      base.region = field("region").trim() || null;
      const before = index === "new" ? {} : original[Number(index)];
      for (const name of ["bmd", "t_score", "z_score"]) base[name] = numberOrNull(field(name));
      if (before.provenance === "derived") {
        if (base.t_score !== before.t_score) {
          base.provenance = "reported"; base.reference = null; // typed in by the person
        } else if (base.bmd !== before.bmd) {
          base.t_score = null; base.provenance = "reported"; base.reference = null; // derived anew
        }
      }
      return base;
    });
  }

  function fractures(text) {
    const cleaned = text.trim().toLowerCase();
    if (cleaned === "") return null;
    if (cleaned === "none") return [];
    return cleaned.split(",").map((part) => {
      const [site, years] = part.split(":").map((s) => s.trim());
      return years ? { site: site, years_ago: numberOrNull(years) } : { site: site };
    });
  }

  function context() {
    const value = (name) => form.elements[name].value.trim();
    const result = {};
    for (const name of ["sex", "menopausal_status", "on_treatment"]) result[name] = value(name) || null;
    for (const name of ["age", "glucocorticoids_mg_per_day", "glucocorticoid_months", "height_loss_cm", "falls_last_year"]) {
      result[name] = numberOrNull(value(name));
    }
    const major = numberOrNull(value("frax_major"));
    const hip = numberOrNull(value("frax_hip"));
    result.frax = major === null && hip === null ? null : { major_osteoporotic: major, hip: hip };
    result.fractures = fractures(value("fractures"));
    return result;
  }

  function body(withReviewer) {
    const payload = { measurements: measurements(), context: context() };
    if (withReviewer) payload.reviewer = form.elements.reviewer.value.trim();
    return JSON.stringify(payload);
  }

  async function post(path, payload) {
    const response = await fetch(`/api/reports/${data.id}/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: payload,
      credentials: "same-origin",
    });
    return { status: response.status, json: await response.json() };
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  const words = (code) => (code || "—").replace(/_/g, " ");

  function showInterpretation(interpretation) {
    const box = document.getElementById("interpretation");
    box.replaceChildren();
    if (interpretation.needs_review) {
      const held = element("div", undefined, "still-held");
      held.append(element("strong", "Still held: "));
      held.append(document.createTextNode(interpretation.review_reasons.map((r) => r.text).join(" ")));
      box.append(held);
    }
    const list = element("dl", undefined, "summary");
    const site = interpretation.diagnostic_site;
    const facts = [
      ["Classification", words(interpretation.classification)],
      ["Basis", interpretation.basis || "—"],
      ["Diagnostic site", site ? [words(site.site), site.side, site.region].filter(Boolean).join(" ") : "—"],
      ["Risk", words(interpretation.risk_category)],
      ["Treatment", words(interpretation.treatment_decision) + (interpretation.first_line ? ` (${interpretation.first_line} first)` : "")],
      ["Repeat DXA", interpretation.repeat_dxa_months ? `${interpretation.repeat_dxa_months} months` : "—"],
    ];
    for (const [term, value] of facts) { list.append(element("dt", term)); list.append(element("dd", value)); }
    box.append(list);
    if (interpretation.recommendations.length) {
      const recs = element("ul", undefined, "recommendations");
      for (const r of interpretation.recommendations) recs.append(element("li", `${r.text} (${r.source})`));
      box.append(recs);
    }
  }

  function showLetter(name) {
    shown = letters[name] ? name : "physician";
    for (const tab of document.querySelectorAll('[role="tab"]')) {
      const selected = tab.dataset.letter === shown;
      tab.setAttribute("aria-selected", String(selected));
      tab.disabled = !letters[tab.dataset.letter];
      tab.title = tab.disabled ? "No patient letter while the report is held" : "";
    }
    frame.srcdoc = letters[shown] || "";
  }

  async function recompute() {
    const mine = ++sequence;
    const { status, json } = await post("preview", body(false));
    if (mine !== sequence) return; // a newer edit is on its way
    if (status !== 200) { say(json.error, "error", "preview"); return; }
    if (message.dataset.from === "preview") say("", "", "");
    showInterpretation(json.interpretation);
    letters = json.letters;
    showLetter(shown);
  }

  function say(text, kind, from) {
    message.textContent = text;
    message.className = kind;
    message.dataset.from = from;
  }

  function soon() { clearTimeout(timer); timer = setTimeout(recompute, 300); }

  function highlight(key, on) {
    for (const node of document.querySelectorAll("[data-keys]")) {
      if (node.dataset.keys.split(" ").includes(key)) node.classList.toggle("lit", on);
    }
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
  for (const type of ["focusin", "mouseover"]) {
    form.addEventListener(type, (event) => { if (event.target.dataset.key) highlight(event.target.dataset.key, true); });
  }
  for (const type of ["focusout", "mouseout"]) {
    form.addEventListener(type, (event) => { if (event.target.dataset.key) highlight(event.target.dataset.key, false); });
  }
  rows.addEventListener("click", (event) => {
    if (event.target.classList.contains("remove")) { event.target.closest("tr").remove(); soon(); }
  });
  document.getElementById("add-row").addEventListener("click", () => {
    const row = document.getElementById("new-row").content.firstElementChild.cloneNode(true);
    rows.append(row);
    row.querySelector("select").focus();
  });
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.addEventListener("click", () => showLetter(tab.dataset.letter));
  }
  document.getElementById("print").addEventListener("click", () => frame.contentWindow.print());

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.elements.reviewer.value.trim()) {
      say("Give your name as the reviewer before approving.", "error", "approve");
      form.elements.reviewer.focus();
      return;
    }
    const button = document.getElementById("approve");
    button.disabled = true;
    say("Writing the final letters…", "", "approve");
    const { status, json } = await post("approve", body(true));
    button.disabled = false;
    if (status !== 200) { say(json.error, "error", "approve"); return; }
    const badge = document.getElementById("status-badge");
    badge.textContent = "Approved"; badge.className = "badge status-approved";
    const count = json.changes.length;
    say(`Approved by ${json.reviewer}: final letters written (${count} change${count === 1 ? "" : "s"} recorded).`, "ok", "approve");
    recompute();
  });

  recompute();
})();
