// The event loop's stall while large OTLP exports are read: exports of about 8 MB posted one after another to a real
// `overseer serve`, /healthz asked every 20 ms from a thread of its own (poll-healthz.ts), its slowest answer kept.

import { readFileSync } from 'node:fs';
import { pollHealthz, sortedDurations } from './poll-healthz.js';

const SPANS = 10_000;
const CONSUMERS = 20;

export interface StallResult {
  exports: number;
  megabytes: number;
  /** Each export's answer time, ms, in order. */
  exportMs: number[];
  /** The registry process's CPU time (all threads) per export, ms, when /proc tells it. */
  serverCpuMs?: number;
  healthz: { samples: number; max: number; failed: number };
}

const text = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** An export of SPANS CLIENT spans, just under 8 MB of OTLP/JSON (the default OVERSEER_MAX_TELEMETRY_BYTES): what a busy Collector batch of a large fleet sends. */
function largeTraceExport(seed: number): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: Array.from({ length: CONSUMERS }, (_, c) => ({
      resource: { attributes: [text('service.name', `consumer-${c}`), text('deployment.environment.name', 'production')] },
      scopeSpans: [
        {
          scope: { name: '@opentelemetry/instrumentation-http', version: '0.52.0' },
          spans: Array.from({ length: SPANS / CONSUMERS }, (_, i) => ({
            traceId: (seed * 1e7 + c * 10_000 + i).toString(16).padStart(32, '0'),
            spanId: (c * 10_000 + i + 1).toString(16).padStart(16, '0'),
            name: 'GET /api/users/{id}',
            kind: 3,
            startTimeUnixNano: (now - 20_000_000n).toString(),
            endTimeUnixNano: now.toString(),
            attributes: [
              text('http.request.method', 'GET'),
              text('url.full', `https://users.internal/api/users/${seed * 100_000 + c * 1000 + i}?expand=profile,settings&trace=${i}`),
              text('peer.service', 'users-service'),
              text('server.address', 'users.internal'),
              text('network.protocol.version', '1.1'),
              text('user_agent.original', 'node-fetch/3 (consumer; +https://example.test/consumer)'),
              { key: 'http.response.status_code', value: { intValue: '200' } },
              { key: 'server.port', value: { intValue: '443' } },
            ],
            status: {},
          })),
        },
      ],
    })),
  });
}

/** User and system CPU time of a process and all its threads, ms; undefined off Linux. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat, counted after the command's closing parenthesis from field 3.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

export async function measureLargeExports(url: string, pid: number, count = 5): Promise<StallResult> {
  const bodies = Array.from({ length: count }, (_, i) => largeTraceExport(i + 1));
  const poll = pollHealthz(url, 20);
  const exportMs: number[] = [];
  const cpuBefore = cpuMsOf(pid);
  for (const body of bodies) {
    const started = performance.now();
    const response = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = await response.text();
    if (response.status !== 200) throw new Error(`POST /v1/traces: ${response.status} ${answer}`);
    exportMs.push(Math.round(performance.now() - started));
  }
  const cpuAfter = cpuMsOf(pid);
  const asked = await poll.stop();
  const times = sortedDurations(asked);
  const { failed } = asked;
  const serverCpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.round((cpuAfter - cpuBefore) / count);
  return {
    exports: count,
    megabytes: Number((Buffer.byteLength(bodies[0]!) / 1024 / 1024).toFixed(1)),
    exportMs,
    ...(serverCpuMs !== undefined && { serverCpuMs }),
    healthz: { samples: times.length, max: Math.round(Math.max(0, ...times)), failed },
  };
}
