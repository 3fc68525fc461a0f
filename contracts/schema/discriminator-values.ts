// The discriminator values a `oneOf`/`anyOf` member answers to, so that members are paired by what
// a client sends and reads (`"kind": "dog"`) rather than by the component's name, which may change.

import type { BranchDiscriminators } from './branch-match.js';
import { isSchemaObject, type Schema } from './dialect.js';
import type { Resolver } from './resolve.js';

// Indexed loops over it: a for...of allocates a result per step in code V8 has not optimised, and this runs per schema.
const ALTERNATIVES = ['oneOf', 'anyOf'] as const;

/**
 * Per member index, the values of the parent's discriminator that select it: the `mapping` keys
 * pointing at its component, else the `enum`/`const` its `propertyName` property declares (itself or
 * in an `allOf` part). Members with no value are absent. Undefined when the parent has no discriminator.
 */
export function discriminatorValues(parent: Schema | undefined, members: unknown[], resolver: Resolver): Map<number, Set<string>> | undefined {
  const discriminator = parent?.discriminator;
  if (!isSchemaObject(discriminator) || typeof discriminator.propertyName !== 'string') return undefined;
  const mapping = isSchemaObject(discriminator.mapping) ? (discriminator.mapping as Record<string, unknown>) : {};
  const out = new Map<number, Set<string>>();
  members.forEach((member, i) => {
    const name = componentName(member);
    const mapped = Object.keys(mapping).filter((value) => name !== undefined && componentName({ $ref: mapping[value] }) === name);
    const values = mapped.length > 0 ? mapped : declaredValues(resolver.follow<Schema>(member, '').node, discriminator.propertyName as string, resolver);
    if (values.length > 0) out.set(i, new Set(values));
  });
  return out;
}

/** The propertyName of a parent's discriminator, for checking both sides name the same property. */
function discriminatorProperty(parent: Schema | undefined): string | undefined {
  const d = parent?.discriminator;
  return isSchemaObject(d) && typeof d.propertyName === 'string' ? d.propertyName : undefined;
}

// A mapping value is a reference or a bare schema name (OpenAPI 3.x): both name the component.
function componentName(schema: unknown): string | undefined {
  const ref = isSchemaObject(schema) ? schema.$ref : undefined;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('/') + 1) : undefined;
}

function declaredValues(schema: Schema | undefined, property: string, resolver: Resolver, depth = 0): string[] {
  if (!isSchemaObject(schema) || depth > 3) return [];
  const own = resolver.follow<Schema>(schema.properties?.[property], '').node;
  if (isSchemaObject(own)) {
    if (own.const !== undefined) return [String(own.const)];
    if (Array.isArray(own.enum)) return own.enum.map(String);
  }
  const parts: unknown[] = Array.isArray(schema.allOf) ? schema.allOf : [];
  return parts.flatMap((part) => declaredValues(resolver.follow<Schema>(part, '').node, property, resolver, depth + 1));
}

/** Members are paired by discriminator value only when both versions discriminate on the same property. */
export function branchDiscriminators(
  b: Schema,
  r: Schema,
  bl: unknown[],
  rl: unknown[],
  resolvers: { base: Resolver; revision: Resolver },
): BranchDiscriminators | undefined {
  const property = discriminatorProperty(b);
  if (property === undefined || property !== discriminatorProperty(r)) return undefined;
  const base = discriminatorValues(b, bl, resolvers.base);
  const revision = discriminatorValues(r, rl, resolvers.revision);
  return base && revision ? { base, revision } : undefined;
}

/**
 * The values a discriminator selects its `oneOf`/`anyOf` members by when its mapping does not name them: each member
 * written as a `$ref` to a component, whose property declares no value of its own, answers to its component's name
 * (OpenAPI 3.0 and 3.1, Discriminator Object: the implicit mapping). Value -> the member's reference.
 */
export function impliedMapping(parent: Schema, resolver: Resolver): Record<string, string> {
  const discriminator = parent.discriminator;
  if (!isSchemaObject(discriminator) || typeof discriminator.propertyName !== 'string') return {};
  const mapping = isSchemaObject(discriminator.mapping) ? (discriminator.mapping as Record<string, unknown>) : {};
  const mapped = new Set(Object.values(mapping).map((target) => componentName({ $ref: target })));
  const out: Record<string, string> = {};
  for (let at = 0; at < ALTERNATIVES.length; at++) {
    const keyword = ALTERNATIVES[at];
    const members: unknown[] = Array.isArray(parent[keyword]) ? parent[keyword] : [];
    for (const member of members) {
      const name = componentName(member);
      if (name === undefined || mapped.has(name) || name in mapping) continue;
      if (declaredValues(resolver.follow<Schema>(member, '').node, discriminator.propertyName, resolver).length > 0) continue;
      out[name] = (member as { $ref: string }).$ref;
    }
  }
  return out;
}
