// readOnly and writeOnly: a property that stays declared but enters or leaves a direction's payload
// (readOnly ones are not sent in requests, writeOnly ones are not returned in responses).
import type { Level } from '../model.js';
import type { PropertyPair, RuleDef, RuleFamily, SchemaEmit } from './types.js';

const FLAGS = [
  { keyword: 'readOnly', on: 'read-only', off: 'not-read-only' },
  { keyword: 'writeOnly', on: 'write-only', off: 'not-write-only' },
] as const;

function flagRules(): RuleDef[] {
  const out: RuleDef[] = [];
  for (const direction of ['request', 'response'] as const) {
    for (const req of ['optional', 'required'] as const) {
      for (const flag of FLAGS) {
        for (const change of [flag.on, flag.off]) {
          const level = levelOf(direction, req, change);
          out.push({
            id: `${direction}-${req}-property-became-${change}`,
            level,
            description: `${direction} ${req} property: became ${change.replace(/-/g, ' ')}`,
          });
        }
      }
    }
  }
  return out;
}

function levelOf(direction: 'request' | 'response', req: 'optional' | 'required', change: string): Level {
  // A required property callers never sent (the server filled it in) must now be sent by all of them.
  if (direction === 'request' && req === 'required' && change === 'not-read-only') return 'breaking';
  // A required property that starts to be returned is flagged for review, as oasdiff does.
  if (direction === 'response' && req === 'required' && change === 'not-write-only') return 'warning';
  return 'info';
}

export const readWriteOnlyFamily: RuleFamily = {
  name: 'read-write-only',
  rules: [
    ...flagRules(),
    { id: 'response-optional-write-only-property-removed', level: 'info', description: 'optional writeOnly property removed (it was never returned)' },
    { id: 'response-required-write-only-property-removed', level: 'info', description: 'required writeOnly property removed (it was never returned)' },
    { id: 'response-optional-write-only-property-added', level: 'info', description: 'optional writeOnly property added (it is not returned)' },
    { id: 'response-required-write-only-property-added', level: 'info', description: 'required writeOnly property added (it is not returned)' },
  ],
  checkProperty(p, emit) {
    if (p.position !== 'property') return;
    if (p.present.base && p.present.revision) checkFlags(p, emit);
    else if (p.direction === 'response') checkHiddenPresence(p, emit);
  },
};

function checkFlags(p: PropertyPair, emit: SchemaEmit): void {
  const req = p.required.revision ? 'required' : 'optional';
  for (const flag of FLAGS) {
    const b = p.resolved.base?.[flag.keyword] === true;
    const r = p.resolved.revision?.[flag.keyword] === true;
    if (b === r) continue;
    const change = r ? flag.on : flag.off;
    // What this means for the payload of this direction: a property leaving a response breaks its
    // readers; a required one entering a request must now be sent by every caller.
    const leavesResponse = p.direction === 'response' && p.base !== undefined && p.revision === undefined;
    const entersRequest = p.direction === 'request' && p.base === undefined && p.revision !== undefined && p.required.revision;
    emit({
      id: `${p.direction}-${req}-property-became-${change}`,
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
      id: `response-${req}-write-only-property-removed`,
      side: 'base',
      pointer: p.present.base.pointer,
      message: `writeOnly response property {field} was removed`,
    });
  } else if (p.present.revision && !p.revision && !p.present.base) {
    const req = p.required.revision ? 'required' : 'optional';
    emit({
      id: `response-${req}-write-only-property-added`,
      side: 'revision',
      pointer: p.present.revision.pointer,
      message: `writeOnly response property {field} was added`,
    });
  }
}
