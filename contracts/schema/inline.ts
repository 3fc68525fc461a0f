// A subschema written out with every local `$ref` replaced by what it names, for rules that judge a subschema as a
// whole (`not`): a reference whose name stays while its target changes must read as the change it is.
import type { Resolver } from './resolve.js';

type Node = Record<string, unknown>;

/** Past this many nodes the subschema is not written out: the rule says "changed" rather than read a whole document. */
const MAX_NODES = 2000;

/**
 * The value with each `$ref` replaced by its target (siblings of a 3.1 `$ref` kept beside the target's keywords). A
 * reference met again inside itself stays a reference, so a recursive schema ends; undefined when it is too large.
 */
export function inlineRefs(value: unknown, resolver: Resolver): unknown {
  let budget = MAX_NODES;
  const open = new Set<string>();
  const visit = (v: unknown): unknown => {
    if (--budget < 0) return undefined;
    if (Array.isArray(v)) return v.map(visit);
    if (!v || typeof v !== 'object') return v;
    const node = v as Node;
    const out: Node = {};
    // `refOf` gives a 3.1 reference by `$id` as the pointer of the schema it names.
    const ref = typeof node.$ref === 'string' ? resolver.refOf(node) : undefined;
    if (ref !== undefined && !open.has(ref)) {
      const target = resolver.target(ref);
      open.add(ref);
      const inlined = visit(target ?? {});
      open.delete(ref);
      if (inlined && typeof inlined === 'object' && !Array.isArray(inlined)) Object.assign(out, inlined);
    } else if (node.$ref !== undefined) out.$ref = node.$ref;
    for (const key of Object.keys(node)) if (key !== '$ref') out[key] = visit(node[key]);
    return out;
  };
  const out = visit(value);
  return budget < 0 ? undefined : out;
}
