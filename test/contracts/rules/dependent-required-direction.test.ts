// dependentRequired's names for one property (JSON Schema 2020-12 Validation 6.5.4) grown is a narrowing and shrunk a
// widening: on a request, a sender that omitted the new name is refused; on a response, a reader that relied on a dropped
// name may not get it. The other two are no break (info). Both grown and shrunk keeps oasdiff's id, breaking both sides.
import { describe } from 'vitest';
import { type Doc, inRequest, inResponse, runRuleCases } from './harness.js';

const S = { type: 'string' };
const V31 = { openapi: '3.1.0' };
const o = (dependentRequired: Doc): Doc => ({ type: 'object', properties: { a: S, b: S, c: S }, dependentRequired });

function bothSides(name: string, from: Doc, to: Doc, req: [string, string], res: [string, string]) {
  const in31 = (c: ReturnType<typeof inRequest>) => ({ ...c, base: { ...c.base, ...V31 }, revision: { ...c.revision, ...V31 } });
  return [
    in31(inRequest(name, from, to, [{ id: req[0], level: req[1] as 'info' }])),
    in31(inResponse(name, from, to, [{ id: res[0], level: res[1] as 'info' }])),
  ];
}

describe('dependentRequired names changed, by direction', () => {
  runRuleCases([
    ...bothSides(
      'a: [b] -> a: [b, c]',
      o({ a: ['b'] }),
      o({ a: ['b', 'c'] }),
      ['request-property-dependent-required-changed', 'breaking'],
      ['response-property-dependent-required-added', 'info'],
    ),
    ...bothSides(
      'a: [b, c] -> a: [b]',
      o({ a: ['b', 'c'] }),
      o({ a: ['b'] }),
      ['request-property-dependent-required-removed', 'info'],
      ['response-property-dependent-required-changed', 'breaking'],
    ),
    ...bothSides(
      'a: [b] -> a: [c]',
      o({ a: ['b'] }),
      o({ a: ['c'] }),
      ['request-property-dependent-required-changed', 'breaking'],
      ['response-property-dependent-required-changed', 'breaking'],
    ),
  ]);
});
