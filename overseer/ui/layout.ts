// The frame of every page: a skip link, the site navigation, one <main>, and the stylesheet and script.

import { CSS_PATH, JS_PATH } from './assets.js';
import { html, type SafeHtml } from './html.js';
import { auditUrl, environmentsUrl, graphUrl, servicesUrl } from './urls.js';

type NavKey = 'services' | 'graph' | 'environments' | 'audit' | 'none';

interface PageFrame {
  /** The page's own title; " · Overseer" is added. */
  title: string;
  nav: NavKey;
  body: SafeHtml;
}

const NAV: { key: NavKey; label: string; href: string }[] = [
  { key: 'services', label: 'Services', href: servicesUrl() },
  { key: 'graph', label: 'Dependency graph', href: graphUrl() },
  { key: 'environments', label: 'Environments', href: environmentsUrl() },
  { key: 'audit', label: 'Audit', href: auditUrl() },
];

/** The whole HTML document of a page. */
export function renderPage(frame: PageFrame): string {
  const links = NAV.map((item) => html`<li><a href="${item.href}"${item.key === frame.nav ? html` aria-current="page"` : ''}>${item.label}</a></li>`);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Overseer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${CSS_PATH}">
<script src="${JS_PATH}" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site">
<a class="brand" href="${servicesUrl()}">Overseer</a>
<nav class="main" aria-label="Main"><ul>${links}</ul></nav>
</header>
<main id="main" tabindex="-1">
${frame.body}
</main>
</body>
</html>
`.text;
}
