// Webhooks (OpenAPI 3.1) are requests the provider sends to its subscribers: a method of a kept webhook added or
// dropped, and findings about their bodies worded as the payload a subscriber reads or the answer it sends back.
import { describe } from 'vitest';
import { type Doc, type RuleCase, runRuleCases } from './harness.js';

const doc = (webhooks: Doc): Doc => ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, webhooks });
const body = (schema: Doc) => ({ content: { 'application/json': { schema } } });
const call = (payload: Doc, answer: Doc = { type: 'object' }) => ({ requestBody: body(payload), responses: { '200': { description: 'ok', ...body(answer) } } });
const pet = { type: 'object', properties: { name: { type: 'string' } } };

describe('webhooks', () => {
  const cases: RuleCase[] = [
    {
      name: 'a method dropped from a kept webhook: subscribers no longer receive that call',
      base: doc({ newPet: { post: call(pet), put: call(pet) } }),
      revision: doc({ newPet: { post: call(pet) } }),
      expect: [
        {
          id: 'webhook-operation-removed',
          level: 'breaking',
          operation: 'webhook `newPet` PUT',
          pointer: '/webhooks/newPet/put',
          message: ['webhook `newPet` PUT is no longer sent'],
        },
      ],
    },
    {
      name: 'a method added to a kept webhook is judged as a webhook added',
      base: doc({ newPet: { post: call(pet) } }),
      revision: doc({ newPet: { post: call(pet), put: call(pet) } }),
      expect: [{ id: 'webhook-operation-added', level: 'info', operation: 'webhook `newPet` PUT', pointer: '/webhooks/newPet/put', message: ['is now sent'] }],
    },
    {
      name: 'a payload property that may now hold a wider type breaks the subscriber that reads it, and says it is the payload',
      base: doc({ newPet: { post: call({ type: 'object', properties: { age: { type: 'integer' } } }) } }),
      revision: doc({ newPet: { post: call({ type: 'object', properties: { age: { type: 'number' } } }) } }),
      expect: [{ id: 'response-property-type-generalized', level: 'breaking', message: ['webhook payload property `age`'] }],
    },
    {
      name: 'a payload narrowed is no break for its reader, and says it is the payload',
      base: doc({ newPet: { post: call({ type: 'string' }) } }),
      revision: doc({ newPet: { post: call({ type: 'string', maxLength: 9 }) } }),
      expect: [{ id: 'response-body-max-length-set', level: 'info', message: ['the webhook payload'] }],
    },
    {
      name: "an answer property the provider now requires breaks the subscriber's answer, and says it is the answer",
      base: doc({ newPet: { post: call(pet, { type: 'object', properties: { ok: { type: 'boolean' } } }) } }),
      revision: doc({ newPet: { post: call(pet, { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] }) } }),
      expect: [{ id: 'request-property-became-required', level: 'breaking', message: ['webhook answer property `ok`'] }],
    },
  ];
  runRuleCases(cases);
});
