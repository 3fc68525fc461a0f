// Deprecated properties below request and response bodies, as manifest field paths, found with the field
// walker's own steps so that a path listed here is a path a consumer's manifest can name.

import type { Schema } from './dialect.js';
import { joinField } from './field-path.js';
import { expandBranches, listSteps, type SchemaContext } from './field-walk.js';
import type { Located } from './resolve.js';
import { flagsOf } from './schema-flags.js';

/** Enough for any real contract; bounds the paths through schemas shared by many properties. */
const MAX_FIELDS_PER_BODY = 500;
const MAX_STEPS_PER_BODY = 20_000;
/** A recursive schema is entered this many times along one path: `manager.email` of a User is listed, `manager.manager.email` not. */
const MAX_VISITS_ON_PATH = 2;

interface DeprecatedField {
  /** `items[].email`: the first deprecated property along it (what it holds is deprecated with it). */
  field: string;
  /** Where the deprecated property is written. */
  pointer: string;
  /** Its `x-sunset`, read where `deprecated` is (schema-flags.ts). */
  sunset?: string;
}

interface Edge {
  segment: string;
  child: Located<Schema>;
  deprecated?: { pointer: string; sunset?: string };
}

/**
 * Indexes every schema reachable from `roots` once, then answers per body which deprecated fields lie below
 * it. A recursive schema is followed once round its loop, so the paths stay finite.
 */
export function indexDeprecatedFields(roots: readonly Located[], ctx: SchemaContext): (bodies: readonly Located[]) => DeprecatedField[] {
  const edges = new Map<object, Edge[]>();
  const parents = new Map<object, object[]>();
  const leadsToDeprecated = new Set<object>();
  const pending = roots.map((r) => prepareValue(r, ctx));
  for (let value = pending.pop(); value; value = pending.pop()) {
    if (edges.has(value.node)) continue;
    const out = readEdges(value, ctx);
    edges.set(value.node, out);
    for (const edge of out) {
      if (edge.deprecated) leadsToDeprecated.add(value.node);
      else {
        const list = parents.get(edge.child.node);
        if (list) list.push(value.node);
        else parents.set(edge.child.node, [value.node]);
      }
      if (!edges.has(edge.child.node)) pending.push(edge.child);
    }
  }
  // A schema leads to a deprecated field when one of its children does: spread the mark up to every parent.
  const rising = [...leadsToDeprecated];
  for (let node = rising.pop(); node; node = rising.pop())
    for (const parent of parents.get(node) ?? []) if (!leadsToDeprecated.has(parent) && rising.push(parent)) leadsToDeprecated.add(parent);
  const byRoot = new Map<object, DeprecatedField[]>();
  const fieldsOf = (root: Located): DeprecatedField[] => {
    const value = prepareValue(root, ctx);
    const known = byRoot.get(value.node);
    if (known) return known;
    const found: DeprecatedField[] = [];
    collectBelow(value.node, '', new Map([[value.node, 1]]), { edges, leadsToDeprecated, found, steps: 0 });
    byRoot.set(value.node, found);
    return found;
  };
  return (bodies) => {
    const seen = new Map<string, DeprecatedField>();
    for (const found of bodies.flatMap(fieldsOf)) if (!seen.has(found.field)) seen.set(found.field, found);
    return [...seen.values()];
  };
}

interface Walk {
  edges: Map<object, Edge[]>;
  leadsToDeprecated: Set<object>;
  found: DeprecatedField[];
  steps: number;
}

function collectBelow(node: object, prefix: string, onPath: Map<object, number>, walk: Walk): void {
  for (const edge of walk.edges.get(node) ?? []) {
    if (walk.found.length >= MAX_FIELDS_PER_BODY || ++walk.steps > MAX_STEPS_PER_BODY) return;
    const field = joinField(prefix, edge.segment);
    const child = edge.child.node;
    const visits = onPath.get(child) ?? 0;
    if (edge.deprecated) walk.found.push({ field, ...edge.deprecated });
    else if (walk.leadsToDeprecated.has(child) && visits < MAX_VISITS_ON_PATH) {
      onPath.set(child, visits + 1);
      collectBelow(child, field, onPath, walk);
      onPath.set(child, visits);
    }
  }
}

/**
 * The steps down from a value and all its `oneOf`/`anyOf` branches. A step is deprecated as the diff's property rules
 * read it (schema-flags.ts): where written, through its `$ref`, in an `allOf` member, or in every alternative that is
 * not only null; one alternative of several saying so leaves the others' values undeprecated, so the field is not listed.
 */
function readEdges(value: Located<Schema>, ctx: SchemaContext): Edge[] {
  return expandBranches([value], ctx)
    .flatMap((branch) => listSteps(branch, ctx))
    .map(({ segment, at }) => {
      const child = expandBranches([at], ctx)[0]!;
      const flags = flagsOf(at.node, at.pointer, ctx.resolver);
      if (!flags.deprecated) return { segment, child };
      return { segment, child, deprecated: { pointer: at.pointer, ...(flags.sunset !== undefined && { sunset: flags.sunset }) } };
    });
}

/** A schema with its `$ref`s followed and `allOf` merged: the identity of a value in the index. */
function prepareValue(located: Located<Schema>, ctx: SchemaContext): Located<Schema> {
  return expandBranches([located], ctx)[0]!;
}
