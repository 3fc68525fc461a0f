// The registry's notices in the Action's comment: under one heading, "Uses not counted", whose headline said every
// one "would break", the comment listed uses the gate left out by policy (they would have refused), calls that fail
// only while two versions of the service run (self-use-rollout) and uses no longer or never judged (use-dropped,
// undeclared-call). Each is now grouped and headed by what it means.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession(async () => {
  const { client } = session.registry;
  await client.createEnvironment('rollout');
  // users-service 1.1.0, live there, calls its own GET /users/{id} and uses orders-service, which the pull request's
  // manifest no longer declares.
  const manifest =
    'service: users-service\nowners: ["@acme/identity"]\nprovides: ./openapi.yaml\n' +
    'consumes:\n  users-service:\n    - GET /users/{id}\n  orders-service:\n    - GET /orders\n';
  await client.publish('users-service', { version: '1.1.0', manifest, contract: session.fixtures['users.base.yaml']!, contractFile: 'openapi.yaml' });
  await client.recordDeployment({ service: 'users-service', version: '1.1.0', environment: 'rollout' });
});

describe("the registry's notices in the Action's comment", () => {
  it('are grouped by what they mean, each group headed in its own words, none said to break when it does not', async () => {
    const result = await session.run({
      number: 70,
      headSha: 'f1'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      inputs: { environment: 'rollout' },
    });
    expect(result.code, result.stdout).toBe(0);
    const [comment] = session.markerComments(70);
    const body = comment.body;
    expect(body).not.toContain('did not count would break');
    expect(body).not.toContain('#### Uses not counted');
    expect(body).toMatch(
      /No consumer deployed in rollout uses this service\. 1 version of users-service live there and this one would fail each other's calls while both run \(not blocking\); 1 use is not judged by the gate: below\./,
    );
    expect(body).toMatch(
      /\n#### Calls that fail while both versions run \(1\)\n\n- `self-use-rollout`: users-service 1\.1\.0, live in rollout, .* Not refused, as the overlap ends when 1\.1\.0 stops/,
    );
    expect(body).toContain(
      '\n#### Uses the gate does not judge (1)\n\nNot blocking, and not judged: each says what to declare, or why it cannot be judged.\n\n- `use-dropped`: users-service 1.1.0, deployed in rollout, declares use of orders-service',
    );
    expect(result.summary).toContain('#### Calls that fail while both versions run (1)');
  });
});
