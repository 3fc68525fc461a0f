// The dashboard's one stylesheet and one small script, kept as text in the module so that the
// TypeScript build ships them without a copy step. Pages work without the script.

import { createHash } from 'node:crypto';

export const DASHBOARD_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg: #ffffff; --panel: #f6f8fa;
  --link: #0b57d0; --focus: #1a5fb4; --bad: #b42318; --bad-bg: #fde7e6; --warn: #8a5300; --warn-bg: #fff4d6;
  --ok: #146c2e; --ok-bg: #e3f5e8; --info: #2f4f7a; --info-bg: #e8eef7; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, [tabindex]:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 2px; }
.skip-link { position: absolute; left: 8px; top: -48px; padding: 8px 12px; background: var(--ink); color: #fff; z-index: 10; }
.skip-link:focus { top: 8px; }
header.site { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 10px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
header.site .brand { font-weight: 700; font-size: 18px; color: var(--ink); text-decoration: none; }
nav.main ul { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0; padding: 0; }
nav.main a { display: inline-block; padding: 4px 2px; text-decoration: none; font-weight: 500; }
nav.main a[aria-current="page"] { color: var(--ink); border-bottom: 3px solid var(--focus); }
main { padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 26px; margin: 8px 0 12px; }
h2 { font-size: 20px; margin: 28px 0 8px; }
h3 { font-size: 17px; margin: 18px 0 6px; }
p.lead { color: var(--muted); margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 15px; }
caption { text-align: left; color: var(--muted); padding: 4px 0; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
thead th { background: var(--panel); position: sticky; top: 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
ul.plain { list-style: none; padding: 0; margin: 0; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.badge.breaking, .badge.refused, .badge.error, .badge.failed { background: var(--bad-bg); color: var(--bad); }
.badge.warning, .badge.pending { background: var(--warn-bg); color: var(--warn); }
.badge.info, .badge.observed { background: var(--info-bg); color: var(--info); }
.badge.declared { background: var(--panel); color: var(--ink); border: 1px solid var(--line); }
.badge.deployable, .badge.delivered, .badge.safe { background: var(--ok-bg); color: var(--ok); }
.notice { padding: 10px 14px; border-left: 4px solid var(--info); background: var(--info-bg); margin: 12px 0; }
.notice.bad { border-color: var(--bad); background: var(--bad-bg); }
.notice.ok { border-color: var(--ok); background: var(--ok-bg); }
.notice.warn { border-color: var(--warn); background: var(--warn-bg); }
form.filters { display: flex; flex-wrap: wrap; align-items: end; gap: 8px 16px; margin: 8px 0 16px; padding: 10px 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; }
form.filters label { display: flex; flex-direction: column; font-size: 14px; color: var(--muted); gap: 2px; }
input, select, button { font: inherit; padding: 4px 8px; border: 1px solid #8c959f; border-radius: 4px; background: #fff; color: var(--ink); }
button { background: var(--link); color: #fff; border-color: var(--link); cursor: pointer; }
.cell-refused { display: block; margin-top: 2px; }
.graph-wrap { overflow: auto; border: 1px solid var(--line); border-radius: 6px; max-height: 80vh; background: #fff; }
svg.graph .node rect { fill: #fff; stroke: #57606a; stroke-width: 1.5; }
svg.graph .node text { font: 13px system-ui, sans-serif; fill: var(--ink); }
svg.graph .node.changed rect { fill: var(--info-bg); stroke: var(--info); stroke-width: 3; }
svg.graph .node.broken rect { fill: var(--bad-bg); stroke: var(--bad); stroke-width: 3; }
svg.graph .node.group rect { fill: #f6f8fa; stroke-dasharray: 5 3; }
svg.graph .node.group.broken rect { fill: var(--bad-bg); }
svg.graph .node a:focus-visible rect, svg.graph .node a:hover rect { stroke: var(--focus); stroke-width: 3; }
svg.graph a:focus { outline: none; }
svg.graph .edge path { fill: none; stroke: #8c959f; stroke-width: 1.4; }
svg.graph .edge.broken path { stroke: var(--bad); stroke-width: 2.6; }
svg.graph .edge.lit path { stroke: var(--focus); stroke-width: 2.6; }
svg.graph .edge text { font: 12px system-ui, sans-serif; fill: var(--muted); paint-order: stroke; stroke: #fff; stroke-width: 4px; }
svg.graph .edge.broken text { fill: var(--bad); font-weight: 600; }
svg.graph marker path { fill: #8c959f; }
svg.graph marker#arrow-broken path { fill: var(--bad); }
svg.graph .node text.version { font-size: 11px; fill: var(--muted); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 16px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.reason { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.reason h3 { margin-top: 0; }
form.filters label.check { flex-direction: row; align-items: center; gap: 6px; color: var(--ink); }
nav.pager { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin: 8px 0 16px; }
ul.blocked li + li { margin-top: 2px; }
.operation-id { font-size: 13px; }
/* Words wrap whole; only code (pointers, paths) breaks mid-word. Every cell breaking anywhere let a table squeeze its
   short columns until their words broke ("Leve|l", "consume|r"). */
td, th, dd, li, p { overflow-wrap: break-word; }
td code, th code, dd code, li code, p code { overflow-wrap: anywhere; }
pre { overflow-x: auto; max-width: 100%; }
/* A phone: the page never scrolls sideways; a wide table scrolls inside itself. */
@media (max-width: 640px) {
  header.site { padding: 8px 12px; }
  main { padding: 12px 12px 40px; }
  table { display: block; overflow-x: auto; max-width: 100%; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 6px; }
  form.filters label, form.filters input, form.filters select { max-width: 100%; min-width: 0; }
}
`;

// Focusing or hovering a graph node lights the edges that touch it; without the script the graph reads the same.
// Listeners sit on the links, not the groups: Chromium makes an SVG group with focus listeners a tab stop of its own.
export const DASHBOARD_JS = `
document.querySelectorAll('svg.graph .node').forEach(function (node) {
  var name = node.getAttribute('data-service') || node.getAttribute('data-node');
  var link = node.querySelector('a');
  if (!link) return;
  var edges = document.querySelectorAll('svg.graph .edge[data-from="' + CSS.escape(name) + '"], svg.graph .edge[data-to="' + CSS.escape(name) + '"]');
  function light(on) { edges.forEach(function (e) { e.classList.toggle('lit', on); }); }
  ['mouseenter', 'focus'].forEach(function (t) { link.addEventListener(t, function () { light(true); }); });
  ['mouseleave', 'blur'].forEach(function (t) { link.addEventListener(t, function () { light(false); }); });
});
`;

/** A short content hash, so the asset URLs change when the assets do and can be cached for long. */
function hashContent(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

export const CSS_PATH = `/ui/dashboard.${hashContent(DASHBOARD_CSS)}.css`;
export const JS_PATH = `/ui/dashboard.${hashContent(DASHBOARD_JS)}.js`;
