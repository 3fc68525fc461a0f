// Who uses a service and what it uses of others, operation by operation and field by field, marked against what
// traces showed, and the deprecated parts of its contract still in use.

import type { Declaration } from '../../../contracts/index.js';
import type { OperationName } from '../../operation-labeller.js';
import type { ConsumerUse } from '../../store/store.js';
import type { DeprecatedUse } from '../deprecated.js';
import { html, joinHtml, type SafeHtml } from '../html.js';
import { renderBadge, renderEmpty, renderServiceLink, renderTime } from '../parts.js';

/** What one declaration of an operation uses. Absent lists, all three, mean the whole operation. */
interface UsePart {
  params?: string[];
  request?: string[];
  response?: string[];
  /** As declared (a manifest's `statuses`, a pact's response status): the use reads those responses only. */
  statuses?: string[];
  /** As declared (a pact's Content-Type): the use sends or reads those bodies only. */
  requestMediaTypes?: string[];
  responseMediaTypes?: string[];
}

export interface UsageLine {
  /** As the (first) declaration wrote it. */
  operation: string;
  /** As the provider's contract writes it, when found there. */
  name?: OperationName;
  /** The provider's version whose contract, read, does not have the operation (`users-service 2.0.1`). */
  missingFrom?: string;
  /** Every declaration of the operation (a 200 reader and a 404 reader are two); none for a call seen in traces only. */
  parts: UsePart[];
  /** Calls seen in traces within the window; null: declared, never observed; absent: not compared (no traces read). */
  observed?: { count: number; lastSeen: string } | null;
  /** False for a call seen in traces that no declaration covers. */
  declared?: false;
  /** The registry's OVERSEER_USAGE when it leaves this use out of the gate. */
  uncounted?: 'declared' | 'observed';
}

export interface UsageView {
  /** The other service: the consumer on the consumers list, the provider on the providers list. */
  service: string;
  version?: string;
  everything: boolean;
  lines: UsageLine[];
  /** Declarations of uses left off the page past MAX_USES_SHOWN. */
  more?: number;
  /** Seen in traces and declared nowhere in scope: listed for what it was seen calling. */
  observedOnly?: true;
  /** Seen in traces under a name no service is registered as; `guess` the service a typo away, if any. */
  unregistered?: { guess: string | null };
  /** A consumer whose manifest misspells the service: the name it wrote, which the gate took for this service. */
  declaredAs?: string;
}

// A Pact file of 100,000 interactions declares as many uses: listed whole, the consumer's and the provider's pages were
// 15 MB each, written on the event loop in ~4 s for anyone who asked. The page lists this many; the API lists them all.
const MAX_USES_SHOWN = 500;

// One row per operation, as `overseer usage` lists it: a manifest reading the 200's fields and the 404's message
// declares the operation twice, and two rows read as two operations, or as one declared twice by mistake.
function describeUses(
  uses: Declaration['uses'],
  names: Record<string, OperationName> = {},
  contract?: string,
): Pick<UsageView, 'everything' | 'lines' | 'more'> {
  if (uses === '*') return { everything: true, lines: [] };
  const lines = new Map<string, UsageLine>();
  let shown = 0;
  for (const u of uses) {
    if (shown === MAX_USES_SHOWN) break;
    shown++;
    const name = names[u.operation];
    const key = name?.label ?? u.operation;
    const missingFrom = !name && contract !== undefined ? contract : undefined;
    const line = lines.get(key) ?? { operation: u.operation, ...(name && { name }), ...(missingFrom && { missingFrom }), parts: [] };
    lines.set(key, line);
    line.parts.push({
      ...(u.params && { params: u.params }),
      ...(u.request && { request: u.request }),
      ...(u.response && { response: u.response }),
      ...(u.statuses && { statuses: u.statuses }),
      ...(u.requestMediaTypes && { requestMediaTypes: u.requestMediaTypes }),
      ...(u.responseMediaTypes && { responseMediaTypes: u.responseMediaTypes }),
    });
  }
  return { everything: false, ...(uses.length > shown && { more: uses.length - shown }), lines: [...lines.values()] };
}

/** `contract`: the provider's version `names` were read from (`users-service 2.0.1`), whose missing operations are marked. */
export function describeConsumers(uses: readonly ConsumerUse[], names?: Record<string, OperationName>, contract?: string): UsageView[] {
  return uses.map((u) => ({
    service: u.consumer,
    version: u.version,
    ...describeUses(u.declaration.uses, names, contract),
    ...(u.declaration.declaredAs !== undefined && { declaredAs: u.declaration.declaredAs }),
  }));
}

/** `names`: per provider, its operation references as that provider's contract names them. */
export function describeProviders(declarations: readonly Declaration[], names: Record<string, Record<string, OperationName>> = {}): UsageView[] {
  return declarations.map((d) => ({ service: d.provider, ...describeUses(d.uses, names[d.provider]) }));
}

