"use strict";
// The search page. Everything taken from a release is inserted with textContent, never as
// HTML; no style is set inline (the Content-Security-Policy allows this file's code and
// page.css only).
// `$`, `el`, `httpUrl` and `fileName` come from common.js.
const SVG = "http://www.w3.org/2000/svg";
const LIMIT = 50;
// Fields of the query language whose `field:value` terms are shown as removable chips.
const FILTER_FIELDS = ["antigen", "disease", "milestone", "company", "product", "modality", "cell_source",
  "publisher", "date", "title"];

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function quote(v) { return /[\s:()"]/.test(v) ? '"' + v.replace(/"/g, "") + '"' : v; }

// ---- Query terms and filter chips ----

// The query's terms with their place: words, "phrases", field:value and field:"a phrase",
// parentheses; depth counts open parentheses.
function terms(q) {
  const out = [];
  let i = 0, depth = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")") {
      if (c === ")") depth = Math.max(0, depth - 1);
      out.push({ text: c, start: i, end: i + 1, depth });
      if (c === "(") depth++;
      i++;
      continue;
    }
    const start = i;
    while (i < q.length && !/[\s()]/.test(q[i])) {
      if (q[i] === '"') {
        const close = q.indexOf('"', i + 1);
        i = close < 0 ? q.length : close + 1;
      } else {
        i++;
      }
    }
    out.push({ text: q.slice(start, i), start, end: i, depth });
  }
  return out;
}

// The `field:value` terms that every result must match: outside parentheses, not negated,
// not beside OR. Each is shown as a chip.
function activeFilters(q) {
  const ts = terms(q);
  const out = [];
  ts.forEach((t, i) => {
    if (t.depth !== 0) return;
    const m = /^([a-z_]+):(.+)$/i.exec(t.text);
    if (!m || !FILTER_FIELDS.includes(m[1].toLowerCase())) return;
    const prev = ts[i - 1], next = ts[i + 1];
    if (prev && (prev.text === "OR" || prev.text === "NOT")) return;
    if (next && next.text === "OR") return;
    const value = m[2].replace(/^"|"$/g, "");
    if (!value) return;
    out.push({ field: m[1].toLowerCase(), value, start: t.start, end: t.end, text: t.text });
  });
  return out;
}

function sameFilter(f, field, value) {
  return f.field === field && f.value.toLowerCase() === String(value).toLowerCase();
}

function renderChips(q) {
  const box = $("chips");
  box.replaceChildren();
  for (const f of activeFilters(q)) {
    const chip = el("span", "chip");
    chip.dataset.filter = f.text;
    chip.appendChild(el("span", "chip-text", f.field + ": " + f.value));
    const x = el("button", "chip-remove", "×");
    x.type = "button";
    x.title = "Remove " + f.field + ": " + f.value;
    x.setAttribute("aria-label", x.title);
    x.addEventListener("click", () => {
      // The filter's text goes from the query, whatever else the query says.
      const now = $("q").value;
      const still = activeFilters(now).find((g) => g.text === f.text);
      if (!still) return;
      $("q").value = (now.slice(0, still.start) + " " + now.slice(still.end)).replace(/\s+/g, " ").trim();
      search("push");
    });
    chip.appendChild(x);
    box.appendChild(chip);
  }
}

function addFilter(field, value) {
  const q = $("q").value;
  // A filter already in force is not added again.
  if (activeFilters(q).some((f) => sameFilter(f, field, value))) return;
  $("q").value = (q + " " + field + ":" + quote(value)).trim();
  search("push");
}

function renderFacets(facets, q) {
  const box = $("facets");
  box.replaceChildren();
  const active = activeFilters(q);
  for (const [name, values] of Object.entries(facets || {})) {
    if (!values.length) continue;
    box.appendChild(el("h3", null, name));
    for (const [value, count] of values) {
      const a = el("a", "facet", value + " (" + count + ")");
      a.href = "#";
      a.dataset.filter = name + ":" + quote(value);
      if (active.some((f) => sameFilter(f, name, value))) {
        a.classList.add("active");
        a.setAttribute("aria-current", "true");
      }
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        addFilter(name, value);
      });
      box.appendChild(a);
    }
  }
}

