// Everything taken from a release is inserted with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function quote(v) { return /[\s:()"]/.test(v) ? '"' + v.replace(/"/g, "") + '"' : v; }

function renderFacets(facets) {
  const box = $("facets");
  box.replaceChildren();
  for (const [name, values] of Object.entries(facets || {})) {
    box.appendChild(el("h3", null, name));
    for (const [value, count] of values) {
      const a = el("a", "facet", value + " (" + count + ")");
      a.href = "#";
      a.dataset.filter = name + ":" + quote(value);
      a.addEventListener("click", (ev) => {
        ev.preventDefault();
        $("q").value = ($("q").value + " " + a.dataset.filter).trim();
        run();
      });
      box.appendChild(a);
    }
  }
}

function renderTimeline(points) {
  const svg = $("timeline");
  svg.replaceChildren();
  if (!points || points.length === 0) return;
  const w = svg.clientWidth || 600, h = 120, pad = 22;
  const max = Math.max(...points.map((p) => p[1]));
  const bw = Math.max(4, (w - 2 * pad) / points.length - 4);
  points.forEach(([month, count], i) => {
    const x = pad + i * (bw + 4);
    const bh = ((h - 2 * pad) * count) / max;
    const r = document.createElementNS(SVG, "rect");
    r.setAttribute("x", x); r.setAttribute("y", h - pad - bh);
    r.setAttribute("width", bw); r.setAttribute("height", bh);
    r.setAttribute("fill", "#3c8dbc"); r.setAttribute("class", "bar");
    r.setAttribute("data-month", month); r.setAttribute("data-count", count);
    const t = document.createElementNS(SVG, "title");
    t.textContent = month + ": " + count;
    r.appendChild(t);
    svg.appendChild(r);
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", x); label.setAttribute("y", h - 6);
    label.setAttribute("font-size", "10");
    label.textContent = month;
    svg.appendChild(label);
  });
}

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

function renderHits(hits) {
  const box = $("results");
  box.replaceChildren();
  $("count").textContent = hits.length + " result" + (hits.length === 1 ? "" : "s");
  for (const h of hits) {
    const d = el("div", "hit");
    const title = el("h2");
    // The headline opens the evidence view; the source stays one click away beside it.
    const link = el("a", null, h.title || "(untitled)");
    link.href = "/doc/" + encodeURIComponent(h.id);
    title.appendChild(link);
    d.appendChild(title);
    if (/^https?:\/\//.test(h.url)) {
      const src = el("a", "source", "source");
      src.href = h.url;
      src.rel = "noopener noreferrer";
      title.appendChild(document.createTextNode(" "));
      title.appendChild(src);
    }
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
    d.appendChild(meta);
    d.appendChild(snippet(h.snippet, h.highlights || []));
    box.appendChild(d);
  }
}

async function run() {
  const q = $("q").value;
  history.replaceState(null, "", "?q=" + encodeURIComponent(q));
  $("error").textContent = "";
  const res = await fetch("/api/search?facets=true&limit=50&q=" + encodeURIComponent(q));
  const body = await res.json();
  if (!res.ok) {
    $("error").textContent = body.error;
    return;
  }
  renderHits(body.hits);
  renderFacets(body.facets);
  renderTimeline(body.timeline);
}

$("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); run(); });
$("q").value = new URLSearchParams(location.search).get("q") || "";
run();
