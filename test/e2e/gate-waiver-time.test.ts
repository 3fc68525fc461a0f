// A waiver's `expires` as a date-time with its offset: a team in Tokyo whose exception ends at 18:00 there had to
// write a UTC day, which holds up to nine hours longer (or, rounded down, ends a day early). The instant is read
// exactly by the registry's gate and by `diff --waivers` alike; a date-time without an offset names no instant and is
// refused. Against a registry run in the test's process whose clock the test moves, and the CLI with a clock of its own.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gateStepsOf } from './gate-steps.js';
import { runCliHere } from './in-process.js';
import { useRegistry } from './registry-session.js';
import { people, waiver } from './waiver-people.js';

// 18:00 in Tokyo is 09:00 UTC, the same day.
const ENDS = '2031-05-17T18:00:00+09:00';
const BEFORE = Date.parse('2031-05-17T08:59:59Z');
const AT = Date.parse('2031-05-17T09:00:00Z');
let clock = BEFORE;

const session = useRegistry({ name: 'gate-waiver-time', now: () => clock, setup: [['environment', 'create', 'production']] });
const { publish, deploy, verdictOf } = gateStepsOf(session);

describe('a waiver that expires at a time with an offset', () => {
  it('waives until that instant at the gate, saying so within its last day, and refuses from it on', async () => {
    await writeFile(join(session.dir, 'tokyo.yaml'), waiver(ENDS));
    await publish('people', '1.0.0', { contract: people(['id', 'nickname']) });
    await deploy('people', '1.0.0');
    await publish('roster', '1.0.0', { consumes: '  people:\n    - operation: GET /people\n      response: [nickname]' });
    await deploy('roster', '1.0.0');
    await publish('people', '1.1.0', { contract: people(['id']) }, '--waivers', join(session.dir, 'tokyo.yaml'));

    clock = BEFORE;
    const before = await verdictOf('people', '1.1.0');
    expect(before.code, JSON.stringify(before.verdict)).toBe(0);
    expect(before.verdict.notices).toEqual([
      expect.objectContaining({ code: 'waiver-last-day', message: expect.stringContaining(`expires at ${ENDS} (2031-05-17 09:00:00 UTC)`) }),
    ]);
    // The verdict's page says the end in UTC, as the gate read it, not the Tokyo text a reader elsewhere must convert.
    const [recorded] = (await (await fetch(new URL('/v1/verdicts?service=people&limit=1', session.registry.url))).json()).verdicts;
    const page = await (await fetch(new URL(`/verdicts/${recorded.id}`, session.registry.url))).text();
    expect(page).toContain('<td>2031-05-17 09:00 UTC</td>');

    clock = AT;
    const after = await verdictOf('people', '1.1.0');
    expect(after.code, JSON.stringify(after.verdict)).toBe(1);
    expect(after.verdict.notices).toEqual([expect.objectContaining({ code: 'waiver-expired', message: expect.stringContaining(ENDS) })]);
  });

  it('is read the same by diff --waivers, offline, with the last-day notice the gate gives', async () => {
    await writeFile(join(session.dir, 'base.json'), JSON.stringify(people(['id', 'nickname'])));
    await writeFile(join(session.dir, 'revision.json'), JSON.stringify(people(['id'])));
    const diff = (now: number) =>
      runCliHere(['diff', 'base.json', 'revision.json', '--fail-on', 'warning', '--waivers', 'tokyo.yaml', '--format', 'json'], {
        cwd: session.dir,
        now: () => now,
      });
    const before = await diff(BEFORE);
    expect(before.code, before.stderr).toBe(0);
    expect(JSON.parse(before.stdout).notices).toEqual([
      expect.objectContaining({ code: 'waiver-last-day', message: expect.stringContaining('2031-05-17 09:00:00 UTC') }),
    ]);
    const text = await runCliHere(['diff', 'base.json', 'revision.json', '--fail-on', 'warning', '--waivers', 'tokyo.yaml'], {
      cwd: session.dir,
      now: () => BEFORE,
    });
    expect(text.stdout).toContain('within a day: it waives until then');

    const after = await diff(AT);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout).notices).toEqual([expect.objectContaining({ code: 'waiver-expired' })]);
  });

  it('is refused without an offset, before anything is published', async () => {
    await writeFile(join(session.dir, 'local.yaml'), waiver('2031-05-17T18:00:00'));
    const folder = join(session.dir, 'people-1.1.0', 'overseer.yaml');
    const published = await session.cli('publish', '--manifest', folder, '--version', '1.2.0', '--waivers', join(session.dir, 'local.yaml'));
    expect(published.code).toBe(2);
    expect(published.stderr).toContain('ERR_WAIVER_INVALID');
    expect(published.stderr).toContain('expires "2031-05-17T18:00:00" has no offset');
    expect((await session.cli('can-i-deploy', '--service', 'people', '--version', '1.2.0', '--to', 'production')).code).toBe(2);

    // Sent straight to the registry, the same waiver is refused there too.
    const bad = { rule: 'response-optional-property-removed', operation: 'GET /people', reason: 'r', expires: '2031-05-17T25:00:00Z', file: 'w.yaml', line: 1 };
    const checked = await fetch(`${session.registry.url}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ service: 'people', contract: JSON.stringify(people(['id'])), environment: 'production', waivers: [bad] }),
    });
    expect(checked.status).toBe(400);
    expect(await checked.text()).toContain('ERR_WAIVER_INVALID');
  });
});
