// A consumer whose declaration misspells the provider's name is judged as that provider's (the registry decides which
// declarations are, overseer/gather/misdirected-uses.ts): each reason about it says so, or its owners would look for a
// use of the provider that their manifest does not seem to write.

import type { GateVersion } from '../gate.js';
import type { VerdictReason } from '../model.js';

/** The reasons about a consumer that declares `service` under another name, with that name said. */
export function sayMisdirected(reasons: VerdictReason[], deployed: readonly GateVersion[], service: string): VerdictReason[] {
  const written = new Map<string, string>();
  for (const version of deployed) {
    const misspelled = version.declarations.find((d) => d.provider === service && d.declaredAs !== undefined);
    if (misspelled) written.set(`${version.service}\u0000${version.version}`, misspelled.declaredAs!);
  }
  if (written.size === 0) return reasons;
  return reasons.map((r) => {
    const declaredAs = r.consumer === undefined ? undefined : written.get(`${r.consumer}\u0000${r.consumerVersion}`);
    if (declaredAs === undefined || r.provider !== service) return r;
    const note = ` (${r.consumer} declares this use under ${declaredAs}, which no service is named: taken as ${service}, the name nearest; correct its manifest)`;
    return { ...r, message: `${r.message}${note}`, declaredAs };
  });
}
