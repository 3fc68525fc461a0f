// Small fragments several pages share: times, badges, service links, empty states.

import type { Decision } from '../../contracts/index.js';
import { html, joinHtml, type SafeHtml } from './html.js';
import { serviceUrl } from './urls.js';

/** `2026-01-31 14:05 UTC` in a <time> that keeps the exact instant. */
export function renderTime(iso: string): SafeHtml {
  const shown = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** A coloured label; `kind` picks the colour (breaking, warning, info, refused, deployable, ...). */
export function renderBadge(kind: string, label: string): SafeHtml {
  return html`<span class="badge ${kind}">${label}</span>`;
}

function renderVerdictBadge(deployable: boolean): SafeHtml {
  return deployable ? renderBadge('deployable', 'deployable') : renderBadge('refused', 'refused');
}

/** An undecided ask wears the warning colour: it is neither a yes nor a refusal. */
export function renderDecisionBadge(decision: Decision): SafeHtml {
  return decision === 'undecided' ? renderBadge('warning', 'undecided') : renderVerdictBadge(decision === 'deployable');
}

export function renderServiceLink(name: string, query: Parameters<typeof serviceUrl>[1] = {}): SafeHtml {
  return html`<a href="${serviceUrl(name, query)}">${name}</a>`;
}

/** Names as a comma-separated list, or a dash when there are none. */
export function renderList(items: readonly (string | SafeHtml)[], empty = '—'): SafeHtml {
  return items.length === 0 ? html`<span class="muted">${empty}</span>` : joinHtml(items, ', ');
}

export function renderEmpty(message: string): SafeHtml {
  return html`<p class="muted">${message}</p>`;
}

/** The body of a page for a thing that does not exist. */
export function renderMissing(title: string, message: string | SafeHtml, back: { href: string; label: string }): SafeHtml {
  return html`<h1>${title}</h1><p>${message}</p><p><a href="${back.href}">${back.label}</a></p>`;
}

export interface UnknownEnvironment {
  asked: string;
  /** Every environment the registry knows, nearest to `asked` first. */
  known: string[];
  guess?: string;
  /** What the API and the CLI say of it (`describeUnknownEnvironment`): one sentence wherever it is met. */
  sentence: string;
}

// Links to at most this many known environments; the rest are named by count.
const KNOWN_SHOWN = 10;

/** What a page scoped to an environment never created says: the shared sentence, its guess and the known ones as links. */
export function renderUnknownEnvironment(unknown: UnknownEnvironment, href: (environment?: string) => string): SafeHtml {
  const { known } = unknown;
  const shown = known.slice(0, KNOWN_SHOWN);
  const list = shown.map((name, i) => html`${i > 0 ? ', ' : ''}<a href="${href(name)}">${name}</a>`);
  const more = known.length > shown.length ? ` and ${known.length - shown.length} more` : '';
  return html`<h1>Unknown environment</h1>
<p role="alert">${renderSentence(unknown, href)}</p>
${known.length > 0 ? html`<p>Known environments: ${list}${more}.</p>` : ''}
<p><a href="${href(undefined)}">The same page without an environment</a></p>`;
}

// The sentence with a capital, the guess it ends with ("did you mean production?") a link to the page there, and the
// command it names between backticks in code type.
function renderSentence({ sentence, guess }: UnknownEnvironment, href: (environment?: string) => string): SafeHtml {
  const text = `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}`;
  const asked = guess === undefined ? '' : `did you mean ${guess}?`;
  if (asked && text.endsWith(asked)) return html`${text.slice(0, -asked.length)}did you mean <a href="${href(guess)}">${guess}</a>?`;
  return joinHtml(text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part)));
}

/** Previous/next links around "first–last of total": `href(page)` addresses a page of the same list. */
export function renderPager(
  at: { page: number; pages: number; pageSize: number; shown: number; total: number },
  href: (page: number) => string,
  label = 'Pages of services',
): SafeHtml {
  if (at.pages <= 1) return html``;
  const link = (page: number, label: string, rel: string) => html`<a rel="${rel}" href="${href(page)}">${label}</a>`;
  const first = (at.page - 1) * at.pageSize + 1;
  return html`<nav class="pager" aria-label="${label}">
${at.page > 1 ? link(at.page - 1, '← Previous', 'prev') : ''}
<span>${first}–${first + at.shown - 1} of ${at.total} (page ${at.page} of ${at.pages})</span>
${at.page < at.pages ? link(at.page + 1, 'Next →', 'next') : ''}
</nav>`;
}
