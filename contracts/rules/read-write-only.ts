// readOnly and writeOnly: a property that stays declared but enters or leaves a direction's payload
// (readOnly ones are not sent in requests, writeOnly ones are not returned in responses).

import { READ_WRITE_ONLY_RULES } from './table/read-write-only.js';
import type { Direction, PropertyPair, RuleFamily, RuleId, SchemaEmit } from './types.js';

const FLAGS = [
  { keyword: 'readOnly', on: 'read-only', off: 'not-read-only' },
  { keyword: 'writeOnly', on: 'write-only', off: 'not-write-only' },
] as const;

type Change = (typeof FLAGS)[number]['on' | 'off'];
type Required = 'optional' | 'required';

/** The id of a flag change, by direction, by whether the property is required, by change. */
const BECAME = {
  request: {
    optional: {
      'read-only': 'request-optional-property-became-read-only',
      'not-read-only': 'request-optional-property-became-not-read-only',
      'write-only': 'request-optional-property-became-write-only',
      'not-write-only': 'request-optional-property-became-not-write-only',
    },
    required: {
      'read-only': 'request-required-property-became-read-only',
      'not-read-only': 'request-required-property-became-not-read-only',
      'write-only': 'request-required-property-became-write-only',
      'not-write-only': 'request-required-property-became-not-write-only',
    },
  },
  response: {
    optional: {
      'read-only': 'response-optional-property-became-read-only',
      'not-read-only': 'response-optional-property-became-not-read-only',
      'write-only': 'response-optional-property-became-write-only',
      'not-write-only': 'response-optional-property-became-not-write-only',
    },
    required: {
      'read-only': 'response-required-property-became-read-only',
      'not-read-only': 'response-required-property-became-not-read-only',
      'write-only': 'response-required-property-became-write-only',
      'not-write-only': 'response-required-property-became-not-write-only',
    },
  },
} as const satisfies Record<Direction, Record<Required, Record<Change, RuleId>>>;

const HIDDEN = {
  removed: { optional: 'response-optional-write-only-property-removed', required: 'response-required-write-only-property-removed' },
  added: { optional: 'response-optional-write-only-property-added', required: 'response-required-write-only-property-added' },
} as const satisfies Record<'removed' | 'added', Record<Required, RuleId>>;

export const readWriteOnlyFamily: RuleFamily = {
  name: 'read-write-only',
  rules: READ_WRITE_ONLY_RULES,
  checkProperty(p, emit) {
    if (p.position !== 'property') return;
    if (p.present.base && p.present.revision) checkFlags(p, emit);
    else if (p.direction === 'response') checkHiddenPresence(p, emit);
  },
};

function checkFlags(p: PropertyPair, emit: SchemaEmit): void {
  const req = p.required.revision ? 'required' : 'optional';
  // Indexed: this runs for every property present in both versions, and for...of allocated a result per flag.
  for (let i = 0; i < FLAGS.length; i++) {
    const flag = FLAGS[i];
    const b = p.flags.base?.[flag.keyword] === true;
    const r = p.flags.revision?.[flag.keyword] === true;
    if (b === r) continue;
    const change = r ? flag.on : flag.off;
    // What this means for the payload of this direction: a property leaving a response breaks its
    // readers; a required one entering a request must now be sent by every caller.
    const leavesResponse = p.direction === 'response' && p.base !== undefined && p.revision === undefined;
    const entersRequest = p.direction === 'request' && p.base === undefined && p.revision !== undefined && p.required.revision;
    emit({
      id: BECAME[p.direction][req][change],
      side: 'revision',
      pointer: p.present.revision!.pointer,
      message: `${p.direction} property {field} became ${change.replace(/-/g, ' ')}`,
      ...(leavesResponse ? { breaksDependents: true } : {}),
      ...(entersRequest ? { everyCaller: true } : {}),
    });
  }
}

function checkHiddenPresence(p: PropertyPair, emit: SchemaEmit): void {
  if (p.present.base && !p.base && !p.present.revision) {
    const req = p.required.base ? 'required' : 'optional';
    emit({
      id: HIDDEN.removed[req],
      side: 'base',
      pointer: p.present.base.pointer,
      message: `writeOnly response property {field} was removed`,
    });
  } else if (p.present.revision && !p.revision && !p.present.base) {
    const req = p.required.revision ? 'required' : 'optional';
    emit({
      id: HIDDEN.added[req],
      side: 'revision',
      pointer: p.present.revision.pointer,
      message: `writeOnly response property {field} was added`,
    });
  }
}