/** One table per related service: each operation it uses, with the parameters and fields it touches. */
export function renderUsages(views: readonly UsageView[], role: 'consumer' | 'provider', empty: string): SafeHtml {
  if (views.length === 0) return renderEmpty(empty);
  const items = views.map(
    (v) => html`<li class="usage" data-${role}="${v.service}">
<h3>${renderHeading(v)}</h3>${v.unregistered ? renderUnregistered(v, role) : ''}${renderMisspelt(v)}
${v.everything ? html`<p>Uses <strong>everything</strong> (<code>"*"</code>): every change counts.</p>` : renderLines(v.lines)}${v.more ? renderMore(v.more) : ''}
</li>`,
  );
  return html`<ul class="plain">${items}</ul>`;
}

function renderMore(more: number): SafeHtml {
  return html`<p class="notice" role="status">And ${more} more declared uses, left off this page: <code>overseer consumers</code> and <code>overseer usage</code> list every one.</p>`;
}

// A name no service is registered as has no page to link to: the badge and the note say why its calls count for nothing.
function renderHeading(v: UsageView): SafeHtml {
  const name = v.unregistered ? html`<code>${v.service}</code>` : renderServiceLink(v.service);
  const version = v.version !== undefined ? html` <code>${v.version}</code>` : '';
  const observed = v.observedOnly ? html` ${renderBadge('observed', 'observed only, declares no use')}` : '';
  return html`${name}${version}${observed}${v.unregistered ? html` ${renderBadge('warning', 'not a registered service')}` : ''}`;
}

function renderUnregistered({ unregistered, observedOnly }: UsageView, role: 'consumer' | 'provider'): SafeHtml {
  const guess = unregistered?.guess ?? null;
  const meant = guess !== null ? html`Did you mean ${renderServiceLink(guess)}? ` : '';
  // A provider the manifest declares, in the words of `overseer usage`: the gate refuses the service where it does not run.
  if (role === 'provider' && !observedOnly)
    return guess !== null
      ? html`<p class="muted">No service is named so. ${meant}Correct the manifest.</p>`
      : html`<p class="muted">No service is named so: publish it. Until it runs where this service is deployed, can-i-deploy refuses this service there.</p>`;
  const attribute = role === 'provider' ? html`<code>peer.service</code> in the spans` : html`<code>service.name</code> in its spans`;
  return html`<p class="muted">${guess !== null ? html`${meant}Check` : html`Publish it, or check`} ${attribute}: the gate does not count these calls.</p>`;
}

