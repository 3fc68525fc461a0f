// The OTLP receivers' error bodies as /openapi.json describes them: a google.rpc.Status, not the registry's usual error.

import { API_ERRORS } from '../errors.js';

/** The JSON mapping of google.rpc.Status that otlp-proto.ts's otlpJsonStatus builds; fastify serializes the answer by it. */
const OTLP_STATUS = {
  type: 'object',
  description:
    'A failed OTLP export, as OTLP/HTTP asks: the JSON mapping of a google.rpc.Status for OTLP/JSON (application/json); ' +
    'the same Status in protobuf, without details, for an OTLP/protobuf export (application/x-protobuf).',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'integer', description: 'The gRPC status code matching the HTTP status (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED, 14 UNAVAILABLE...).' },
    message: { type: 'string', description: 'The registry error code, a colon, then words for people: `ERR_TRACES_INVALID: ...`.' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        description: 'A google.rpc.ErrorInfo whose reason is the registry error code, for a program to key on.',
        required: ['@type', 'reason', 'domain'],
        properties: {
          '@type': { type: 'string', const: 'type.googleapis.com/google.rpc.ErrorInfo' },
          reason: { type: 'string', enum: Object.keys(API_ERRORS) },
          domain: { type: 'string', const: 'overseer' },
        },
      },
    },
  },
} as const;

/** A body of another media type is no OTLP export: it is refused with the registry's usual `{code, message}`. */
const OTLP_ERROR = {
  description: 'A google.rpc.Status for an OTLP export (JSON or protobuf); `{code, message}` (ApiError) for a body of any other media type.',
  anyOf: [OTLP_STATUS, { $ref: 'ApiError#' }],
} as const;

/** The response schemas of the errors an OTLP receiver may send, by status, as describeErrors is for the other routes. */
export function describeOtlpErrors(...statuses: number[]): Record<number, typeof OTLP_ERROR> {
  return Object.fromEntries([...statuses, 500].map((s) => [s, OTLP_ERROR]));
}
