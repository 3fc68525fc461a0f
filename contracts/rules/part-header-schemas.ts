// A multipart part's header kept in both versions, its schema compared as a request header parameter's is: the client
// writes the header's value as it did, and a schema that now refuses it (another type, a value no longer in the enum, a
// tighter bound) refuses the part. The walk's findings are reported on the part, so every consumer that sends a body in
// that media type is judged by them: a consumer's field list names the body's fields, never a part's headers.
import type { Located, Resolver } from '../schema/resolve.js';
import type { Emit, PairNode, RuleId, SchemaFinding, SchemaWalker } from './types.js';
import { withoutNullOnWire } from './wire-null.js';

type Node = Record<string, any>;

/** One side of a part's header: its name as written, and its Header Object where it is written. */
export interface PartHeader {
  name: string;
  header: Located<Node>;
}

interface PartPlace {
  field: string;
  media: string;
  emit: Emit;
}

export function comparePartHeaderSchemas(
  part: PartPlace,
  b: Map<string, PartHeader>,
  r: Map<string, PartHeader>,
  walk: SchemaWalker,
  resolvers: { base: Resolver; revision: Resolver },
): void {
  for (const [key, rh] of r) {
    const bh = b.get(key);
    const bs = bh && schemaOf(bh.header, resolvers.base);
    const rs = schemaOf(rh.header, resolvers.revision);
    if (!bs || !rs) continue;
    // A part's header is written as text (simple style), as a header parameter is: the integer 5 and the string "5" alike.
    const node = walk(bs, rs, 'request', 'header-parameter', { text: true });
    const target = { kind: 'request-body' as const, mediaType: part.media, field: part.field };
    for (const f of findingsBelow(node)) {
      const said = f.message.replace('parameter {param}', `header \`${rh.name}\``).replace('{field}', `\`${f.field || rh.name}\``);
      part.emit({
        // The walk stores ids as strings; only rules emit them, and rules take a RuleId.
        id: f.id as RuleId,
        side: f.side,
        pointer: f.pointer,
        message: `request body (${part.media}) part \`${part.field}\`: ${said}`,
        target,
        ...(f.inert && { inert: true }),
      });
    }
  }
}

/** The header's schema, where the null its schema may admit is nothing on the wire, as for a header parameter. */
function schemaOf(header: Located<Node>, resolver: Resolver): Located<Node> | undefined {
  const schema = header.node?.schema;
  if (schema === null || typeof schema !== 'object') return undefined;
  const followed = resolver.follow<Node>(schema, `${header.pointer}/schema`);
  if (!followed.node) return undefined;
  return withoutNullOnWire(followed.node, followed.pointer, resolver);
}

function findingsBelow(root: PairNode): SchemaFinding[] {
  const out: SchemaFinding[] = [];
  const seen = new Set<PairNode>([root]);
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    out.push(...node.local);
    for (const { child } of node.edges) if (!seen.has(child)) seen.add(child), stack.push(child);
  }
  return out;
}
