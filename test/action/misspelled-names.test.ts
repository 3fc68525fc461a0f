// The Action's `service` and `environment` inputs misspelt: the CLI names the nearest known name for both, while the
// Action said only "unknown service user-service ... publish it first", sending the author to publish a second service,
// and refused a new service's first pull request, which comes before any publication, the same way.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

const runWith = (number: number, inputs: Record<string, string>) =>
  session.run({ number, headSha: `${number}`.padStart(40, 'c'), revision: session.fixtures['users.breaks-two.yaml'], inputs });

describe('a misspelt name in the inputs', () => {
  it('a service a typo away from a known one names it, and decides nothing', async () => {
    const result = await runWith(71, { service: 'user-service' });
    expect(result.code).toBe(2);
    expect(result.outputs.verdict).toBe('error');
    expect(result.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_SERVICE_UNKNOWN\)::no service is named user-service in the registry: did you mean users-service\? Check the `service` input/m,
    );
    expect(result.summary).toMatch(/did you mean users-service\?/);
  });

  it('a service near none is a new one: its first pull request is judged, saying the registry does not know it yet', async () => {
    // The first pull request of a service comes before its first publication, as `overseer check` allows.
    const result = await session.run({
      number: 72,
      headSha: '72'.padStart(40, 'c'),
      revision: session.fixtures['users.breaks-two.yaml'],
      manifest: 'service: inventory-service\nowners: ["@acme/inventory"]\n',
      inputs: { service: 'inventory-service' },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.outputs.verdict).toBe('safe');
    expect(result.summary).toMatch(
      /inventory-service is not in the registry yet: judged as a new service, which no consumer deployed in production uses yet\./,
    );
  });

  // The manifest (overseer.yaml) describes users-service; a `service` input near no known name judged the pull request as
  // a new service's, nobody's provider: "safe" for a change that breaks users-service's consumers in production.
  it("a service near none, while the manifest describes a known one, decides nothing and names the manifest's", async () => {
    const result = await runWith(75, { service: 'accounts-api' });
    expect(result.code, result.stdout).toBe(2);
    expect(result.outputs.verdict).toBe('error');
    expect(result.stdout).toMatch(
      /^::error title=Overseer could not decide \(ERR_SERVICE_UNKNOWN\)::no service is named accounts-api in the registry, and the manifest describes users-service, which it knows: .*Set the `service` input to users-service, or leave it out/m,
    );
    expect(result.summary).not.toContain('is safe');
  });

  it('an environment a typo or a shortening away from a known one names it', async () => {
    for (const [number, environment] of [
      [73, 'prodution'],
      [74, 'prod'],
    ] as const) {
      const result = await runWith(number, { environment });
      expect(result.code).toBe(2);
      expect(result.stdout).toContain(
        `the registry knows no environment "${environment}" (known: production): did you mean production? Check the \`environment\` input`,
      );
    }
  });

  // It said to "record a deployment there first", which the registry refuses for an environment nobody created.
  it('an environment near none says how to create it', async () => {
    const result = await runWith(75, { environment: 'preprod' });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      'the registry knows no environment "preprod" (known: production): check the `environment` input, or create it (overseer environment create preprod) and record what runs there',
    );
  });
});
