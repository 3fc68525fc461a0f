// A use declared by an operationId that neither the live versions of the provider nor the candidate still have is
// followed through the provider's earlier versions to the `METHOD /path` that carried it: without that, no change to
// the operation is judged for the consumer, and a later removal of a field it reads would pass (docs/OUTPUTS.md).

import { keyOfLabel } from '../format/annotate.js';
import type { GateVersion } from '../gate.js';
import type { LoadedContract } from '../load/load.js';
import type { Notice, VerdictReason } from '../model.js';
import { createOperationNamer } from '../satisfy.js';
import { parseOperationRef } from './shape.js';

/** Where an operationId was last given (in the provider's version `namedIn`), and `label`, where that operation is now. */
export interface PlacedOperation {
  operationId: string;
  label: string;
  namedIn: string;
  /** The paths the operation moved to, unchanged, after `namedIn` (usage/moved-operations.ts), oldest first. */
  moves?: { from: string; to: string; version: string }[];
  /** The version that no longer has `label` nor the same operation under another path: the use cannot be placed. */
  lostIn?: string;
}

/** The operationIds the provider's consumers among `deployed` name that none of `contracts` has. */
export function findUnplacedIds(deployed: readonly GateVersion[], provider: string, contracts: readonly LoadedContract[]): string[] {
  const ids = new Set<string>();
  for (const { operation } of usesOf(deployed, provider)) {
    const ref = parseOperationRef(operation);
    if (ref && 'operationId' in ref) ids.add(ref.operationId);
  }
  if (ids.size === 0) return [];
  const namers = contracts.map(namerOf);
  return [...ids].filter((id) => !namers.some((name) => name(id) !== undefined));
}

// A hub is asked about again and again: each contract's operations are indexed once while it stays loaded.
const namers = new WeakMap<LoadedContract, ReturnType<typeof createOperationNamer>>();

function namerOf(contract: LoadedContract): ReturnType<typeof createOperationNamer> {
  let name = namers.get(contract);
  if (!name) namers.set(contract, (name = createOperationNamer(contract.doc)));
  return name;
}

/** The ids among `ids` that `contract` (of the provider's version `version`) names, with the operation it gives them. */
export function placeIdsIn(ids: readonly string[], contract: LoadedContract, version: string): PlacedOperation[] {
  const name = namerOf(contract);
  return ids.flatMap((operationId) => {
    const found = name(operationId);
    return found ? [{ operationId, label: found.label, namedIn: version }] : [];
  });
}

/** `getUser, now GET /users/{id} (named so in users-service 1.2.0)`: how the verdict names a placed use. */
function describePlaced(placed: PlacedOperation, provider: string): string {
  if (placed.lostIn !== undefined) return describeLost(placed, provider);
  const moves = (placed.moves ?? []).map((m) => `, moved unchanged to ${m.to} in ${provider} ${m.version}`).join('');
  const first = placed.moves?.[0]?.from;
  return `${placed.operationId}, now ${placed.label} (named so in ${provider} ${placed.namedIn}${first ? ` at ${first}` : ''}${moves})`;
}

/** A trail that ends: the refusal says where, so nobody waives it as the consumer's typo without knowing. */
function describeLost(placed: PlacedOperation, provider: string): string {
  const where = placed.moves?.at(-1)?.version ?? placed.namedIn;
  return (
    `${placed.operationId}: ${placed.operationId} was last named ${placed.moves?.[0]?.from ?? placed.label} in ${provider} ${placed.namedIn}` +
    `${where === placed.namedIn ? '' : ` (found unchanged at ${placed.label} in ${provider} ${where})`}, and ${provider} ${placed.lostIn} has no ` +
    `${placed.label} nor the same operation under another path: the use cannot be placed`
  );
}

/** The deployed versions with each use of a placed operationId of `provider` written as the operation it names now. */
export function placeRenamedUses(deployed: GateVersion[], provider: string, placed: readonly PlacedOperation[]): GateVersion[] {
  if (placed.length === 0) return deployed;
  const byId = new Map(placed.map((p) => [p.operationId, p]));
  return deployed.map((version) => {
    if (version.service === provider) return version;
    let moved = false;
    const declarations = version.declarations.map((d) => {
      if (d.provider !== provider || d.uses === '*') return d;
      const uses = d.uses.map((u) => {
        const found = byId.get(u.operation.trim());
        if (!found) return u;
        moved = true;
        return { ...u, operation: found.label };
      });
      return { ...d, uses };
    });
    return moved ? { ...version, declarations } : version;
  });
}

/** Which placed operations each consumer among `deployed` names (before placing), by consumer. */
function listPlacedUses(deployed: readonly GateVersion[], provider: string, placed: readonly PlacedOperation[]) {
  const byId = new Map(placed.map((p) => [p.operationId, p]));
  const uses: { consumer: string; consumerVersion: string; placed: PlacedOperation }[] = [];
  for (const { version, operation } of usesOf(deployed, provider)) {
    const found = byId.get(operation.trim());
    if (found) uses.push({ consumer: version.service, consumerVersion: version.version, placed: found });
  }
  return uses;
}

/** Each operation the provider's consumers among `deployed` name (not `*`), with the version that names it. */
function* usesOf(deployed: readonly GateVersion[], provider: string): Generator<{ version: GateVersion; operation: string }> {
  for (const version of deployed) {
    if (version.service === provider) continue;
    for (const d of version.declarations) {
      if (d.provider !== provider || d.uses === '*') continue;
      for (const u of d.uses) yield { version, operation: u.operation };
    }
  }
}

/** One notice per placed use, so that a yes says where the use was judged; the reasons that rest on one say it too. */
export function explainPlacedUses(reasons: VerdictReason[], deployed: readonly GateVersion[], provider: string, placed: readonly PlacedOperation[]) {
  const uses = listPlacedUses(deployed, provider, placed);
  const notices: Notice[] = uses.map(({ consumer, consumerVersion, placed: p }) => ({
    code: p.lostIn === undefined ? 'use-placed' : 'use-unplaced',
    consumer,
    message:
      p.lostIn === undefined
        ? `${consumer} ${consumerVersion} uses ${describePlaced(p, provider)}: no live version of ${provider} nor the candidate has that operationId, so the use was judged at ${p.label}`
        : `${consumer} ${consumerVersion} uses ${describePlaced(p, provider)}: no change to the operation it calls now was judged for it`,
  }));
  const marked = reasons.map((reason) => {
    if (reason.provider !== provider || reason.consumer === undefined) return reason;
    const labels = [reason.operation, ...(reason.changes ?? []).flatMap((c) => c.operations ?? [c.operation])];
    const keys = new Set(labels.flatMap((l) => (l ? [keyOfLabel(l)] : [])));
    const mine = uses.filter((u) => u.consumer === reason.consumer && u.consumerVersion === reason.consumerVersion && keys.has(keyOfLabel(u.placed.label)));
    if (mine.length === 0) return reason;
    return { ...reason, message: `${reason.message} (${reason.consumer} names it ${mine.map((u) => describePlaced(u.placed, provider)).join('; ')})` };
  });
  return { reasons: marked, notices };
}