function renderLines(lines: readonly UsageLine[]): SafeHtml {
  const rows = lines.map((l) => {
    const uses = l.declared === false ? html`<td colspan="3" class="muted">not declared: spans carry no fields</td>` : renderUses(l.parts);
    return html`<tr${l.declared === false ? html` class="undeclared"` : ''}><td>${renderOperation(l)}${renderObserved(l)}</td>
${uses}</tr>`;
  });
  return html`<table><thead><tr><th scope="col">Operation</th><th scope="col">Parameters sent</th><th scope="col">Request fields sent</th><th scope="col">Response fields read</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const isWhole = (p: UsePart) => p.params === undefined && p.request === undefined && p.response === undefined;

function renderUses(parts: readonly UsePart[]): SafeHtml {
  if (parts.length === 1) {
    const [part] = parts;
    if (isWhole(part)) return html`<td colspan="3">the whole operation${renderNarrowing(describeNarrowing(part, false))}</td>`;
    const { sent, read } = describeNarrowing(part, false);
    return html`<td>${renderFields(part.params)}</td><td>${renderFields(part.request)}${renderNarrowing({ sent })}</td><td>${renderFields(part.response)}${renderNarrowing({ read })}</td>`;
  }
  // Several declarations of the operation: each cell says, line by line in the same order, what each one uses, and
  // each reading line its statuses, so the 200's fields and the 404's stay apart; a line all of them share is said once.
  const all = html`<span class="muted">all</span>`;
  const cell = (pick: (p: UsePart) => SafeHtml) => {
    const lines = parts.map(pick);
    return html`<td>${joinHtml(lines.every((l) => l.text === lines[0].text) ? [lines[0]] : lines, html`<br>`)}</td>`;
  };
  return html`${cell((p) => (isWhole(p) ? all : renderFields(p.params)))}${cell(
    (p) => html`${isWhole(p) ? all : renderFields(p.request)}${renderNarrowing({ sent: describeNarrowing(p, true).sent })}`,
  )}${cell((p) => html`${isWhole(p) ? all : renderFields(p.response)}${renderNarrowing({ read: describeNarrowing(p, true).read })}`)}`;
}

// One shape for every consumer: `METHOD /path` from the contract, its operationId beside, the declaration's own words
// only when the contract does not know them.
function renderOperation(line: UsageLine): SafeHtml {
  // In the words of `overseer consumers`: the gate refuses this consumer until the operation is back, or its use dropped.
  if (line.missingFrom !== undefined) return html`<code>${line.operation}</code> ${renderBadge('breaking', `not in ${line.missingFrom}`)}`;
  if (!line.name) return html`<code>${line.operation}</code>`;
  const id = line.name.operationId;
  return html`<code class="operation">${line.name.label}</code>${id !== undefined ? html` <span class="muted operation-id">${id}</span>` : ''}`;
}

/** What traces showed of the line: a mark where declared and observed disagree, the count and last call where seen. */
function renderObserved(line: UsageLine): SafeHtml {
  if (line.observed === undefined) return html``;
  const uncounted = line.uncounted ? html` <span class="muted uncounted">not counted: the registry runs with OVERSEER_USAGE=${line.uncounted}</span>` : '';
  if (line.observed === null) return html` ${renderBadge('warning', 'declared, never observed')}${uncounted}`;
  const seen = html`<span class="muted observed">${line.observed.count} ${line.observed.count === 1 ? 'call' : 'calls'}, last seen ${renderTime(line.observed.lastSeen)}</span>`;
  // A call the gate does not count blocks nothing: it wears the colour of a note, not of a break.
  const mark = renderBadge(line.uncounted ? 'observed' : 'breaking', 'observed, not declared');
  return line.declared === false ? html` ${mark} ${seen}${uncounted}` : html` ${seen}`;
}

// In the words of `overseer consumers`: `*/*` (a pact with no Content-Type) narrows nothing, and a success status is
// what any use reads, so only a use that reads an error's body (a 404, a 4XX) says its statuses; beside another
// declaration of the operation (`always`), every one says them, a declaration naming none reading 2XX, as `overseer usage` does.
function describeNarrowing(p: UsePart, always: boolean): { sent?: string; read?: string } {
  const narrowing = (types: string[] | undefined) => (types !== undefined && types.length > 0 && !types.includes('*/*') ? types : undefined);
  const sent = narrowing(p.requestMediaTypes);
  const types = narrowing(p.responseMediaTypes);
  const statuses = always ? (p.statuses ?? ['2XX']) : p.statuses?.some((s) => !s.startsWith('2')) ? p.statuses : undefined;
  const read = [statuses && `on ${statuses.join(', ')}`, types && `read as ${types.join(', ')}`].filter((p) => p !== undefined).join('; ');
  return { ...(sent && { sent: `sent as ${sent.join(', ')}` }), ...(read !== '' && { read }) };
}

function renderNarrowing({ sent, read }: { sent?: string; read?: string }): SafeHtml {
  const parts = [sent, read].filter((p) => p !== undefined);
  return parts.length > 0 ? html` <span class="muted narrowing">(${parts.join('; ')})</span>` : html``;
}

function renderFields(fields: string[] | undefined): SafeHtml {
  if (fields === undefined || fields.length === 0) return html`<span class="muted">none</span>`;
  return joinHtml(
    fields.map((f) => html`<code>${f}</code>`),
    ', ',
  );
}

// The gate counts such a consumer as this service's: the row says why it is here, and what its owners must correct.
function renderMisspelt(use: { declaredAs?: string }): SafeHtml {
  if (use.declaredAs === undefined) return html``;
  return html` <span class="muted misspelt">its manifest names <code>${use.declaredAs}</code>, which no service is named: the gate counts it as a consumer of this service</span>`;
}

export function renderDeprecated(uses: readonly DeprecatedUse[] | undefined, subject: string | undefined): SafeHtml {
  if (subject === undefined) return renderEmpty('No version to inspect.');
  if (uses === undefined) return renderEmpty(`Version ${subject} publishes no contract.`);
  if (uses.length === 0) return renderEmpty(`No consumer uses a deprecated part of version ${subject}.`);
  const rows = uses.map(
    (u) =>
      html`<tr><td>${renderServiceLink(u.consumer)} ${u.version !== undefined ? html`<code>${u.version}</code>` : html`<span class="muted">seen calling it in traces, not declared</span>`}${renderMisspelt(u)}</td><td><code>${u.operation}</code></td><td>${renderBadge('warning', 'deprecated')} ${u.part}</td><td>${u.sunset ?? html`<span class="muted">none given</span>`}</td></tr>`,
  );
  return html`<table><caption>Deprecated in version ${subject} and still used</caption>
<thead><tr><th scope="col">Consumer</th><th scope="col">Operation</th><th scope="col">Deprecated part</th><th scope="col">Sunset</th></tr></thead><tbody>${rows}</tbody></table>`;
}
