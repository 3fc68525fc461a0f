// `/audit`: the gate's recent verdicts (who asked what, the answer, the reasons), and the
// notifications sent about them once the store records notifications.

import { type Decision, decisionOf, foldRepeatedReasons, type NotificationGap } from '../../../contracts/index.js';
import type { VerdictRecord } from '../../store/store.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import type { NotificationView } from '../notifications.js';
import { renderBadge, renderDecisionBadge, renderEmpty, renderServiceLink, renderTime } from '../parts.js';
import { auditUrl, verdictUrl } from '../urls.js';

export interface AuditData {
  service?: string;
  environment?: string;
  environments: string[];
  /** Newest first. */
  verdicts: VerdictRecord[];
  /** Undefined when the store records no notifications (yet). */
  notifications?: NotificationView[];
  /** Services whose notifications will not be sent, and what to do (the filter's service's only, under a filter). */
  gaps?: NotificationGap[];
  /** How many gaps there are, `gaps` holding the first. */
  gapsTotal?: number;
}

interface VerdictRowView {
  id: number;
  href: string;
  service: string;
  version: string;
  environment: string;
  decision: Decision;
  askedBy: string;
  /** When the first of its asks came. */
  askedAt: string;
  /** Reason codes of the errors, for a refusal. */
  codes: string[];
  /** How many identical asks, answered the same way, the record stands for (the store counts repeats within its window). */
  count: number;
  /** When the last of them came. */
  lastAskedAt: string;
}

interface AuditView extends Omit<AuditData, 'verdicts'> {
  verdicts: VerdictRowView[];
  counts: Record<Decision, number>;
}

export function buildAuditView(data: AuditData): AuditView {
  const rows = data.verdicts.map(
    (v): VerdictRowView => ({
      id: v.id,
      href: verdictUrl(v.id),
      service: v.service,
      version: v.version,
      environment: v.environment,
      decision: decisionOf(v),
      askedBy: v.askedBy,
      askedAt: v.askedAt,
      // The codes of the reasons the verdict page lists: a miss a breaking change already states is no code of its own.
      codes: [
        ...new Set(
          foldRepeatedReasons(v.reasons)
            .filter((r) => r.severity === 'error')
            .map((r) => r.code),
        ),
      ],
      count: v.count,
      lastAskedAt: v.lastAskedAt,
    }),
  );
  const counts: Record<Decision, number> = { deployable: 0, refused: 0, undecided: 0 };
  for (const v of rows) counts[v.decision]++;
  return { ...data, verdicts: rows, counts };
}

export function renderAuditPage(view: AuditView): string {
  const body = html`
<h1>Audit</h1>
<p class="lead">Every recorded can-i-deploy answer, most recently asked first: ${view.counts.refused} refused, ${view.counts.deployable} deployable and ${view.counts.undecided} undecided shown. The same question answered the same way is one row, counted.</p>
${renderFilters(view)}
<h2 id="verdicts">Gate verdicts</h2>
${view.verdicts.length === 0 ? renderEmpty(describeNoVerdict(view)) : renderVerdicts(view.verdicts)}
<h2 id="notifications">Notifications</h2>
${renderGaps(view.gaps ?? [], view.gapsTotal ?? 0)}
${renderNotifications(view.notifications)}`;
  return renderPage({ title: 'Audit', nav: 'audit', body });
}

// "The gate has not been asked yet" under a filter read as news about the whole registry, which may hold thousands of asks.
function describeNoVerdict(view: AuditView): string {
  const filter = [view.service !== undefined && `service ${view.service}`, view.environment !== undefined && `environment ${view.environment}`].filter(Boolean);
  if (filter.length === 0) return 'The gate has not been asked yet: every overseer can-i-deploy is recorded here.';
  return `No recorded verdict is about ${filter.join(' in ')}: the gate was not asked about it, or not within the audit's retention (OVERSEER_VERDICT_RETENTION_DAYS).`;
}

