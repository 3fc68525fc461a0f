// Consumers name an operation as they like (`getUser`, `get /users/{userId}`): the consumers listing adds how the
// provider's contract names it, `METHOD /path` and its operationId, so it reads as `overseer usage` and the dashboard.

import { USE_PARTS } from './schemas.js';

/** The consumers listing's `uses`: `"*"`, or each operation as declared plus `label` and `operationId` (added, never renamed). */
export const NAMED_USES = {
  anyOf: [
    { const: '*' },
    {
      type: 'array',
      items: {
        type: 'object',
        required: ['operation'],
        properties: {
          operation: { type: 'string', description: 'as the consumer declared it: an operationId or METHOD /path' },
          label: {
            type: 'string',
            description: "METHOD /path as the provider's contract in the listing's scope writes it; absent when it lacks the operation",
          },
          operationId: { type: 'string' },
          ...USE_PARTS,
        },
      },
    },
  ],
} as const;
