// `overseer explain`: what a user runs after the pointer line of an error, and what an installed package answers with
// no repository around it.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../contracts/index.js';
import { REPO_ROOT, runProcess } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

/** The TypeScript sources of the engine, the registry, the CLI and the Action: where reasons and notices are written. */
function sourceFiles(): string[] {
  return ['contracts', 'overseer', 'cli', 'action'].flatMap((top) =>
    readdirSync(join(REPO_ROOT, top), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.startsWith('dist'))
      .map((f) => join(REPO_ROOT, top, f)),
  );
}

describe('overseer explain CODE', () => {
  it("prints the code's row of docs/ERRORS.md: where it shows, when it happens, what to do", async () => {
    const r = await runCliHere(['explain', 'ERR_VERSION_UNKNOWN']);
    expect(r).toEqual({
      code: 0,
      stdout:
        'ERR_VERSION_UNKNOWN: Requests to the registry (HTTP 404)\n\nWhen it happens:\n  The service has no such version published.\n\n' +
        'What to do:\n  Publish it first (`overseer publish --version V`), or check `--version`.\n',
      stderr: '',
    });
  });

  it('takes the code in any case, without ERR_, with dashes, or as the page anchor', async () => {
    for (const written of ['err_registry_unreachable', 'registry-unreachable', '#err_registry_unreachable']) {
      const r = await runCliHere(['explain', written]);
      expect([r.code, r.stdout.split('\n')[0]], written).toEqual([0, 'ERR_REGISTRY_UNREACHABLE: Talking to the registry (CLI and Action)']);
    }
  });

  it('wraps a long row at 100 columns, under its heading', async () => {
    const r = await runCliHere(['explain', 'ERR_WAIVER_INVALID']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '\nWhat to do:\n  Fix the waiver at the `file:line` the message names; see README, "Severity, waivers and output\n  formats".\n',
    );
    expect(Math.max(...r.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('says an unknown code is unknown and names the nearest codes, exit 2', async () => {
    const r = await runCliHere(['explain', 'ERR_VERSION_UNKNWON']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_CODE_UNKNOWN: no error code ERR_VERSION_UNKNWON in Overseer; the nearest: ERR_VERSION_UNKNOWN, ERR_VERSION_INVALID, ' +
        'ERR_VERSION_CONFLICT ("overseer explain" lists them all)\nRun "overseer explain ERR_CODE_UNKNOWN" for what to do.\n',
    });
  });

  it("says a code of Node's is none of Overseer's, with nothing near it", async () => {
    const r = await runCliHere(['explain', 'ERR_INVALID_ARG_TYPE']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^error ERR_CODE_UNKNOWN: no error code ERR_INVALID_ARG_TYPE in Overseer(; the nearest: [A-Z_, ]+)? \("overseer explain" lists them all\)$/,
    );
  });

  it('without a code lists every code under the section it shows in', async () => {
    const r = await runCliHere(['explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Requests to the registry:\n {2}ERR_REQUEST_INVALID, /);
    expect(r.stdout).toMatch(/\n\nUsing the CLI:\n {2}ERR_USAGE_INVALID, ERR_CODE_UNKNOWN\n/);
    expect(r.stdout.endsWith('\n\nRun "overseer explain CODE" for what one means and what to do.\n')).toBe(true);
  });

  it('answers JSON with --format json, one row or all of them', async () => {
    const one = await runCliHere(['explain', 'ERR_BUSY', '--format', 'json']);
    expect(JSON.parse(one.stdout)).toMatchObject({ code: 'ERR_BUSY', http: '503', section: 'Requests to the registry' });
    const all = JSON.parse((await runCliHere(['explain', '--format', 'json'])).stdout) as { codes: { code: string }[] };
    expect(all.codes.map((c) => c.code)).toContain('ERR_DUMP_INVALID');
  });

  it('explains a rule id a report prints (rule: response-optional-property-removed) from the rule table, in text and JSON', async () => {
    const r = await runCliHere(['explain', 'response-optional-property-removed']);
    expect(r).toEqual({
      code: 0,
      stdout:
        'response-optional-property-removed: a rule of the diff, level warning (version bump: patch)\n\n' +
        'What it finds:\n  optional response property: removed (breaks clients that read it)\n\n' +
        'What to do:\n  Its level is set per run with --severity-levels (a line "response-optional-property-removed NONE"\n' +
        '  drops it); a change it finds is accepted until a date with a waiver naming it (rule:\n' +
        '  response-optional-property-removed). docs/RULES.md lists every rule.\n',
      stderr: '',
    });
    const json = await runCliHere(['explain', 'Response-Optional-Property-Removed', '--format', 'json']);
    expect([json.code, JSON.parse(json.stdout)]).toEqual([
      0,
      {
        rule: 'response-optional-property-removed',
        level: 'warning',
        bump: 'patch',
        description: 'optional response property: removed (breaks clients that read it)',
      },
    ]);
  });

  it("explains a reason of the gate's verdict: what it means and what to do, exit 0", async () => {
    const r = await runCliHere(['explain', 'breaks-consumer']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout.split('\n').slice(0, 4)).toEqual([
      "breaks-consumer: a reason of the gate's verdict (can-i-deploy, check, the Action)",
      '',
      'What it means:',
      '  A change of the candidate breaks what a consumer deployed there uses (its operations and fields);',
    ]);
    const json = JSON.parse((await runCliHere(['explain', 'waiver-unused', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ code: 'waiver-unused', kind: 'notice', meaning: expect.stringMatching(/^A waiver matched no change/) });
  });

  it('explains every reason code of the gate and every notice code the sources write', async () => {
    const written = new Set<string>(REASON_CODES);
    for (const file of sourceFiles()) {
      const text = readFileSync(file, 'utf8');
      // `code: 'waiver-unused'`, `code: cond ? 'use-placed' : 'use-unplaced'`, `EMPTY_ENVIRONMENT_NOTICE = 'environment-empty'`
      for (const m of text.matchAll(/code:\s*(?:[^,}'\n]*\?\s*)?'([a-z]+(?:-[a-z]+)+)'(?:\s*:\s*'([a-z]+(?:-[a-z]+)+)')?|_NOTICE\s*=\s*'([a-z-]+)'/g))
        for (const code of m.slice(1)) if (code !== undefined) written.add(code);
    }
    expect(written.size).toBeGreaterThan(35);
    const unexplained: string[] = [];
    for (const code of written) if ((await runCliHere(['explain', code])).code !== 0) unexplained.push(code);
    expect(unexplained).toEqual([]);
  });

  it('guesses a misspelled reason or notice among those, not among error codes', async () => {
    const r = await runCliHere(['explain', 'breaks-consumr']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([
      2,
      'error ERR_CODE_UNKNOWN: no code, rule, reason or notice breaks-consumr in Overseer: did you mean breaks-consumer?',
    ]);
  });

  it('explains one code at a time', async () => {
    const r = await runCliHere(['explain', 'ERR_BUSY', 'ERR_INTERNAL']);
    expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, 'error ERR_USAGE_INVALID: explain one code at a time, got 2: ERR_BUSY ERR_INTERNAL']);
  });
});

describe('overseer explain, installed from the package', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-explain-'));
    // What `npm install overseer` unpacks: the files package.json ships, without the repository's docs/ beside them.
    execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, stdio: 'pipe' });
    execFileSync('sh', ['-c', 'tar xzf overseer-*.tgz'], { cwd: dir });
    await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'package/node_modules'));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads the copy of docs/ERRORS.md the package carries, and an error points to it', async () => {
    const bin = join(dir, 'package/dist/cli/bin.js');
    const explained = await runProcess(process.execPath, [bin, 'explain', 'ERR_CONTRACT_UNREADABLE'], { cwd: dir });
    expect([explained.code, explained.stdout.split('\n')[0]]).toEqual([0, 'ERR_CONTRACT_UNREADABLE: Requests to the registry (HTTP 400)']);
    const failed = await runProcess(process.execPath, [bin, 'diff', 'missing.yaml', 'missing.yaml'], { cwd: dir });
    expect([failed.code, failed.stderr.split('\n')[1]]).toEqual([2, 'Run "overseer explain ERR_CONTRACT_UNREADABLE" for what to do.']);
    const reason = await runProcess(process.execPath, [bin, 'explain', 'breaks-consumer'], { cwd: dir });
    expect([reason.code, reason.stdout.split('\n')[0]]).toEqual([0, "breaks-consumer: a reason of the gate's verdict (can-i-deploy, check, the Action)"]);
  });
});
