// A fork's run gets no secrets: a workflow that passes one as `github-token` sends GitHub no token, and on a public
// repository only the comment fails (401). The verdict must still stand in the step, and the warning must say why the
// comment is missing rather than leave "401" to decode.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

describe('a comment GitHub refuses for want of a token', () => {
  it('keeps the verdict (blocked, exit 1) and says the `github-token` input is why', async () => {
    session.github.failNext('POST', /\/issues\/81\/comments$/, 401);
    const result = await session.run({
      number: 81,
      headSha: 'f8'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      headRepository: 'outside-contributor/users-service',
    });
    expect(result.code, result.stdout).toBe(1);
    expect(result.outputs.verdict).toBe('blocked');
    expect(result.stdout).toMatch(
      /^::warning title=Overseer::could not write the pull-request comment \(401\): GitHub took no token from the `github-token` input .*leave the input to its default, github\.token\); the job summary has the report$/m,
    );
    expect(result.stdout).toMatch(/^::error title=Overseer::api\/openapi\.yaml: \d+ blocking findings?; the job summary \(Summary tab of this run\) says/m);
    expect(result.summary).toMatch(/is blocked for production/);
  });
});
