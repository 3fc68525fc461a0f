// OTLP/protobuf bodies -> the OTLP/JSON shape the readers take, decoded by protobufjs from the message
// definitions of opentelemetry-proto (only the fields overseer reads; unknown fields are skipped by the decoder).

import { createRequire } from 'node:module';
import type protobufModule from 'protobufjs';

const KEY_VALUE = { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } };
const ANY_VALUE = {
  oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue'] } },
  fields: {
    stringValue: { type: 'string', id: 1 },
    boolValue: { type: 'bool', id: 2 },
    intValue: { type: 'int64', id: 3 },
    doubleValue: { type: 'double', id: 4 },
  },
};
const RESOURCE = { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } };
const SCOPE = { fields: { name: { type: 'string', id: 1 }, version: { type: 'string', id: 2 } } };

// Field numbers as in opentelemetry/proto/{common,resource,trace,metrics}/v1/*.proto and collector/*/v1/*_service.proto.
const DEFINITIONS = {
  nested: {
    otlp: {
      nested: {
        KeyValue: KEY_VALUE,
        AnyValue: ANY_VALUE,
        Resource: RESOURCE,
        InstrumentationScope: SCOPE,
        ExportTraceServiceRequest: { fields: { resourceSpans: { rule: 'repeated', type: 'ResourceSpans', id: 1 } } },
        ResourceSpans: {
          fields: { resource: { type: 'Resource', id: 1 }, scopeSpans: { rule: 'repeated', type: 'ScopeSpans', id: 2 } },
        },
        ScopeSpans: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, spans: { rule: 'repeated', type: 'Span', id: 2 } } },
        Span: {
          fields: {
            traceId: { type: 'bytes', id: 1 },
            spanId: { type: 'bytes', id: 2 },
            parentSpanId: { type: 'bytes', id: 4 },
            name: { type: 'string', id: 5 },
            kind: { type: 'int32', id: 6 },
            startTimeUnixNano: { type: 'fixed64', id: 7 },
            endTimeUnixNano: { type: 'fixed64', id: 8 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 9 },
          },
        },
        ExportTraceServiceResponse: { fields: { partialSuccess: { type: 'ExportTracePartialSuccess', id: 1 } } },
        ExportTracePartialSuccess: { fields: { rejectedSpans: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
        ExportMetricsServiceResponse: { fields: { partialSuccess: { type: 'ExportMetricsPartialSuccess', id: 1 } } },
        ExportMetricsPartialSuccess: { fields: { rejectedDataPoints: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
        // google/rpc/status.proto: the body of every OTLP/HTTP failure, `details` (Any) left out as OTLP allows.
        Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } },
        ExportMetricsServiceRequest: { fields: { resourceMetrics: { rule: 'repeated', type: 'ResourceMetrics', id: 1 } } },
        ResourceMetrics: {
          fields: { resource: { type: 'Resource', id: 1 }, scopeMetrics: { rule: 'repeated', type: 'ScopeMetrics', id: 2 } },
        },
        ScopeMetrics: { fields: { scope: { type: 'InstrumentationScope', id: 1 }, metrics: { rule: 'repeated', type: 'Metric', id: 2 } } },
        Metric: { fields: { name: { type: 'string', id: 1 }, sum: { type: 'Sum', id: 7 } } },
        Sum: {
          fields: {
            dataPoints: { rule: 'repeated', type: 'NumberDataPoint', id: 1 },
            aggregationTemporality: { type: 'int32', id: 2 },
            isMonotonic: { type: 'bool', id: 3 },
          },
        },
        NumberDataPoint: {
          fields: {
            attributes: { rule: 'repeated', type: 'KeyValue', id: 7 },
            startTimeUnixNano: { type: 'fixed64', id: 2 },
            timeUnixNano: { type: 'fixed64', id: 3 },
            asDouble: { type: 'double', id: 4 },
            asInt: { type: 'sfixed64', id: 6 },
          },
        },
      },
    },
  },
};

type OtlpMessage = 'ExportTraceServiceRequest' | 'ExportMetricsServiceRequest' | 'ExportTraceServiceResponse' | 'ExportMetricsServiceResponse' | 'Status';

/**
 * Messages an export may hold. An empty message is two bytes on the wire and hundreds in memory once decoded (three
 * times over: decoded, as an object, with hex ids): 8 MiB of them took a worker thread past 1.5 GB. A Collector's batch
 * of 8,192 spans with their attributes holds some 200,000.
 */
