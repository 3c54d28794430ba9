"use strict";
// The evidence view; `$`, `el`, `httpUrl` and `fileName` come from common.js.

// The main text as spans: evidence sentences highlighted (one id per record field), mentions
// underlined. Offsets are characters (code points), as the API gives them.
function renderText(text, records, mentions) {
  const chars = Array.from(text);
  const marks = [];
  records.forEach((r, ri) => {
    for (const e of r.evidence || []) {
      if (e.end > e.start) marks.push({ start: e.start, end: e.end, ev: `ev-${ri}-${e.field}` });
    }
  });
  for (const m of mentions) {
    if (m.zone !== "headline" && m.end > m.start) marks.push({ start: m.start, end: m.end, mention: m.kind + ": " + m.value });
  }
  const cuts = new Set([0, chars.length]);
  for (const m of marks) { cuts.add(Math.min(m.start, chars.length)); cuts.add(Math.min(m.end, chars.length)); }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const box = $("text");
  box.replaceChildren();
  const firstOf = new Set();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const span = el("span", null, chars.slice(a, b).join(""));
    const evs = marks.filter((m) => m.ev && m.start <= a && m.end >= b).map((m) => m.ev);
    const ms = marks.filter((m) => m.mention && m.start <= a && m.end >= b);
    if (evs.length) {
      span.classList.add("ev");
      span.dataset.ev = evs.join(" ");
      for (const id of evs) if (!firstOf.has(id)) { firstOf.add(id); span.id = span.id || id; }
    }
    if (ms.length) { span.classList.add("mention"); span.title = ms.map((m) => m.mention).join(", "); }
    box.appendChild(span);
  }
}

function show(id) {
  for (const s of document.querySelectorAll(".flash")) s.classList.remove("flash");
  const spans = Array.from(document.querySelectorAll(".ev")).filter((s) => (s.dataset.ev || "").split(" ").includes(id));
  // Evidence from the headline has no offsets in the text: the headline lights up.
  if (!spans.length) { $("title").classList.add("flash"); $("title").scrollIntoView(); return; }
  for (const s of spans) s.classList.add("flash");
  spans[0].scrollIntoView({ block: "center" });
}

function renderRecords(records) {
  const box = $("records");
  box.replaceChildren(el("h2", null, records.length + " record" + (records.length === 1 ? "" : "s")));
  records.forEach((r, ri) => {
    const d = el("div", "record");
    d.appendChild(el("h2", null, [r.milestone.kind, r.product || "(no product)"].join(" · ")));
    const values = {
      company: r.company, product: r.product, modality: r.modality, cell_source: r.cell_source,
      targets: (r.targets || []).join(", "), indications: (r.indications || []).join(", "),
      milestone: [r.milestone.kind, r.milestone.date, r.milestone.phase && "phase " + r.milestone.phase, r.milestone.trial_id].filter(Boolean).join(" · "),
    };
    for (const [field, value] of Object.entries(values)) {
      if (!value) continue;
      const b = el("button", "field");
      b.type = "button";
      b.dataset.field = field;
      b.appendChild(el("b", null, field));
      b.appendChild(document.createTextNode(value));
      b.addEventListener("click", () => show(`ev-${ri}-${field}`));
      d.appendChild(b);
    }
    box.appendChild(d);
  });
}

// A name for a release without a title: its file name, else its first words.
function untitled(doc) {
  if (/^file:/i.test(doc.url)) {
    const name = fileName(doc.url);
    if (name) return name;
  }
  const words = (doc.text || "").split(/\s+/).filter(Boolean);
  return words.length ? words.slice(0, 10).join(" ") + (words.length > 10 ? "…" : "") : "untitled release";
}

async function load() {
  const id = decodeURIComponent(location.pathname.split("/").pop() || "");
  const res = await fetch("/api/doc/" + encodeURIComponent(id));
  const body = await res.json();
  if (!res.ok) { $("error").textContent = body.error || "not found"; return; }
  const doc = body.document;
  const headline = doc.title || untitled(doc);
  document.title = "biowire · " + headline;
  $("title").textContent = headline;
  // A release without a title is named by its file name or first words, muted.
  $("title").classList.toggle("untitled", !doc.title);
  const meta = $("meta");
  meta.replaceChildren(el("span", null, [doc.published || "undated", doc.publisher].filter(Boolean).join(" · ") + " · "));
  const source = httpUrl(doc.url);
  if (source) {
    const a = el("a", null, doc.url);
    a.href = source;
    a.rel = "noopener noreferrer";
    meta.appendChild(a);
  } else {
    // A file:// source is a path on the server's disk, not a link a browser can follow.
    meta.appendChild(el("span", "path", doc.url.replace(/^file:\/\//, "")));
  }
  renderText(doc.text, body.records, body.mentions || []);
  renderRecords(body.records);
}
load();