function renderFilters(view: AuditView): SafeHtml {
  const options = view.environments.map((e) => html`<option value="${e}"${e === view.environment ? html` selected` : ''}>${e}</option>`);
  return html`<form class="filters" method="get" action="${auditUrl()}">
<label>Service <input name="service" value="${view.service ?? ''}" size="24"></label>
<label>Environment <select name="environment"><option value="">every environment</option>${options}</select></label>
<button type="submit">Filter</button>
${view.service !== undefined || view.environment !== undefined ? html`<a href="${auditUrl()}">Clear filter</a>` : ''}
</form>`;
}

function renderVerdicts(rows: readonly VerdictRowView[]): SafeHtml {
  const body = rows.map(
    (v) => html`<tr${v.decision === 'refused' ? html` class="refused"` : ''}>
<td><a href="${v.href}">Verdict #${v.id}</a></td>
<td>${renderDecisionBadge(v.decision)}${v.count > 1 ? html` <span class="muted">×${v.count}</span>` : ''}</td>
<td>${renderServiceLink(v.service)} <code>${v.version}</code></td>
<td>${v.environment}</td>
<td>${v.codes.length > 0 ? v.codes.join(', ') : html`<span class="muted">—</span>`}</td>
<td>${v.askedBy}</td>
<td>${renderTime(v.lastAskedAt)}${v.count > 1 ? html`<br><span class="muted">asked ${v.count} times since ${renderTime(v.askedAt)}</span>` : ''}</td></tr>`,
  );
  return html`<table class="verdicts"><thead><tr><th scope="col">Verdict</th><th scope="col">Answer</th><th scope="col">Service and version</th><th scope="col">Environment</th><th scope="col">Reasons</th><th scope="col">Asked by</th><th scope="col">When</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

// Before the outbox: these fail only when sent, one dead letter at a time, unless the admin acts first.
function renderGaps(gaps: readonly NotificationGap[], total: number): SafeHtml | string {
  if (gaps.length === 0) return '';
  const more =
    total > gaps.length ? html`<p class="muted">The first ${gaps.length} of ${total} shown: <code>overseer notifications --gaps</code> lists them.</p>` : '';
  const services = new Set(gaps.map((g) => g.service)).size;
  // Cut short, the services shown are not all of them: the count is of gaps, which the note beneath gives.
  const who = total > gaps.length ? `${total} gaps: services name` : services === 1 ? '1 service names' : `${services} services name`;
  const rows = gaps.map(
    (g) =>
      html`<tr><td>${renderServiceLink(g.service)}</td><td>${g.kind === 'slack-channel' ? 'Slack channel' : 'repository'} <code>${g.names}</code></td><td>${g.problem}</td><td>${g.fix}</td></tr>`,
  );
  return html`<p class="notice warn" id="notification-gaps" role="status">${who} what the registry will not notify: their notifications there fail when sent.</p>
<table class="gaps"><thead><tr><th scope="col">Service</th><th scope="col">Names</th><th scope="col">Why</th><th scope="col">What to do</th></tr></thead>
<tbody>${rows}</tbody></table>
${more}`;
}

function renderNotifications(notifications: readonly NotificationView[] | undefined): SafeHtml {
  if (notifications === undefined) return renderEmpty('No notifications recorded: this registry does not send notifications yet.');
  if (notifications.length === 0) return renderEmpty('No notifications recorded.');
  const counts = new Map<string, number>();
  for (const n of notifications) counts.set(n.status, (counts.get(n.status) ?? 0) + 1);
  const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
  const rows = notifications.map(
    (n) => html`<tr><td>${renderBadge(n.status, n.status)}</td><td>${n.channel}</td><td>${n.target}</td>
<td>${n.event}${n.verdictId !== undefined ? html` (<a href="${verdictUrl(n.verdictId)}">verdict #${n.verdictId}</a>)` : ''}</td>
<td>${n.attempts ?? html`<span class="muted">—</span>`}</td><td>${n.error ?? ''}</td><td>${n.at ? renderTime(n.at) : ''}</td></tr>`,
  );
  return html`<p>The last ${notifications.length}: ${summary}.</p>
<table class="notifications"><thead><tr><th scope="col">Status</th><th scope="col">Channel</th><th scope="col">To</th><th scope="col">About</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">When</th></tr></thead>
<tbody>${rows}</tbody></table>`;
}
