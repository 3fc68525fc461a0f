// Every command's --help against the command and the docs: the same sections in each (usage, options, exit codes,
// examples), every option it lists taken by the command, every option its usage line and examples use listed, and
// every option the README and docs/ write after `overseer COMMAND` listed in that command's help.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.js';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

const names = Object.keys(COMMANDS);
const help = new Map<string, string>();
let empty: string;

beforeAll(async () => {
  for (const name of names) help.set(name, (await runCliHere([name, '--help'])).stdout);
  empty = await mkdtemp(join(tmpdir(), 'overseer-help-'));
});
afterAll(() => rm(empty, { recursive: true, force: true }));

/** The text of a section: from its heading to the next blank line followed by a heading, or the end. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = text.slice(start + heading.length + 2);
  const end = rest.search(/\n\n[A-Z][a-z ]+:/);
  return end < 0 ? rest : rest.slice(0, end);
}

const flagsIn = (text: string) => new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? []);
/** The options a help lists: the first word of each line of Options that starts with a flag (`-h, --help` included). */
const listed = (text: string) => new Set([...section(text, 'Options:').matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));

describe.each(names)('overseer %s --help', (name) => {
  it('has a usage line, options, exit codes and examples of this command', () => {
    const text = help.get(name)!;
    expect(text).toMatch(new RegExp(`^Usage: overseer ${name}\\b`));
    expect(listed(text).has('--help'), 'Options lists -h, --help').toBe(true);
    expect(text).toMatch(/\nExit codes: 0 /);
    const examples = section(text, 'Examples:').split('\n').filter(Boolean);
    expect(examples.length, 'an Examples: section').toBeGreaterThan(0);
    for (const line of examples) expect(line).toMatch(new RegExp(`overseer ${name}\\b`));
  });

  it('lists every option its usage line and examples use', () => {
    const text = help.get(name)!;
    // After `overseer NAME` up to a pipe or a closing bracket: `gh secret set X --body "$(overseer token create ...)"`.
    const lines = [text.split('\n')[0]!, ...section(text, 'Examples:').split('\n')];
    const used = flagsIn(lines.map((line) => /overseer [a-z-]+([^|)]*)/.exec(line)?.[1] ?? '').join('\n'));
    expect([...used].filter((flag) => !listed(text).has(flag))).toEqual([]);
  });

  it('lists only options the command takes', async () => {
    // Alone, each option fails on its missing value or on what else the command needs, never as unknown; nothing runs.
    const env = { OVERSEER_URL: 'http://127.0.0.1:9', OVERSEER_RETRY_MS: '0', OVERSEER_DB: join(empty, 'none.db') };
    for (const flag of listed(help.get(name)!)) {
      if (flag === '--help') continue;
      const r = await runCliHere([name, flag], { cwd: empty, env });
      expect(r.stderr, `${name} ${flag}`).not.toMatch(/unknown option/);
    }
  });
});

describe('overseer --help', () => {
  it('says how a failure reads and where its code is explained', async () => {
    const top = (await runCliHere(['--help'])).stdout;
    expect(top).toContain('A failure (exit 2) prints error ERR_CODE: what went wrong, then Run "overseer explain ERR_CODE" for what to do;');
    expect(top).toContain('with --format json, one JSON object {"code", "message"} on stderr instead.');
  });

  it("overseer help COMMAND prints that command's --help", async () => {
    const r = await runCliHere(['help', 'can-i-deploy']);
    expect([r.code, r.stdout]).toEqual([0, help.get('can-i-deploy')]);
  });

  it('shows first steps, each a command it lists, with options that command takes', async () => {
    const top = (await runCliHere(['--help'])).stdout;
    const steps = section(top, 'First steps:').split('\n').filter(Boolean);
    expect(steps.length).toBeGreaterThan(2);
    for (const step of steps) {
      const [, name, rest] = /^ {2}overseer ([a-z-]+)(.*)$/.exec(step) ?? [];
      expect(help.has(name!), step).toBe(true);
      expect(
        [...flagsIn(rest!)].filter((flag) => !listed(help.get(name!)!).has(flag)),
        step,
      ).toEqual([]);
    }
  });

  it('gives the default of every --registry, as connecting without one uses it', () => {
    const silent = names.filter((name) => /^ {2}--registry URL .*$/m.test(help.get(name)!) && !help.get(name)!.includes('default http://127.0.0.1:4010'));
    expect(silent).toEqual([]);
  });

  it("names every action of a command that takes one, as that command's usage lines do", async () => {
    const top = (await runCliHere(['--help'])).stdout;
    const missing: string[] = [];
    for (const name of names) {
      const usage = help.get(name)!.split('\n\n')[0]!;
      const summary = top.split('\n').find((line) => line.startsWith(`  ${name} `)) ?? '';
      for (const [, action] of usage.matchAll(new RegExp(`overseer ${name} ([a-z][a-z-]*)`, 'g')))
        if (!summary.includes(action!)) missing.push(`${name} ${action}`);
    }
    expect(missing).toEqual([]);
  });
});

describe('the docs', () => {
  it('write after `overseer COMMAND` only options its --help lists', async () => {
    const files = ['README.md', 'CONTRIBUTING.md', 'examples/README.md', ...(await readdir(join(REPO_ROOT, 'docs'))).map((f) => `docs/${f}`)];
    const missing: string[] = [];
    for (const file of files) {
      const text = await readFile(join(REPO_ROOT, file), 'utf8');
      // A command line as the docs write one: up to the end of its line, its code span or its table cell.
      for (const [mention, name, rest] of text.matchAll(/overseer ([a-z-]+)([^`\n|]*)/g)) {
        const options = help.has(name!) ? listed(help.get(name!)!) : undefined;
        for (const flag of options ? flagsIn(rest!) : []) if (!options!.has(flag)) missing.push(`${file}: ${mention.trim()} (${flag})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