// ---- Timeline ----

let timelineData = { points: [], undated: 0 };

// Every month from the first to the last with data, zeros included.
function months(points) {
  if (!points.length) return [];
  const counts = new Map(points);
  const key = (y, m) => y + "-" + String(m).padStart(2, "0");
  const sorted = points.map((p) => p[0]).sort();
  let [y, m] = sorted[0].split("-").map(Number);
  const [ly, lm] = sorted[sorted.length - 1].split("-").map(Number);
  const out = [];
  while ((y < ly || (y === ly && m <= lm)) && out.length < 1200) {
    out.push([key(y, m), counts.get(key(y, m)) || 0]);
    m++;
    if (m > 12) { m = 1; y++; }
  }
  return out;
}

function renderTimeline() {
  const box = $("timeline");
  box.replaceChildren();
  const { points, undated } = timelineData;
  $("undated").textContent = undated
    ? undated + " undated record" + (undated === 1 ? "" : "s") + " (not on the timeline)" : "";
  const all = months(points || []);
  box.classList.toggle("empty", all.length === 0);
  if (all.length === 0) return;
  const h = 130, top = 16, bottom = 30, left = 8, right = 8;
  const w = Math.max(120, box.clientWidth || box.getBoundingClientRect().width || 600);
  box.setAttribute("viewBox", "0 0 " + w + " " + h);
  const slot = (w - left - right) / all.length;
  const gap = slot > 6 ? Math.min(4, slot * 0.2) : 0;
  const max = Math.max(1, ...all.map((p) => p[1]));
  const base = h - bottom;
  box.appendChild(svg("line", { class: "axis", x1: left, x2: w - right, y1: base, y2: base }));
  // A label every `every` months, so labels do not overlap.
  const every = Math.max(1, Math.ceil(46 / slot));
  all.forEach(([month, count], i) => {
    const x = left + i * slot;
    const bh = ((base - top) * count) / max;
    const r = svg("rect", {
      class: "bar", x: x + gap / 2, y: base - bh, width: Math.max(1, slot - gap), height: bh,
      "data-month": month, "data-count": count,
    });
    const t = svg("title");
    t.textContent = month + ": " + count + " milestone" + (count === 1 ? "" : "s");
    r.appendChild(t);
    box.appendChild(r);
    if (count > 0 && slot >= 14) {
      const v = svg("text", { class: "value", x: x + slot / 2, y: base - bh - 3, "text-anchor": "middle" });
      v.textContent = String(count);
      box.appendChild(v);
    }
    if (i % every === 0) {
      box.appendChild(svg("line", { class: "tick", x1: x + slot / 2, x2: x + slot / 2, y1: base, y2: base + 4 }));
      const label = svg("text", { class: "month", x: x + slot / 2, y: h - 10, "text-anchor": "middle" });
      label.textContent = month;
      box.appendChild(label);
    }
  });
}

let resizeFrame = 0;
window.addEventListener("resize", () => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(renderTimeline);
});

// ---- Results ----

// Highlights are character ranges; the snippet is split into text nodes and <mark> elements,
// so the release's text is never parsed as HTML.
function snippet(text, ranges) {
  const chars = Array.from(text);
  const box = el("div", "snippet");
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at || b > chars.length) continue;
    box.appendChild(document.createTextNode(chars.slice(at, a).join("")));
    box.appendChild(el("mark", null, chars.slice(a, b).join("")));
    at = b;
  }
  box.appendChild(document.createTextNode(chars.slice(at).join("")));
  return box;
}

// The file name of a file:// URL, decoded.
// A headline for a release without a title: its file name, else the first words of its
// snippet, else its address's host and path.
function untitledHeadline(h) {
  if (/^file:/i.test(h.url)) {
    const name = fileName(h.url);
    if (name) return name;
  }
  const words = (h.snippet || "").replace(/^…/, "").split(/\s+/).filter(Boolean);
  if (words.length) return words.slice(0, 10).join(" ").replace(/…$/, "") + (words.length > 10 ? "…" : "");
  try { const url = new URL(h.url); return url.host + url.pathname; } catch (e) { return "release"; }
}