export const MAX_OTLP_MESSAGES = 1_000_000;

export class TooManyMessages extends Error {
  constructor() {
    super(`the export holds more than ${MAX_OTLP_MESSAGES.toLocaleString('en')} protobuf messages (spans, attributes, data points): send smaller batches`);
    this.name = 'TooManyMessages';
  }
}

// Loaded at the first protobuf body or answer (a synchronous require: protobufjs is CommonJS): a registry, or a worker
// thread, that is sent OTLP/JSON alone never pays for it at its start.
let loaded: { protobuf: typeof protobufModule; root: protobufModule.Root } | undefined;

function loadProtobuf(): { protobuf: typeof protobufModule; root: protobufModule.Root } {
  if (loaded) return loaded;
  const protobuf = createRequire(import.meta.url)('protobufjs') as typeof protobufModule;
  const root = protobuf.Root.fromJSON(DEFINITIONS);
  root.resolveAll();
  loaded = { protobuf, root };
  return loaded;
}

/** Counts the messages in `end` bytes of `type` on the wire, without decoding them; throws past `budget.left`. */
function countMessages(reader: protobufModule.Reader, type: protobufModule.Type, end: number, budget: { left: number }): void {
  const { protobuf } = loadProtobuf();
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = type.fieldsById[tag >>> 3];
    if ((tag & 7) === 2 && field?.resolvedType instanceof protobuf.Type) {
      if (--budget.left < 0) throw new TooManyMessages();
      const length = reader.uint32();
      countMessages(reader, field.resolvedType, reader.pos + length, budget);
    } else reader.skipType(tag & 7);
  }
}

/** The OTLP/JSON encoding of these bytes: ids as hex, 64-bit numbers as decimal strings. Throws on bytes that are not the message. */
export function decodeOtlpProtobuf(bytes: Uint8Array, message: OtlpMessage): unknown {
  const { protobuf, root } = loadProtobuf();
  const type = root.lookupType(`otlp.${message}`);
  // Counted before anything is decoded: a flood of tiny messages is refused in the memory of its bytes.
  countMessages(protobuf.Reader.create(bytes), type, bytes.length, { left: MAX_OTLP_MESSAGES });
  const decoded = type.decode(bytes);
  return hexIds(type.toObject(decoded, { longs: String, enums: Number, arrays: true }));
}

/** The same schema, to write test fixtures and bench bodies as a Collector would. */
export function encodeOtlpProtobuf(json: unknown, message: OtlpMessage): Uint8Array {
  const type = loadProtobuf().root.lookupType(`otlp.${message}`);
  return type.encode(type.fromObject(unhexIds(json) as Record<string, unknown>)).finish();
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hexIds(v)]));
}

function unhexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unhexIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, ID_FIELDS.has(k) && typeof v === 'string' ? Buffer.from(v, 'hex') : unhexIds(v)]));
}

/** gRPC's codes for the statuses the receivers answer with; OTLP clients go by the HTTP status and may log this one. */
const GRPC_CODES: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 503: 14 };

/** A failed export's answer as OTLP/HTTP asks of a protobuf request: a google.rpc.Status with the error's code and words. */
export function encodeOtlpStatus(status: number, error: { code?: string; message?: string }): Uint8Array {
  return encodeOtlpProtobuf(otlpStatus(status, error), 'Status');
}

/** The JSON mapping of a google.rpc.Status, for a failed OTLP/JSON export: our ERR_ code leads the message and is the ErrorInfo's reason. */
interface OtlpJsonStatus {
  code: number;
  message: string;
  details: { '@type': string; reason: string; domain: string }[];
}

export function otlpJsonStatus(status: number, error: { code?: string; message?: string }): OtlpJsonStatus {
  // ErrorInfo is google.rpc's detail for a machine-readable reason: a program keys on it rather than parsing the message.
  const details = error.code ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: error.code, domain: 'overseer' }] : [];
  return { ...otlpStatus(status, error), details };
}

function otlpStatus(status: number, error: { code?: string; message?: string }): { code: number; message: string } {
  const message = [error.code, error.message].filter(Boolean).join(': ');
  return { code: GRPC_CODES[status] ?? (status >= 500 ? 13 : 2), message };
}
