// The other direction of help-texts.test.ts: every command and every option its --help lists is described where the
// README or docs/ speak of that command, so a reader of the docs meets each setting without running --help.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.js';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

const names = Object.keys(COMMANDS);
const help = new Map<string, string>();
beforeAll(async () => {
  for (const name of names) help.set(name, (await runCliHere([name, '--help'])).stdout);
});

const files = ['README.md', 'CONTRIBUTING.md', 'examples/README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((f) => `docs/${f}`)];
/** The docs cut at their headings: a command is described in the sections that name `overseer COMMAND`. */
const sections = files.flatMap((file) => readFileSync(join(REPO_ROOT, file), 'utf8').split(/\n(?=#{1,4} )/));
/** README's paragraph on the options every registry command shares (`--registry`, `--token`, `--format`). */
const shared = /^Registry commands take [\s\S]*?\n\n/m.exec(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'))?.[0] ?? '';

/** The options a help lists, `--help` aside: the first flag of each line of its Options section. */
function optionsOf(text: string): string[] {
  const block = text.split('\nOptions:\n')[1]?.split(/\n\n[A-Z][a-z ]+:/)[0] ?? '';
  return [...block.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((flag) => flag !== '--help');
}

const mentions = (text: string, flag: string) => new RegExp(`${flag}(?![\\w-])`).test(text);

describe('the README and docs/', () => {
  it('name every command and every option its --help lists, where they speak of that command', () => {
    const undescribed: string[] = [];
    for (const name of names) {
      const about = sections.filter((s) => new RegExp(`overseer ${name}(?![\\w-])`).test(s));
      if (about.length === 0) undescribed.push(`overseer ${name}`);
      for (const flag of optionsOf(help.get(name)!)) {
        if (!about.some((s) => mentions(s, flag)) && !mentions(shared, flag)) undescribed.push(`overseer ${name} ${flag}`);
      }
    }
    expect(shared).toMatch(/--registry/);
    expect(undescribed).toEqual([]);
  });
});
