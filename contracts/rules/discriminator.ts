// The `discriminator` of a polymorphic schema: added, removed, its property renamed, mapping
// entries added, deleted or pointed elsewhere. Informational: the alternatives themselves are
// judged by rules/schema-composition.ts.
import { BODY_POSITIONS, describePlace, schemaRules } from './schema-ids.js';
import { type RuleFamily, type SchemaEmit, type SchemaPair, schemaRuleId } from './types.js';

const INFO = { request: 'info', response: 'info' } as const;

export const discriminatorFamily: RuleFamily = {
  name: 'discriminator',
  rules: [
    ...schemaRules('discriminator-added', INFO, 'discriminator added', BODY_POSITIONS),
    ...schemaRules('discriminator-removed', INFO, 'discriminator removed', BODY_POSITIONS),
    ...schemaRules('discriminator-property-name-changed', INFO, 'discriminator property name changed', BODY_POSITIONS),
    ...schemaRules('discriminator-mapping-added', INFO, 'discriminator mapping entries added', BODY_POSITIONS),
    ...schemaRules('discriminator-mapping-deleted', INFO, 'discriminator mapping entries deleted', BODY_POSITIONS),
    ...schemaRules('discriminator-mapping-changed', INFO, 'discriminator mapping entries now point elsewhere', BODY_POSITIONS),
  ],
  checkSchema(pair, emit) {
    if (BODY_POSITIONS.includes(pair.position)) checkDiscriminator(pair, emit);
  },
};

function checkDiscriminator(pair: SchemaPair, emit: SchemaEmit): void {
  const b = objectOf(pair.base.node.discriminator);
  const r = objectOf(pair.revision.node.discriminator);
  if (!b && !r) return;
  const where = describePlace(pair.direction, pair.position);
  const id = (suffix: string) => schemaRuleId(pair.direction, pair.position, `discriminator-${suffix}`);
  const bp = `${pair.base.pointer}/discriminator`;
  const rp = `${pair.revision.pointer}/discriminator`;
  if (!b) return emit({ id: id('added'), side: 'revision', pointer: rp, message: `${where} now has a discriminator (${r!.propertyName})` });
  if (!r) return emit({ id: id('removed'), side: 'base', pointer: bp, message: `${where} no longer has a discriminator (${b.propertyName})` });
  if (b.propertyName !== r.propertyName) {
    emit({
      id: id('property-name-changed'),
      side: 'revision',
      pointer: `${rp}/propertyName`,
      message: `discriminator of ${where} changed from ${b.propertyName} to ${r.propertyName}`,
    });
  }
  const bm = objectOf(b.mapping) ?? {};
  const rm = objectOf(r.mapping) ?? {};
  const added = Object.keys(rm).filter((k) => !(k in bm));
  const deleted = Object.keys(bm).filter((k) => !(k in rm));
  const changed = Object.keys(bm).filter((k) => k in rm && bm[k] !== rm[k]);
  const list = (keys: string[]) => keys.map((k) => JSON.stringify(k)).join(', ');
  if (added.length > 0)
    emit({ id: id('mapping-added'), side: 'revision', pointer: `${rp}/mapping`, message: `discriminator mapping of ${where}: ${list(added)} added` });
  if (deleted.length > 0)
    emit({ id: id('mapping-deleted'), side: 'base', pointer: `${bp}/mapping`, message: `discriminator mapping of ${where}: ${list(deleted)} deleted` });
  if (changed.length > 0)
    emit({
      id: id('mapping-changed'),
      side: 'revision',
      pointer: `${rp}/mapping`,
      message: `discriminator mapping of ${where}: ${changed.map((k) => `${JSON.stringify(k)} now ${rm[k]} (was ${bm[k]})`).join(', ')}`,
    });
}

function objectOf(v: unknown): Record<string, any> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : undefined;
}