function renderHits(hits, total) {
  const box = $("results");
  box.replaceChildren();
  const n = typeof total === "number" ? total : hits.length;
  $("count").textContent = n > hits.length
    ? "Showing " + hits.length + " of " + n
    : n + " result" + (n === 1 ? "" : "s");
  for (const h of hits) {
    const d = el("div", "hit");
    const title = el("h2");
    // The headline opens the evidence view; the source stays one click away beside it.
    const link = el("a", "headline");
    link.href = "/doc/" + encodeURIComponent(h.id);
    if (h.title) {
      link.textContent = h.title;
    } else {
      link.appendChild(el("span", "untitled", untitledHeadline(h)));
    }
    title.appendChild(link);
    if (!h.title) title.appendChild(el("span", "untitled-tag", "untitled"));
    const source = httpUrl(h.url);
    if (source) {
      const src = el("a", "source", "source");
      src.href = source;
      src.rel = "noopener noreferrer";
      title.appendChild(document.createTextNode(" "));
      title.appendChild(src);
    }
    d.appendChild(title);
    const r = h.record;
    const meta = el("div", "meta");
    if (r) {
      meta.appendChild(el("span", "badge milestone", r.milestone.kind));
      for (const t of r.targets) meta.appendChild(el("span", "badge", t));
      meta.appendChild(el("span", null, [r.milestone.date, r.company, r.product, r.modality, r.cell_source,
        r.indications.join(", ")].filter(Boolean).join(" · ")));
    } else if (h.match === "mention") {
      meta.appendChild(el("span", "badge mention", "mention"));
      meta.appendChild(el("span", null, (h.published || "") + " · named in the headline or lead, no record"));
    } else {
      meta.appendChild(el("span", null, (h.published || "") + " · no product milestone"));
    }
    if (!source && h.url) {
      // A file:// source is a path on the server's disk, not a link a browser can follow.
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(el("span", "path", h.url.replace(/^file:\/\//, "")));
    }
    d.appendChild(meta);
    d.appendChild(snippet(h.snippet, h.highlights || []));
    box.appendChild(d);
  }
}

// ---- State in the URL ----

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  return { q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "best" };
}

function urlOf(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "best") p.set("sort", state.sort);
  const s = p.toString();
  return s ? "?" + s : location.pathname;
}

let generation = 0;

// Runs the search in the box. `push` adds it to the history (a new search); without it the
// URL already says it (first load, Back and Forward).
async function search(push) {
  const state = { q: $("q").value.trim(), sort: $("sort").value };
  if (push === "push") {
    const url = urlOf(state);
    if (url !== location.search && !(url === location.pathname && !location.search)) {
      history.pushState(state, "", url);
    }
  }
  const mine = ++generation;
  $("error").textContent = "";
  renderChips(state.q);
  const params = new URLSearchParams({ facets: "true", limit: String(LIMIT), q: state.q });
  if (state.sort !== "best") params.set("sort", state.sort);
  let res, body;
  try {
    res = await fetch("/api/search?" + params.toString());
    body = await res.json();
  } catch (e) {
    if (mine === generation) $("error").textContent = "the server did not answer: " + e;
    return;
  }
  // An older search that answers late is not shown over a newer one.
  if (mine !== generation) return;
  if (!res.ok) {
    $("error").textContent = body.error || "search failed";
    $("results").replaceChildren();
    $("count").textContent = "";
    return;
  }
  renderHits(body.hits, body.total);
  renderFacets(body.facets, state.q);
  timelineData = { points: body.timeline || [], undated: body.undated || 0 };
  renderTimeline();
}

function load() {
  const state = stateFromUrl();
  $("q").value = state.q;
  $("sort").value = state.sort;
  search();
}

// ---- Narrow screens: the filters fold away above the results ----

const narrow = window.matchMedia("(max-width: 700px)");
function fitFacets() { $("facet-box").open = !narrow.matches; }
narrow.addEventListener("change", fitFacets);

$("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search("push"); });
$("sort").addEventListener("change", () => search("push"));
window.addEventListener("popstate", load);
fitFacets();
load();
