// A fake GitHub statuses API on loopback: `POST /repos/{owner}/{repo}/statuses/{sha}` as octokit sends it,
// recording each status (distinct from fake-github.ts, which serves the action's endpoints).

import { createServer } from 'node:http';
import { listen, stopListening, waitUntil } from './webhook-receiver.js';

interface RecordedStatus {
  owner: string;
  repo: string;
  sha: string;
  state: string;
  context?: string;
  description?: string;
  target_url?: string;
  authorization?: string;
}

export interface FakeGithubStatuses {
  /** What OVERSEER_GITHUB_API_URL is set to. */
  url: string;
  statuses: RecordedStatus[];
  /** Every statuses request, failed ones included. */
  attempts: number;
  /**
   * The next `count` requests are answered with `status` (default 500), these headers and message: GitHub's rate limits
   * answer 403 or 429 with `retry-after` (secondary), or `x-ratelimit-remaining: 0` and `x-ratelimit-reset` (primary).
   */
  failNext(count: number, status?: number, headers?: Record<string, string>, message?: string): void;
  waitForStatuses(count: number, timeoutMs?: number): Promise<RecordedStatus[]>;
  close(): Promise<void>;
}

const STATES = new Set(['error', 'failure', 'pending', 'success']);

export async function startFakeGithubStatuses(): Promise<FakeGithubStatuses> {
  const statuses: RecordedStatus[] = [];
  let attempts = 0;
  let failures = { count: 0, status: 500, headers: {} as Record<string, string>, message: 'failing on purpose' };
  let nextId = 1;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
        response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
      const match = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]{4,64})$/.exec((request.url ?? '').split('?')[0]);
      if (request.method !== 'POST' || !match) return send(404, { message: 'Not Found' });
      attempts++;
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        return send(failures.status, { message: failures.message }, failures.headers);
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
      if (!STATES.has(body.state)) return send(422, { message: 'Validation Failed' });
      const [, owner, repo, sha] = match;
      statuses.push({
        owner,
        repo,
        sha,
        state: body.state,
        context: body.context,
        description: body.description,
        target_url: body.target_url,
        authorization: request.headers.authorization,
      });
      return send(201, { id: nextId++, state: body.state, context: body.context ?? 'default', description: body.description, target_url: body.target_url });
    });
  });
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    get attempts() {
      return attempts;
    },
    failNext(count, status = 500, headers = {}, message = 'failing on purpose') {
      failures = { count, status, headers, message };
    },
    waitForStatuses: (count, timeoutMs = 10_000) =>
      waitUntil(
        () => statuses.length >= count,
        timeoutMs,
        () => `${statuses.length} of ${count} commit statuses`,
      ).then(() => statuses),
    close: () => stopListening(server),
  };
}
