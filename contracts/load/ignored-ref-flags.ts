// Flags written beside a `$ref` in OpenAPI 3.0 and 2.0, which those specifications say to ignore: the engine ignores
// them too (3.1 reads them), and says so, so that an author who wrote `readOnly` there learns it is not read.
import type { RefSite } from './inspect.js';

const FLAGS = ['readOnly', 'writeOnly', 'deprecated'] as const;
/** A document that writes hundreds is told about the first few, and how many more there are. */
const MAX_NOTICES = 10;

interface IgnoredFlag {
  message: string;
  /** The pointer of the first flag at the `$ref`. */
  pointer: string;
}

/**
 * `{ $ref: ..., readOnly: true }` in a 3.0 or 2.0 document: "This object cannot be extended with additional properties
 * and any properties added SHALL be ignored" (3.0 Reference Object; 2.0's JSON Reference reads the same way). Many
 * authors write it and mean it; the way that works in every version is `allOf: [{ $ref: ... }]` with the flag beside.
 */
export function findIgnoredRefFlags(version: string, refs: readonly RefSite[]): IgnoredFlag[] {
  if (version === '3.1') return [];
  const out: IgnoredFlag[] = [];
  let more = 0;
  for (const site of refs) {
    const holder = site.holder;
    const flags = FLAGS.filter((flag) => holder[flag] !== undefined);
    if (flags.length === 0) continue;
    if (out.length >= MAX_NOTICES) {
      more++;
      continue;
    }
    const at = site.pointer.slice(0, -'/$ref'.length);
    const written = flags.map((f) => `\`${f}\``).join(' and ');
    out.push({
      pointer: `${at}/${flags[0]}`,
      message: `${written} beside \`$ref: ${site.ref}\` ${flags.length > 1 ? 'are' : 'is'} ignored: OpenAPI ${version} ignores every keyword beside a $ref (write \`allOf: [{$ref: ...}]\` with the flag beside it, or move to 3.1)`,
    });
  }
  if (more > 0) out[out.length - 1] = { ...out[out.length - 1], message: `${out[out.length - 1].message}; and ${more} more like it` };
  return out;
}
