"use strict";
// What the search page and the evidence view share. Loaded before page.js or doc.js; every
// value taken from a release is inserted with textContent, never as HTML.
const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

// An http(s) URL as a link target, or null: no other scheme (javascript:, data:, file:) is
// ever made clickable.
function httpUrl(u) {
  try {
    const url = new URL(u);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (e) {
    return null;
  }
}

// The last part of a file:// path, decoded: how a release without a title is named.
function fileName(u) {
  const path = u.replace(/^file:\/\//, "").replace(/[?#].*$/, "");
  const last = path.split("/").filter(Boolean).pop() || "";
  try { return decodeURIComponent(last); } catch (e) { return last; }
}
