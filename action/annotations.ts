// Workflow commands for the log: each change on its line of the contract (the engine's `github` format),
// each problem with what this service uses on its entry in the manifest, what breaks callers seen in traces, and each
// use the registry did not count.

import { formatGithub, type JudgedChange, type Manifest, renderCommand, type VerdictReason } from '../contracts/index.js';
import { listOperationsFor, type Outcome } from './report.js';

export function renderAnnotations(outcome: Outcome, manifest?: Manifest): string {
  const own = outcome.ownReasons.map((reason) => {
    const command = reason.severity === 'error' && outcome.report.failOn !== 'never' ? 'error' : 'warning';
    const properties = { file: outcome.manifest, line: manifest && findLine(manifest, reason), title: `${reason.provider ?? 'provider'}: ${reason.code}` };
    return renderCommand(command, properties, reason.message);
  });
  // Only the commands: the format's closing verdict line would ignore what the service itself uses.
  const changes = formatGithub(outcome.report, (change) => nameOperationsUsed(change, outcome))
    .split('\n')
    .filter((line) => line.startsWith('::'));
  const observed = [...outcome.observedReasons, ...outcome.misdirectedReasons].map((r) =>
    renderCommand(outcome.report.failOn === 'never' ? 'warning' : 'error', { title: `${r.consumer ?? 'consumer'}: ${r.code}` }, r.message),
  );
  // A warning on the run's page, as `can-i-deploy` prints a `notice:` line: a "safe" must not hide them.
  const notices = outcome.registryNotices.map((n) => renderCommand('warning', { title: `Overseer: ${n.code}` }, n.message));
  return [...changes, ...own, ...observed, ...notices].join('\n');
}

// A change to a shared schema reaches several operations: the title names those the consumers it breaks call (as the
// comment's table does), not the first one reached, which none of them may call.
function nameOperationsUsed(change: JudgedChange, outcome: Outcome): string {
  const consumers = change.consumers ?? [];
  if (consumers.length === 0) return listOperationsFor(change, undefined).join(', ');
  return [...new Set(consumers.flatMap((consumer) => listOperationsFor(change, outcome.usedOperations[consumer])))].join(', ');
}

// The entry that declares the operation, else the provider's first entry: close enough to find it.
function findLine(manifest: Manifest, reason: VerdictReason): number | undefined {
  const uses = manifest.declarations.find((d) => d.provider === reason.provider)?.uses;
  if (!uses || uses === '*') return undefined;
  return (uses.find((u) => u.operation === reason.operation) ?? uses[0])?.line;
}
