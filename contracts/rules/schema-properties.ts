// Object properties appearing, disappearing and changing whether they are required. A property
// that stays declared but leaves this direction's payload (readOnly, writeOnly) is judged by
// rules/read-write-only.ts, not as removed.
import { describePlace } from './schema-ids.js';
import type { PropertyPair, RuleFamily } from './types.js';

export const schemaPropertiesFamily: RuleFamily = {
  name: 'schema-properties',
  rules: [
    { id: 'request-property-removed', level: 'warning', description: 'request body property: removed (clients still sending it may be rejected or ignored)' },
    { id: 'new-required-request-property', level: 'breaking', description: 'request body gained a required property' },
    {
      id: 'new-required-request-property-with-default',
      level: 'breaking',
      description: 'request body gained a required property that has a default (the default does not help: it must be sent)',
    },
    { id: 'new-optional-request-property', level: 'info', description: 'request body gained an optional property' },
    { id: 'request-property-became-required', level: 'breaking', description: 'request body property: became required' },
    { id: 'request-property-became-required-with-default', level: 'breaking', description: 'request body property with a default: became required' },
    { id: 'request-property-became-optional', level: 'info', description: 'request body property: became optional' },
    { id: 'response-required-property-removed', level: 'breaking', description: 'required response property: removed' },
    { id: 'response-optional-property-removed', level: 'warning', description: 'optional response property: removed (breaks clients that read it)' },
    { id: 'response-property-became-optional', level: 'breaking', description: 'response property: became optional' },
    { id: 'response-property-became-required', level: 'info', description: 'response property: became required' },
    { id: 'response-required-property-added', level: 'info', description: 'required response property: added' },
    { id: 'response-optional-property-added', level: 'info', description: 'optional response property: added' },
    { id: 'request-parameter-property-removed', level: 'warning', description: 'property inside a request parameter schema: removed' },
    { id: 'new-required-request-parameter-property', level: 'breaking', description: 'request parameter schema gained a required property' },
    { id: 'request-parameter-property-became-required', level: 'breaking', description: 'property inside a request parameter schema: became required' },
  ],
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

function withDefault(p: PropertyPair, id: string): string {
  return p.resolved.revision?.default !== undefined ? `${id}-with-default` : id;
}
