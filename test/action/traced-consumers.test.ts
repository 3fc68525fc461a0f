// The Action against a registry that knows consumers from traces: calls it saw block the pull request as they refuse
// can-i-deploy, and uses it did not count are told in the comment, the summary and the log, in the gate's words.

import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../contracts/index.js';
import { type ClientCall, traceExport } from '../helpers/otlp.js';
import type { TestRegistry } from './harness.js';
import { type RunOptions, useActionSession } from './session.js';

let registry: TestRegistry;
let fixtures: Record<string, string>;
const session = useActionSession(async () => {
  ({ registry, fixtures } = session);
});

const run = (options: RunOptions) => session.run(options);
const markerComments = (number: number) => session.markerComments(number);

/**
 * Posts calls seen in traces until the registry uses them all: its span matching reads the environments and deployments
 * through a cache of a few seconds, so those recorded just before may not be known at once.
 */
async function postCalls(calls: ClientCall[]): Promise<void> {
  for (const started = Date.now(); ; ) {
    const posted = await fetch(`${registry.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traceExport(calls)),
    });
    expect(posted.status).toBe(200);
    const answer = (await posted.json()) as { partialSuccess: { rejectedSpans?: number; errorMessage?: string } };
    if (!answer.partialSuccess.rejectedSpans) return;
    if (Date.now() - started > 30_000) throw new Error(`the registry did not use the spans: ${answer.partialSuccess.errorMessage}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('uses the registry did not count', () => {
  // In an environment of its own: the calls seen there touch no other test's verdict.
  it('are in the comment, the job summary and the log, in the words can-i-deploy uses, while the step still passes', async () => {
    await registry.client.createEnvironment('staging');
    await registry.client.recordDeployment({ service: 'users-service', version: '1.0.0', environment: 'staging' });
    const call = { consumer: 'ghost-app', environment: 'staging', provider: 'users-service', method: 'GET', url: 'https://users.internal/users/42' };
    await postCalls([call]);
    const result = await run({ number: 40, headSha: 'k1'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'staging' } });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    const [comment] = markerComments(40);
    expect(comment.body).toMatch(/No consumer deployed in staging uses this service\. 1 use the registry did not count would break: below\./);
    // The registry's own words for the same contract, as `overseer check` and `can-i-deploy` print them.
    const { verdict } = await registry.client.check({
      service: 'users-service',
      version: 'pr-40',
      environment: 'staging',
      contract: fixtures['users.breaks-two.yaml'],
    });
    const [notice] = verdict.notices ?? [];
    expect(notice).toMatchObject({ code: 'caller-not-live', consumer: 'ghost-app' });
    expect(notice.message).toMatch(/^ghost-app was seen calling GET \/users\/\{id\} of users-service in staging .* users-service pr-40 would break/);
    expect(comment.body).toContain(
      `#### Uses not counted (1)\n\nEach would refuse this contract if the registry counted it (its usage policy, or a caller with no version live there).\n\n- \`caller-not-live\`: ${escapeMarkdown(notice.message)}`,
    );
    expect(result.summary).toContain('#### Uses not counted (1)');
    expect(result.stdout).toMatch(/^::warning title=Overseer%3A caller-not-live::ghost-app was seen calling GET \/users\/\{id\}/m);
  });
});

describe('consumers the registry counts from traces', () => {
  // In an environment of its own: the calls seen there touch no other test's verdict.
  it('block the pull request as they refuse can-i-deploy, though their declarations are untouched', async () => {
    await registry.client.createEnvironment('qa');
    for (const service of ['users-service', 'billing-worker']) await registry.client.recordDeployment({ service, version: '1.0.0', environment: 'qa' });
    // billing-worker declares only GET /users (items[].id, items[].address.country): removing `name` breaks none of it.
    const call = { consumer: 'billing-worker', environment: 'qa', provider: 'users-service', method: 'GET', url: 'https://users.internal/users/42' };
    await postCalls([call]);
    const result = await run({ number: 41, headSha: 'k2'.repeat(20), revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'qa' } });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs.verdict).toBe('blocked');
    const [comment] = markerComments(41);
    expect(comment.body.split('\n')[1]).toBe('### :no_entry: Overseer: `api/openapi.yaml` is blocked for qa');
    expect(comment.body).toMatch(/it would break 1 consumer seen calling users-service there \(in traces\)\./);
    // The registry's own reason for the same contract, as `overseer check` prints it.
    const { verdict } = await registry.client.check({
      service: 'users-service',
      version: 'pr-41',
      environment: 'qa',
      contract: fixtures['users.breaks-two.yaml'],
    });
    const observed = verdict.reasons.filter((r) => r.basis === 'observed' && r.code === 'breaks-consumer');
    expect(observed.map((r) => r.consumer)).toEqual(['billing-worker']);
    expect(observed[0]!.message).toMatch(/\(observed: billing-worker calls GET \/users\/\{id\}, last seen \S+, without declaring it\)$/);
    expect(comment.body).toContain('#### What blocks, for consumers seen calling users-service in qa');
    expect(comment.body).toContain(`| **billing-worker** | :no_entry: blocks | ${escapeMarkdown(observed[0]!.message)} | \`breaks-consumer\` |`);
    expect(comment.body).toMatch(/\*\*Ask the consumers seen calling it\*\*/);
    // It declared nothing to point at: the annotation sits on the operation it was seen calling.
    expect(result.stdout).toMatch(
      /^::error file=api\/openapi\.yaml,line=26,title=billing-worker%3A breaks-consumer::users-service pr-41 would break billing-worker 1\.0\.0/m,
    );
    // A pull request that does not make the change (the base branch made it already) is not blocked by it.
    const later = await run({
      number: 42,
      headSha: 'k3'.repeat(20),
      base: fixtures['users.breaks-two.yaml'],
      revision: fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'qa' },
    });
    expect(later.code, later.stdout).toBe(0);
    expect(later.summary).not.toContain('seen calling');
    // A contract new at its path is compared with the version live there: what breaks a caller seen there blocks, as at the gate.
    const fresh = await run({ number: 43, headSha: 'k4'.repeat(20), base: null, revision: fixtures['users.breaks-two.yaml'], inputs: { environment: 'qa' } });
    expect(fresh.code, fresh.stdout).toBe(1);
    expect(markerComments(43)[0].body).toContain(
      'compared with users-service 1.0.0, live in qa. It would break 1 consumer seen calling users-service there (in traces).',
    );
  });
});
