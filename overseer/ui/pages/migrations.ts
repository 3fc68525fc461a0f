// The Migrations page: per environment, every deprecated part of a provider's deployed contract, since when, its
// sunset, the consumers still using it there with whom to ask (owners, Slack), the callers seen in traces that the gate
// does not count (OVERSEER_USAGE=declared), and which parts are ready to remove.

import { describeMigrationPart, type Migration } from '../../../contracts/index.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderBadge, renderEmpty, renderList, renderServiceLink, renderTime } from '../parts.js';
import { migrationsUrl, serviceUrl } from '../urls.js';

export interface MigrationsPageData {
  service: string;
  /** Every environment, for the picker. */
  environments: string[];
  /** The environment asked for, when it exists. */
  environment?: string;
  /** Each environment shown where the service is live, with the versions live there (newest first, joined by commas). */
  sections: {
    environment: string;
    version: string;
    /** Each with `observed`: the users seen in traces only, every other user declaring the part; `uncounted`: callers not counted. */
    migrations: Migration[];
  }[];
  /** Whom to ask, per consumer named in a migration. */
  consumers: Record<string, { owners: string[]; slack?: string }>;
}

export function renderMigrationsPage(data: MigrationsPageData): string {
  const ready = data.sections.reduce((n, s) => n + s.migrations.filter((m) => m.ready).length, 0);
  const total = data.sections.reduce((n, s) => n + s.migrations.length, 0);
  const body = html`
<h1>Migrations of ${data.service}</h1>
<p>Deprecated parts of the contract deployed in each environment, and the consumers there that still use them (declared, or observed
in traces). A part no consumer uses there is ready to remove: the gate lets its removal through. <a href="${serviceUrl(data.service)}">Back to ${data.service}</a></p>
${renderScopeForm(data)}
${total > 0 ? html`<p class="muted" role="status">${total} deprecated ${total === 1 ? 'part' : 'parts'}, ${ready} ready to remove.</p>` : ''}
${data.sections.length === 0 ? renderEmpty(`${data.service} is not deployed ${data.environment !== undefined ? `in ${data.environment}` : 'anywhere'}.`) : ''}
${data.sections.map((s) => renderSection(data, s))}`;
  return renderPage({ title: `Migrations of ${data.service}`, nav: 'services', body });
}

function renderScopeForm(data: MigrationsPageData): SafeHtml {
  if (data.environments.length < 2) return html``;
  const options = data.environments.map((e) => html`<option value="${e}"${e === data.environment ? html` selected` : ''}>${e}</option>`);
  return html`<form class="filters" method="get" action="${migrationsUrl(data.service)}">
<label>Environment <select name="environment"><option value="">every environment</option>${options}</select></label>
<button type="submit">Show</button>
</form>`;
}

function renderSection(data: MigrationsPageData, section: MigrationsPageData['sections'][number]): SafeHtml {
  const id = `environment-${section.environment}`;
  const heading = html`<h2 id="${id}">${section.environment} <span class="muted">runs <code>${section.version}</code></span></h2>`;
  if (section.migrations.length === 0)
    return html`<section aria-labelledby="${id}">${heading}${renderEmpty(`Nothing is deprecated in ${data.service} ${section.version}.`)}</section>`;
  const rows = section.migrations.map(
    (m) => html`<tr data-ready="${m.ready ? 'yes' : 'no'}">
<th scope="row"><code>${describeMigrationPart(m)}</code></th>
<td><code>${m.deprecatedIn}</code></td>
<td>${m.sunset ?? html`<span class="muted">none given</span>`}</td>
<td>${renderUsers(data, m, section.environment)}</td>
<td>${m.ready ? renderBadge('deployable', 'ready to remove') : renderBadge('warning', 'in use')}</td>
</tr>`,
  );
  return html`<section aria-labelledby="${id}">${heading}
<table class="migrations">
<thead><tr><th scope="col">Deprecated part</th><th scope="col">Since</th><th scope="col">Sunset</th><th scope="col">Still used by</th><th scope="col">State</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

// Ready for the gate is not unused: the callers it leaves out under OVERSEER_USAGE=declared break all the same when the
// part goes, so they are listed after those it counts, in `overseer migrations`' words, with whom to ask.
function renderUsers(data: MigrationsPageData, m: Migration, environment: string): SafeHtml {
  const uncounted = m.uncounted ?? [];
  const moved = renderMoved(m, environment);
  if (m.users.length === 0 && uncounted.length === 0) return html`<span class="muted">no consumer</span>${moved}`;
  const counted = m.users.map((u) => renderUser(data, u, environment, m.observed?.includes(u) ? 'observed' : 'declared', m.lastSeen?.[u], m.declaredAs?.[u]));
  return html`${m.users.length === 0 ? html`<span class="muted">no consumer counted</span>` : ''}<ul class="users">${counted}${uncounted.map((u) => renderUser(data, u, environment, 'uncounted'))}</ul>${moved}`;
}

// Who moved off it, seen in traces: the migration's progress, with the version that called it and what replaced it when.
function renderMoved(m: Migration, environment: string): SafeHtml | string {
  if (!m.moved) return '';
  const items = m.moved.map(
    (v) =>
      html`<li>${renderServiceLink(v.consumer, { environment })} <span class="muted">${v.from} ${v.to.length > 0 ? `replaced by ${v.to.join(', ')}` : 'undeployed'} ${renderTime(v.since)}; last call ${renderTime(v.lastSeen)}</span></li>`,
  );
  return html`<p class="muted">Moved off it:</p><ul class="users moved">${items}</ul>`;
}

const BASIS = {
  // Whom to ask differs: a declared use is fixed in the consumer's manifest, an observed one in its code.
  declared: renderBadge('declared', 'declared'),
  observed: renderBadge('observed', 'observed in traces'),
  uncounted: html`${renderBadge('warning', 'not counted')} <span class="muted uncounted">seen calling it in traces: not counted, the registry runs with OVERSEER_USAGE=declared</span>`,
};

// A caller counted from traces alone keeps the part unready until its calls leave the window: when it last called says
// how long that may be. A consumer whose manifest misspells the service is told apart: its owners would search it for
// the service's name in vain.
function renderUser(data: MigrationsPageData, name: string, environment: string, basis: keyof typeof BASIS, lastSeen?: string, declaredAs?: string): SafeHtml {
  const who = data.consumers[name];
  const slack = who?.slack ? html` · Slack ${who.slack}` : '';
  const seen = lastSeen === undefined ? '' : html` <span class="muted">last seen ${renderTime(lastSeen)}</span>`;
  const misspelt =
    declaredAs === undefined
      ? ''
      : html` <span class="muted misspelt">its manifest names <code>${declaredAs}</code>, which no service is named: the gate counts it as a consumer of this service</span>`;
  return html`<li>${renderServiceLink(name, { environment })} ${BASIS[basis]}${seen}${misspelt} <span class="muted">owners ${renderList(who?.owners ?? [], 'none')}${slack}</span></li>`;
}
