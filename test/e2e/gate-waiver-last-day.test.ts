// A waiver holds through its `expires` day as a UTC day: a team ahead of UTC (Auckland, +13) whose waiver ended at its
// own midnight still gets a yes from the gate for up to half a day. On the waiver's last day the verdict says until
// when, in UTC, so that the yes is read for what it is. Against a registry run in the test's process, on SQLite, whose
// clock the test sets (a run across midnight UTC would otherwise see two days).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { useRegistry } from './registry-session.js';
import { people, waiver } from './waiver-people.js';

// The registry's clock: a day years away from the run's, so a yes on it is the clock's doing.
const today = '2031-05-17';
const now = () => Date.parse(`${today}T13:00:00Z`);

const session = useRegistry({ name: 'gate-waiver-last-day', now, setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a waiver on its last day', () => {
  it('still waives, and the verdict says it ends at 24:00 UTC today; a later expiry says nothing of the kind, an earlier one waives nothing', async () => {
    await writeFile(join(session.dir, 'today.yaml'), waiver(today));
    await writeFile(join(session.dir, 'later.yaml'), waiver('2031-05-18'));
    await publish('people', '1.0.0', { contract: people(['id', 'nickname']) });
    await deploy('people', '1.0.0');
    await publish('roster', '1.0.0', { consumes: '  people:\n    - operation: GET /people\n      response: [nickname]' });
    await deploy('roster', '1.0.0');

    await publish('people', '1.1.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'today.yaml'));
    const asked = await verdictOf('people', '1.1.0');
    expect(asked.code, JSON.stringify(asked.verdict)).toBe(0);
    expect(asked.verdict.notices).toEqual([
      expect.objectContaining({
        code: 'waiver-last-day',
        message: expect.stringContaining(`expires today (${today}): it waives until 24:00 UTC, whatever the time zone it was written in`),
      }),
    ]);
    const text = await session.cli('can-i-deploy', '--service', 'people', '--version', '1.1.0', '--to', 'production');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('until 24:00 UTC');

    await publish('people', '1.2.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'later.yaml'));
    const later = await verdictOf('people', '1.2.0');
    expect(later.code).toBe(0);
    expect(later.verdict.notices ?? []).toEqual([]);

    // The day before the registry's today is past, whatever the day the test runs on.
    await writeFile(join(session.dir, 'yesterday.yaml'), waiver('2031-05-16'));
    await publish('people', '1.3.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'yesterday.yaml'));
    const past = await verdictOf('people', '1.3.0');
    expect(past.code).toBe(1);
    expect(past.verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-expired' })]);
  });
});
