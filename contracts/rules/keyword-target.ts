// A keyword aimed at one type (`maxLength` at strings, `minimum` at numbers) constrains nothing on a schema whose `type`
// holds no such value: JSON Schema lets every value of another type through (2020-12 Core 7.6.1; Wright-00 Validation
// 4.1). Moving it there is still shown, with its rule's id, since it is most likely an edit meant for the schema beside
// it, but at info and saying so: no value is accepted or refused differently, so it never blocks.
import { mayHoldType } from '../schema/dialect.js';
import { inertNote } from '../schema/inert-note.js';
import type { SchemaEmit, SchemaPair } from './types.js';

/** The type of value a keyword constrains; `integer` is a number. */
export type KeywordTarget = 'number' | 'string' | 'array' | 'object';

/**
 * The emit for the findings of a keyword aimed at `target` (or at any of several types): `emit` itself where both
 * versions' `type` may hold such a value; otherwise one that makes each finding info, with no caller or reader it
 * breaks, and says why in its message. Where only one version holds none, the type changed, and the type rules judge
 * the values it gained or lost.
 */
export function emitForTarget(pair: SchemaPair, target: KeywordTarget | readonly KeywordTarget[], emit: SchemaEmit): SchemaEmit {
  const targets = typeof target === 'string' ? [target] : target;
  const base = targets.some((t) => mayHoldType(pair.base.node, t));
  const revision = targets.some((t) => mayHoldType(pair.revision.node, t));
  if (base && revision) return emit;
  const note = inertNote({ base: pair.base.node, revision: pair.revision.node }, pair.direction, base, revision);
  return (f) => emit({ id: f.id, side: f.side, pointer: f.pointer, message: f.message + note, field: f.field, inert: true });
}
