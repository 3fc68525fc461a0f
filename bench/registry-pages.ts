// The dashboard's page times: the server's own figure (its Server-Timing header) and the time to the last byte.
import { performance } from 'node:perf_hooks';
import type { SeededRegistry } from './registry-seed.js';

export interface PageTarget {
  label: string;
  path: string;
}

export interface PageSample {
  status: number;
  /** `page;dur=` of Server-Timing; null when the page does not send it. */
  serverMs: number | null;
  totalMs: number;
  bytes: number;
}

/** Whether this build serves the dashboard: `/` answers with HTML. */
export async function detectDashboard(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/', baseUrl));
    await response.arrayBuffer();
    return response.ok && (response.headers.get('content-type') ?? '').startsWith('text/html');
  } catch {
    return false;
  }
}

/** The pages issues 8 and 19 name (a page this build lacks shows its 404); a hub has the most consumers, so its page is the heaviest service page. */
export function listPageTargets(seeded: SeededRegistry): PageTarget[] {
  const hub = seeded.hubs[0]!;
  const leaf = seeded.services[seeded.services.length - 1]!;
  return [
    { label: 'Services `/`', path: '/' },
    { label: 'Services, page 2 `/?page=2`', path: '/?page=2' },
    { label: 'Services, blocked only `/?blocked=1`', path: '/?blocked=1' },
    { label: 'Graph `/graph` (by owner past 300 services)', path: '/graph' },
    { label: 'Graph of production `/graph?environment=production`', path: '/graph?environment=production' },
    { label: `Graph around a hub, 2 hops \`/graph?service=${hub}&hops=2\``, path: `/graph?service=${hub}&hops=2` },
    { label: 'Graph search `/graph?service=svc-00`', path: '/graph?service=svc-00' },
    { label: `Service, a hub \`/services/${hub}\``, path: `/services/${hub}` },
    { label: `Service, a leaf \`/services/${leaf}\``, path: `/services/${leaf}` },
    { label: `Migrations of a hub \`/services/${hub}/migrations\``, path: `/services/${hub}/migrations` },
    { label: 'Environments `/environments`', path: '/environments' },
    { label: 'Audit `/audit`', path: '/audit' },
  ];
}

export async function timePage(baseUrl: string, path: string): Promise<PageSample> {
  const started = performance.now();
  const response = await fetch(new URL(path, baseUrl));
  const body = await response.arrayBuffer();
  const totalMs = performance.now() - started;
  const timing = /page;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '');
  return { status: response.status, serverMs: timing ? Number(timing[1]) : null, totalMs, bytes: body.byteLength };
}
