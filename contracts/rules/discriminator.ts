// The `discriminator` of a polymorphic schema: added, removed, its property renamed, mapping
// entries added, deleted or pointed elsewhere. Informational: the alternatives themselves are
// judged by rules/schema-composition.ts.

import type { Schema } from '../schema/dialect.js';
import { impliedMapping } from '../schema/discriminator-values.js';
import type { Resolver } from '../schema/resolve.js';
import { BODY_POSITIONS, describePlace } from './schema-ids.js';
import { DISCRIMINATOR_RULES } from './table/discriminator.js';
import { ruleAt } from './table.js';
import type { RuleFamily, SchemaEmit, SchemaPair } from './types.js';

export const discriminatorFamily: RuleFamily = {
  name: 'discriminator',
  rules: DISCRIMINATOR_RULES,
  // A discriminator on either side runs every check (schema/own-keywords.ts): its implied mapping names the alternatives.
  keywords: { read: ['discriminator'] },
  checkSchema(pair, emit) {
    if (BODY_POSITIONS.includes(pair.position)) checkDiscriminator(pair, emit);
  },
};

function checkDiscriminator(pair: SchemaPair, emit: SchemaEmit): void {
  const b = objectOf(pair.base.node.discriminator);
  const r = objectOf(pair.revision.node.discriminator);
  if (!b && !r) return;
  const where = describePlace(pair.direction, pair.position);
  const at = (change: Parameters<typeof ruleAt>[2]) => ruleAt(pair.direction, pair.position, change);
  const bp = `${pair.base.pointer}/discriminator`;
  const rp = `${pair.revision.pointer}/discriminator`;
  if (!b) return emit({ id: at('discriminator-added'), side: 'revision', pointer: rp, message: `${where} now has a discriminator (${r!.propertyName})` });
  if (!r) return emit({ id: at('discriminator-removed'), side: 'base', pointer: bp, message: `${where} no longer has a discriminator (${b.propertyName})` });
  if (b.propertyName !== r.propertyName) {
    emit({
      id: at('discriminator-property-name-changed'),
      side: 'revision',
      pointer: `${rp}/propertyName`,
      message: `discriminator of ${where} changed from ${b.propertyName} to ${r.propertyName}`,
    });
  }
  // Both propertyNames must agree for a value to mean the same thing; a renamed property is reported above.
  const same = b.propertyName === r.propertyName;
  const [bi, ri] = same ? [implied(pair.base.node, pair.resolvers?.base), implied(pair.revision.node, pair.resolvers?.revision)] : [{}, {}];
  const bm: Record<string, string> = { ...bi, ...(objectOf(b.mapping) ?? {}) };
  const rm: Record<string, string> = { ...ri, ...(objectOf(r.mapping) ?? {}) };
  const added = Object.keys(rm).filter((k) => !(k in bm));
  const deleted = Object.keys(bm).filter((k) => !(k in rm));
  // An implied value written out as a bare name (`Dog: Dog`) names the same component as its reference.
  const elsewhere = (k: string) => (k in bi || k in ri ? nameOf(bm[k]) !== nameOf(rm[k]) : bm[k] !== rm[k]);
  const changed = Object.keys(bm).filter((k) => k in rm && elsewhere(k));
  const list = (keys: string[]) => keys.map((k) => JSON.stringify(k)).join(', ');
  if (added.length > 0)
    emit({
      id: at('discriminator-mapping-added'),
      side: 'revision',
      pointer: `${rp}/mapping`,
      message: `discriminator mapping of ${where}: ${list(added)} added`,
    });
  if (deleted.length > 0)
    emit({
      id: at('discriminator-mapping-deleted'),
      side: 'base',
      pointer: `${bp}/mapping`,
      message: `discriminator mapping of ${where}: ${list(deleted)} deleted`,
    });
  if (changed.length > 0)
    emit({
      id: at('discriminator-mapping-changed'),
      side: 'revision',
      pointer: `${rp}/mapping`,
      message: `discriminator mapping of ${where}: ${changed.map((k) => `${JSON.stringify(k)} now ${rm[k]} (was ${bm[k]})`).join(', ')}`,
    });
}

/** The values a member answers to by its component's name, where no mapping entry names it (schema/discriminator-values.ts). */
function implied(node: Schema, resolver: Resolver | undefined): Record<string, string> {
  return resolver ? impliedMapping(node, resolver) : {};
}

function nameOf(target: unknown): unknown {
  return typeof target === 'string' ? target.slice(target.lastIndexOf('/') + 1) : target;
}

function objectOf(v: unknown): Record<string, any> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}
