// Workflow commands for the log: each change on its line of the contract (the engine's `github` format),
// and each problem with what this service uses on its entry in the manifest.

import { formatGithub, type Manifest, renderCommand, type VerdictReason } from '../contracts/index.js';
import type { Outcome } from './report.js';

export function renderAnnotations(outcome: Outcome, manifest?: Manifest): string {
  const own = outcome.ownReasons.map((reason) => {
    const command = reason.severity === 'error' && outcome.report.failOn !== 'never' ? 'error' : 'warning';
    const properties = { file: outcome.manifest, line: manifest && findLine(manifest, reason), title: `${reason.provider ?? 'provider'}: ${reason.code}` };
    return renderCommand(command, properties, reason.message);
  });
  // Only the commands: the format's closing verdict line would ignore what the service itself uses.
  const changes = formatGithub(outcome.report)
    .split('\n')
    .filter((line) => line.startsWith('::'));
  return [...changes, ...own].join('\n');
}

// The entry that declares the operation, else the provider's first entry: close enough to find it.
function findLine(manifest: Manifest, reason: VerdictReason): number | undefined {
  const uses = manifest.declarations.find((d) => d.provider === reason.provider)?.uses;
  if (!uses || uses === '*') return undefined;
  return (uses.find((u) => u.operation === reason.operation) ?? uses[0])?.line;
}
