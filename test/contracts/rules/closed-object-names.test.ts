// In an object closed to undeclared names (`additionalProperties: false`), a name in `properties` is the only way a
// property is admitted: dropping one from a request refuses a value clients could send, adding one to a response
// admits a value old readers were told never comes. Found by swagger-spec-compatibility's REQ-E003 (E006) and
// RES-E001 examples (test/fixtures/heldout/swagger-spec-compatibility).
import { describe } from 'vitest';
import { bodyCases, type Doc, runRuleCases } from './harness.js';

const S = { type: 'string' };
const closed = (properties: Doc, extra: Doc = {}): Doc => ({ type: 'object', additionalProperties: false, properties, ...extra });
const open = (properties: Doc): Doc => ({ type: 'object', properties });

const bothSides = bodyCases();

describe('names added to or removed from an object closed to other names', () => {
  runRuleCases([
    ...bothSides(
      'a property removed from a closed object',
      closed({ a: S, b: S }),
      closed({ a: S }),
      [
        { id: 'request-property-removed', level: 'warning' },
        { id: 'request-body-additional-properties-forbidden', level: 'breaking', message: ['`b`'] },
      ],
      [{ id: 'response-optional-property-removed', level: 'warning' }],
    ),
    ...bothSides(
      'a property added to a closed object',
      closed({ a: S }),
      closed({ a: S, b: S }),
      [{ id: 'new-optional-request-property', level: 'info' }],
      [
        { id: 'response-optional-property-added', level: 'info' },
        { id: 'response-body-additional-properties-allowed', level: 'breaking', message: ['`b`'] },
      ],
    ),
    // An open object admits any name: the property's own finding says it all.
    ...bothSides(
      'a property removed from an open object',
      open({ a: S, b: S }),
      open({ a: S }),
      ['request-property-removed'],
      ['response-optional-property-removed'],
    ),
    ...bothSides(
      'a property added to an open object',
      open({ a: S }),
      open({ a: S, b: S }),
      ['new-optional-request-property'],
      ['response-optional-property-added'],
    ),
    // A name still matched by a pattern stays admitted.
    ...bothSides(
      'a property removed from a closed object whose patternProperties still admit its name',
      closed({ a: S, b1: S }, { patternProperties: { '^b': S } }),
      closed({ a: S }, { patternProperties: { '^b': S } }),
      ['request-property-removed'],
      ['response-optional-property-removed'],
    ),
    // A readOnly property was never to be sent: the request refusing it changes nothing for a client; a reader loses it.
    ...bothSides('a readOnly property removed from a closed object', closed({ a: S, id: { type: 'string', readOnly: true } }), closed({ a: S }), 'none', [
      'response-optional-property-removed',
    ]),
  ]);
});
