// Object properties appearing, disappearing and changing whether they are required. A property
// that stays declared but leaves this direction's payload (readOnly, writeOnly) is judged by
// rules/read-write-only.ts, not as removed.
import { describePlace } from './schema-ids.js';
import { SCHEMA_PROPERTIES_RULES } from './table/schema-properties.js';
import type { PropertyPair, RuleFamily, RuleId } from './types.js';

export const schemaPropertiesFamily: RuleFamily = {
  name: 'schema-properties',
  rules: SCHEMA_PROPERTIES_RULES,
  checkProperty(p, emit) {
    const inParameter = p.position === 'parameter-property';
    const place = describePlace(p.direction, p.position);
    if (p.base && !p.revision) {
      if (p.present.revision) return;
      const pointer = p.base.pointer;
      if (p.direction === 'request') {
        emit({
          id: inParameter ? 'request-parameter-property-removed' : 'request-property-removed',
          side: 'base',
          pointer,
          message: `${place} was removed`,
          breaksDependents: true,
        });
      } else if (p.required.base) {
        emit({ id: 'response-required-property-removed', side: 'base', pointer, message: `${place} was removed (it was required)` });
      } else {
        emit({ id: 'response-optional-property-removed', side: 'base', pointer, message: `${place} was removed (it was optional)`, breaksDependents: true });
      }
      return;
    }
    if (!p.base && p.revision) {
      if (p.present.base) return;
      const pointer = p.revision.pointer;
      if (p.direction === 'request') {
        if (p.required.revision) {
          const id = inParameter ? 'new-required-request-parameter-property' : withDefault(p, 'new-required-request-property');
          emit({ id, side: 'revision', pointer, message: `new required ${place}`, everyCaller: true });
        } else if (!inParameter) {
          emit({ id: 'new-optional-request-property', side: 'revision', pointer, message: `new optional ${place}` });
        }
      } else {
        const id = p.required.revision ? 'response-required-property-added' : 'response-optional-property-added';
        emit({ id, side: 'revision', pointer, message: `new ${p.required.revision ? 'required' : 'optional'} ${place}` });
      }
      return;
    }
    if (!p.base || !p.revision || p.required.base === p.required.revision) return;
    const pointer = p.revision.pointer;
    if (p.direction === 'request' && p.required.revision) {
      const id = inParameter ? 'request-parameter-property-became-required' : withDefault(p, 'request-property-became-required');
      emit({ id, side: 'revision', pointer, message: `${place} became required`, everyCaller: true });
    } else if (p.direction === 'request' && !inParameter) {
      emit({ id: 'request-property-became-optional', side: 'revision', pointer, message: `${place} became optional` });
    } else if (p.direction === 'response') {
      const id = p.required.revision ? 'response-property-became-required' : 'response-property-became-optional';
      emit({
        id,
        side: 'revision',
        pointer,
        message: `${place} became ${p.required.revision ? 'required' : 'optional'}`,
        breaksDependents: !p.required.revision,
      });
    }
  },
};

/** A required property that has a default: oasdiff names it apart (`...-with-default`). */
function withDefault<Plain extends keyof typeof WITH_DEFAULT>(p: PropertyPair, id: Plain): RuleId {
  return p.resolved.revision?.default !== undefined ? WITH_DEFAULT[id] : id;
}

const WITH_DEFAULT = {
  'new-required-request-property': 'new-required-request-property-with-default',
  'request-property-became-required': 'request-property-became-required-with-default',
} as const satisfies Record<string, RuleId>;
