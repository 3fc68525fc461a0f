// Object properties appearing, disappearing and changing whether they are required. A property
// that stays declared but leaves this direction's payload (readOnly, writeOnly) is judged by
// rules/read-write-only.ts, not as removed.
import { BODY_POSITIONS, describePlace, isParameterProperty } from './schema-ids.js';
import { SCHEMA_PROPERTIES_RULES } from './table/schema-properties.js';
import type { PropertyPair, RuleFamily, RuleId, SchemaEmit, SchemaPair, SchemaPosition } from './types.js';

export const schemaPropertiesFamily: RuleFamily = {
  name: 'schema-properties',
  rules: SCHEMA_PROPERTIES_RULES,
  keywords: { read: ['properties', 'required', 'type', 'oneOf', 'anyOf', 'allOf', 'additionalProperties', 'patternProperties'] },
  checkSchema(pair, emit) {
    checkUndeclaredRequired(pair, emit);
  },
  checkProperty(p, emit) {
    const inParameter = isParameterProperty(p.position);
    const inParameterIds = PARAMETER_IDS[p.position];
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
          const id = inParameterIds?.newRequired ?? withDefault(p, 'new-required-request-property');
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
      const id = inParameterIds?.becameRequired ?? withDefault(p, 'request-property-became-required');
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

/**
 * A name made required (or no longer required) that the schema does not declare under `properties`: inside a condition
 * (`then: {required: [vat]}`, `else`, a `dependentSchemas` entry) JSON Schema's idiom for "required when", elsewhere a
 * name any value may hold. `required` asks for the name whether or not `properties` declares it (2020-12 Validation
 * 6.5.3), so a request without it is now refused; the property walk meets only declared names, so these are judged
 * here, as a declared property's would be. oasdiff reports nothing (bench/conformance-notes.ts says why we differ).
 * Beside `oneOf`/`anyOf` the alternatives may declare the name, or have required it already: judged there, not here.
 */
function checkUndeclaredRequired(pair: SchemaPair, emit: SchemaEmit): void {
  if (!BODY_POSITIONS.includes(pair.position)) return;
  const b = pair.base.node;
  const r = pair.revision.node;
  if (!Array.isArray(b.required) && !Array.isArray(r.required)) return;
  if (!CONDITION.test(pair.revision.pointer) && (hasAlternatives(b) || hasAlternatives(r))) return;
  // `required` constrains objects only: on an array (Box writes `required: [items]` beside `type: array`) it asks nothing.
  if (notObject(b) || notObject(r)) return;
  const names = (node: typeof b): string[] => (Array.isArray(node.required) ? node.required.filter((n: unknown): n is string => typeof n === 'string') : []);
  const declared = (name: string) => Object.hasOwn(b.properties ?? {}, name) || Object.hasOwn(r.properties ?? {}, name);
  const was = names(b);
  const now = names(r);
  const place = describePlace(pair.direction, 'property');
  for (let i = 0; i < now.length; i++) {
    const name = now[i];
    if (!was.includes(name) && !declared(name)) {
      const id = pair.direction === 'request' ? 'request-property-became-required' : 'response-property-became-required';
      emit({
        id,
        side: 'revision',
        pointer: `${pair.revision.pointer}/required`,
        field: name,
        message: `${place} became required`,
        everyCaller: pair.direction === 'request',
      });
    }
  }
  for (let i = 0; i < was.length; i++) {
    const name = was[i];
    if (!now.includes(name) && !declared(name)) {
      const id = pair.direction === 'request' ? 'request-property-became-optional' : 'response-property-became-optional';
      emit({
        id,
        side: 'revision',
        pointer: pair.revision.pointer,
        field: name,
        message: `${place} became optional`,
        breaksDependents: pair.direction === 'response',
      });
    }
  }
}

function notObject(s: SchemaPair['base']['node']): boolean {
  const types: unknown[] | undefined = typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? s.type : undefined;
  return types !== undefined && !types.includes('object');
}

function hasAlternatives(s: SchemaPair['base']['node']): boolean {
  return s.oneOf !== undefined || s.anyOf !== undefined;
}

const CONDITION = /\/(?:then|else|dependentSchemas\/[^/]+)$/;

/** Inside a parameter's object schema: oasdiff names a header parameter's properties apart from the others'. */
const PARAMETER_IDS: Partial<Record<SchemaPosition, { newRequired: RuleId; becameRequired: RuleId }>> = {
  'parameter-property': { newRequired: 'new-required-request-parameter-property', becameRequired: 'request-parameter-property-became-required' },
  'header-parameter-property': { newRequired: 'new-required-request-header-property', becameRequired: 'request-header-property-became-required' },
};

/** A required property that has a default: oasdiff names it apart (`...-with-default`). */
function withDefault<Plain extends keyof typeof WITH_DEFAULT>(p: PropertyPair, id: Plain): RuleId {
  return p.resolved.revision?.default !== undefined ? WITH_DEFAULT[id] : id;
}

const WITH_DEFAULT = {
  'new-required-request-property': 'new-required-request-property-with-default',
  'request-property-became-required': 'request-property-became-required-with-default',
} as const satisfies Record<string, RuleId>;
