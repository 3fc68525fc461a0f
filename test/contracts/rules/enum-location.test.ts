// Where an enum finding points when the schema that constrains a field is merged from `allOf` members: at the `enum`
// an inline member writes, else at the field that uses an enum component; never at an `enum` the document does not write.
// Its message names the field a client reads, whichever.
import { describe } from 'vitest';
import { api, type Doc, json, ok, type RuleCase, runRuleCases } from './harness.js';

/** Two operations return Event, so a finding there is reached from both and named after the schema path (reach.ts). */
const events = (eventType: Doc, kinds: string[] = ['a', 'b']): Doc =>
  api(
    {
      '/events': { get: { responses: ok(json({ $ref: '#/components/schemas/Event' })) } },
      '/last': { get: { responses: ok(json({ $ref: '#/components/schemas/Event' })) } },
    },
    { components: { schemas: { Event: { type: 'object', properties: { event_type: eventType } }, Kind: { type: 'string', enum: kinds } } } },
  );
const inline = (values: string[]): Doc => ({ allOf: [{ type: 'string', enum: values }] });
const byRef: Doc = { description: 'the kind', allOf: [{ $ref: '#/components/schemas/Kind' }] };

describe('an enum finding inside a merged allOf', () => {
  const cases: RuleCase[] = [
    {
      name: 'an inline allOf member writes the enum: the finding points at that enum, and names the field',
      base: events(inline(['a', 'b'])),
      revision: events(inline(['a', 'b', 'c'])),
      expect: [
        {
          id: 'response-property-enum-value-added',
          pointer: '/components/schemas/Event/properties/event_type/allOf/0/enum',
          message: ['"c" was added to response property `Event.event_type`'],
        },
      ],
    },
    {
      // The component's own line is one $ref away; pointing there would name `Kind`, which no client reads.
      name: 'the enum comes from a component through allOf: the finding points at the field that uses it',
      base: events(byRef),
      revision: events(byRef, ['a', 'b', 'c']),
      expect: [
        {
          id: 'response-property-enum-value-added',
          pointer: '/components/schemas/Event/properties/event_type',
          message: ['"c" was added to response property `Event.event_type`'],
        },
      ],
    },
  ];
  runRuleCases(cases);
});
