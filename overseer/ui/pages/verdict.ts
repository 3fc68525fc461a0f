// `/verdicts/{id}`: one gate verdict with every reason, the page Slack notifications link to.

import { type Decision, decisionOf, foldRepeatedReasons, type VerdictReason } from '../../../contracts/index.js';
import type { VerdictRecord } from '../../store/store.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import { renderBadge, renderDecisionBadge, renderEmpty, renderServiceLink, renderTime } from '../parts.js';
import { auditUrl, environmentsUrl, graphUrl } from '../urls.js';
import { renderChangesTable } from './service-diff.js';
import { renderWaiverSection } from './verdict-waivers.js';

interface ReasonView {
  code: string;
  severity: VerdictReason['severity'];
  message: string;
  consumer?: { name: string; version?: string };
  provider?: { name: string; version?: string };
  operation?: string;
  field?: string;
  changes: NonNullable<VerdictReason['changes']>;
  /** The graph of the environment with this reason's change highlighted, for a consumer it breaks. */
  graphHref?: string;
}

interface VerdictView {
  verdict: Omit<VerdictRecord, 'reasons'>;
  decision: Decision;
  /** False when the service asked about is not in the registry: its name is not a link to a page that does not exist. */
  serviceKnown: boolean;
  title: string;
  reasons: ReasonView[];
}

const SEVERITY_ORDER: VerdictReason['severity'][] = ['error', 'warning', 'info'];

export function buildVerdictView(verdict: VerdictRecord, serviceKnown = true): VerdictView {
  const { reasons, ...rest } = verdict;
  // Folded as every door folds them (the CLI, the Action, Slack): a miss a breaking change states is not a second reason.
  const views = foldRepeatedReasons(reasons)
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
    .map((r): ReasonView => {
      const side = (name: string | undefined, version: string | undefined) =>
        name === undefined ? undefined : { name, ...(version !== undefined && { version }) };
      const consumer = side(r.consumer, r.consumerVersion);
      const provider = side(r.provider, r.providerVersion);
      return {
        code: r.code,
        severity: r.severity,
        message: r.message,
        ...(consumer && { consumer }),
        ...(provider && { provider }),
        ...(r.operation !== undefined && { operation: r.operation }),
        ...(r.field !== undefined && { field: r.field }),
        changes: r.changes ?? [],
        ...(r.code === 'breaks-consumer' &&
          r.provider !== undefined && { graphHref: graphUrl({ environment: verdict.environment, service: r.provider, to: r.providerVersion }) }),
      };
    });
  const decision = decisionOf(verdict);
  const title = `Verdict #${verdict.id}: ${verdict.service} ${verdict.version} to ${verdict.environment}, ${decision}`;
  return { verdict: rest, decision, serviceKnown, title, reasons: views };
}

export function renderVerdictPage(view: VerdictView): string {
  const v = view.verdict;
  const errors = view.reasons.filter((r) => r.severity === 'error').length;
  const body = html`
<h1>Verdict #${v.id}: ${v.service} <code>${v.version}</code> to ${v.environment}</h1>
<p class="notice ${NOTICE_CLASS[view.decision]}" role="status">${renderDecisionBadge(view.decision)} ${describeDecision(view.decision, errors)}</p>
<dl class="facts">
<dt>Service</dt><dd>${view.serviceKnown ? renderServiceLink(v.service) : html`${v.service} <span class="muted">(not in the registry)</span>`}</dd>
<dt>Version</dt><dd><code>${v.version}</code></dd>
<dt>Environment</dt><dd><a href="${environmentsUrl()}">${v.environment}</a></dd>
<dt>Asked by</dt><dd>${v.askedBy}</dd>
<dt>Asked at</dt><dd>${renderTime(v.askedAt)}</dd>
${v.count > 1 ? html`<dt>Asked again</dt><dd>${v.count - 1} more ${v.count === 2 ? 'time' : 'times'} with the same answer, last at ${renderTime(v.lastAskedAt)}</dd>` : ''}
</dl>
<h2 id="reasons">Reasons (${view.reasons.length})</h2>
${view.reasons.length === 0 ? renderEmpty('No reason: nothing stands in the way.') : view.reasons.map((r, i) => renderReason(r, i, view.serviceKnown ? undefined : v.service))}
${renderWaiverSection(v.waived, v.notices)}
<p><a href="${auditUrl({ service: v.service })}">Other verdicts for ${v.service}</a></p>`;
  return renderPage({ title: view.title, nav: 'audit', body });
}

const NOTICE_CLASS: Record<Decision, string> = { deployable: 'ok', refused: 'bad', undecided: 'warn' };

function describeDecision(decision: Decision, errors: number): string {
  if (decision === 'deployable') return 'The gate said this version could be deployed.';
  if (decision === 'undecided') return 'The gate could not decide: it does not know this version, so nothing was judged. This is not a refusal.';
  return `The gate refused this deploy for ${errors} ${errors === 1 ? 'reason' : 'reasons'}.`;
}

/** `unknown`: a service not in the registry, named without a link to a page that does not exist. */
function renderReason(r: ReasonView, index: number, unknown?: string): SafeHtml {
  const party = (label: string, p: ReasonView['consumer']) =>
    p
      ? html`<dt>${label}</dt><dd>${p.name === unknown ? p.name : renderServiceLink(p.name)}${p.version !== undefined ? html` <code>${p.version}</code>` : ''}</dd>`
      : '';
  const changes = r.changes.map((c) => ({ ...c, blocking: r.severity === 'error', consumers: r.consumer ? [r.consumer.name] : [] }));
  return html`<article class="reason" aria-labelledby="reason-${index}">
<h3 id="reason-${index}">${renderBadge(r.severity, r.severity)} <code>${r.code}</code></h3>
<p>${r.message}</p>
<dl class="facts">${party('Consumer', r.consumer)}${party('Provider', r.provider)}
${r.operation !== undefined ? html`<dt>Operation</dt><dd><code>${r.operation}</code></dd>` : ''}
${r.field !== undefined ? html`<dt>Field</dt><dd><code>${r.field}</code></dd>` : ''}</dl>
${changes.length > 0 ? renderChangesTable(changes) : ''}
${r.graphHref ? html`<p><a href="${r.graphHref}">See who this change breaks on the dependency graph</a></p>` : ''}
</article>`;
}
