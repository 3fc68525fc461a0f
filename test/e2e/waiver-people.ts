// The contract and waiver the waiver-expiry tests share: a roster whose `nickname` goes, and the waiver of that removal
// until `expires`, so each test says only when the waiver ends and when it is asked.

export const people = (fields: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'people', version: '1' },
  paths: {
    '/people': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: { type: 'object', properties: Object.fromEntries(fields.map((f) => [f, { type: 'string' }])) } } },
          },
        },
      },
    },
  },
});

export const waiver = (expires: string) =>
  ['- rule: response-optional-property-removed', '  operation: GET /people', '  reason: roster stops showing nicknames', `  expires: ${expires}`, ''].join(
    '\n',
  );
