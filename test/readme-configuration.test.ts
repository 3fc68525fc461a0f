// README's configuration table against the code: an operator sets what the table names, so a variable the code reads
// and the table leaves out is a setting nobody finds, one it lists and nothing reads does nothing, and a wrong default
// misleads whoever leaves it unset.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REGISTRY_URL, DEFAULT_RETRY_MS } from '../cli/client.js';
import { parseConfig } from '../overseer/config.js';
import { runCliHere } from './e2e/in-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every `.ts` file under the folders that ship (tests and benches read variables of their own). */
function shipped(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (name === 'dist' || name === 'node_modules' || name === 'validators') return [];
    if (statSync(path.join(root, rel)).isDirectory()) return dir === 'action' ? [] : shipped(rel);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Names the code reads: `env.NAME`, `env['NAME']`, and the quoted `'OVERSEER_...'` names config readers are handed. */
function variablesRead(): Set<string> {
  const found = new Set<string>();
  for (const file of ['contracts', 'overseer', 'cli', 'action'].flatMap(shipped)) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const m of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[['"]([A-Z][A-Z0-9_]+)['"]\])/g)) found.add((m[1] ?? m[2])!);
    for (const m of text.matchAll(/['"](OVERSEER_[A-Z0-9_]+)['"]/g)) found.add(m[1]!);
  }
  return found;
}

interface Row {
  names: string[];
  defaultCell: string;
  readBy: string;
}

/** The rows of the table under README's `## Configuration` heading. */
function configurationTable(): Row[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration\n/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^\| `/.test(line))
    .map((line) => {
      const [first = '', second = '', third = ''] = line.split('|').slice(1);
      return { names: [...first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!), defaultCell: second.trim(), readBy: third.trim() };
    });
}

describe("README's configuration table", () => {
  const rows = configurationTable();
  const listed = rows.flatMap((r) => r.names);

  it('lists every variable the code reads, and only those', () => {
    const read = variablesRead();
    expect({ unlisted: [...read].filter((n) => !listed.includes(n)).sort(), unread: listed.filter((n) => !read.has(n)).sort() }).toEqual({
      unlisted: [],
      unread: [],
    });
  });

  it("gives each a default, and the registry's defaults are what it uses when the variable is unset", () => {
    expect(rows.filter((r) => r.defaultCell === '').map((r) => r.names.join(', '))).toEqual([]);
    const unset = parseConfig({}, {});
    // A default written as one literal (`60`, `both`) can be set: setting it must change nothing.
    const registry = rows.filter((r) => r.names.length === 1 && r.names[0]!.startsWith('OVERSEER_') && /^`[^`]+`$/.test(r.defaultCell));
    const cli: Record<string, string> = { OVERSEER_URL: DEFAULT_REGISTRY_URL, OVERSEER_RETRY_MS: String(DEFAULT_RETRY_MS) };
    const wrong = registry
      .filter(({ names: [name], defaultCell }) => {
        const value = defaultCell.slice(1, -1);
        if (name! in cli) return cli[name!] !== value;
        return JSON.stringify(parseConfig({}, { [name!]: value })) !== JSON.stringify(unset);
      })
      .map((r) => `${r.names[0]}: ${r.defaultCell}`);
    expect(registry.length).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('has every variable the registry reads named in `overseer serve --help`, where an operator looks first', async () => {
    const help = (await runCliHere(['serve', '--help'])).stdout;
    const registry = rows.filter((r) => r.readBy.startsWith('the registry')).flatMap((r) => r.names);
    expect(registry.length).toBeGreaterThan(30);
    expect(registry.filter((name) => !new RegExp(`\\b${name}\\b`).test(help))).toEqual([]);
  });

  it('has every variable the CLI reads named in its --help or a command’s', async () => {
    const { COMMANDS } = await import('../cli/commands/index.js');
    const helps = await Promise.all([[], ...Object.keys(COMMANDS).map((name) => [name])].map(async (name) => (await runCliHere([...name, '--help'])).stdout));
    const cli = rows.filter((r) => r.readBy === 'the CLI').flatMap((r) => r.names);
    expect(cli.length).toBeGreaterThan(4);
    expect(cli.filter((name) => !helps.some((help) => new RegExp(`\\b${name}\\b`).test(help)))).toEqual([]);
  });
});
