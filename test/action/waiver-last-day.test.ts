// A waiver in its last day in a pull request: the registry's gate said so (`waiver-last-day`) and the Action, which
// applies the same waivers file, did not, so the author learnt from the deploy, hours later, that the yes had run out.
// The Action now says it as `diff` and the gate do (contracts/policy/expiry.ts), with a fake GitHub and a real registry.

import { describe, expect, it } from 'vitest';
import { useActionSession } from './session.js';

const session = useActionSession();

/** An RFC 3339 date-time `hours` from now, written in Tokyo's offset as its team would write it. */
function inTokyo(hours: number): string {
  const local = new Date(Date.now() + hours * 3_600_000 + 9 * 3_600_000).toISOString().slice(0, 19);
  return `${local}+09:00`;
}

const waiver = (expires: string) =>
  ['- rule: response-required-property-removed', '  operation: GET /users/{id}', '  reason: the apps stopped reading name', `  expires: ${expires}`, ''].join(
    '\n',
  );

describe('a waiver that stops within a day', () => {
  it('waives, and the comment and the summary say when it stops', async () => {
    const expires = inTokyo(12);
    const result = await session.run({
      number: 61,
      headSha: 'e1'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver(expires) },
    });
    expect(result.code, result.stdout).toBe(0);
    const [comment] = session.markerComments(61);
    expect(comment!.body).toContain(
      `\`waiver-last-day\`: the waiver of response-required-property-removed on GET /users/{id} (waivers.yaml:1) expires at ${expires}`,
    );
    expect(result.summary).toContain('waiver-last-day');
  });

  it('says nothing of the kind for one that stops later, and waives nothing once past', async () => {
    const later = await session.run({
      number: 62,
      headSha: 'e2'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver(inTokyo(48)) },
    });
    expect(later.code, later.stdout).toBe(0);
    expect(session.markerComments(62)[0]!.body).not.toContain('waiver-last-day');

    const past = await session.run({
      number: 63,
      headSha: 'e3'.repeat(20),
      revision: session.fixtures['users.breaks-two.yaml'],
      inputs: { waivers: 'waivers.yaml' },
      files: { 'waivers.yaml': waiver(inTokyo(-1)) },
    });
    expect(past.code).toBe(1);
    expect(session.markerComments(63)[0]!.body).toContain('`waiver-expired`');
  });
});
