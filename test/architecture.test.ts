// The house plan's arrows, read from the import lines: contracts/ is pure, the CLI and the action
// reach the registry only over HTTP, and nothing but the registry's own files imports overseer/; and the
// habits a reader meets in every file: a first line saying why it exists, at most 350 lines.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listUnusedExports } from './helpers/unused-exports.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Build output lives beside the sources: the bundle, and the validators `npm run validators` generates.
const GENERATED = new Set(['dist', 'node_modules', path.join('contracts', 'load', 'validators')]);

function sourcesUnder(dir: string, endings = ['.ts']): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = path.join(dir, name);
    if (GENERATED.has(name) || GENERATED.has(rel)) continue;
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...sourcesUnder(rel, endings));
    else if (endings.some((e) => name.endsWith(e))) out.push(rel);
  }
  return out;
}

/** Every file of code we write, tests and benchmarks included (not the fixtures' data). */
function everySource(): string[] {
  const folders = ['contracts', 'overseer', 'cli', 'action', 'bench', 'test'];
  const atTop = readdirSync(root).filter((n) => n.endsWith('.ts') || n.endsWith('.mjs'));
  return [...atTop, ...folders.flatMap((f) => sourcesUnder(f, ['.ts', '.mjs']))].filter((f) => !f.endsWith('.d.ts'));
}

/** Every module a file imports (static or dynamic), resolved to a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.relative(root, path.resolve(path.dirname(path.join(root, file)), s)));
}

const top = (p: string) => p.split(path.sep)[0];

// Commands that run the registry or move its data in and out: they are the registry's own entry points.
const REGISTRY_ENTRY_POINTS = new Set(['cli/commands/serve.ts', 'cli/commands/export.ts', 'cli/commands/import.ts']);

describe('architecture', () => {
  it('keeps contracts/ pure: it imports nothing from the registry, the CLI or the action', () => {
    const offending = sourcesUnder('contracts').flatMap((f) =>
      importsOf(f)
        .filter((i) => ['overseer', 'cli', 'action'].includes(top(i)))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps contracts/ off the network, the database and the process; only load/ reads files', () => {
    const forbidden = /^(node:)?(http|https|http2|net|dgram|tls|child_process|cluster|worker_threads|process)$|^(pg|better-sqlite3|fastify|undici)$/;
    const offending = sourcesUnder('contracts').flatMap((f) => {
      const text = readFileSync(path.join(root, f), 'utf8');
      const packages = [...text.matchAll(/(?:from\s+|import\s*\(\s*)['"]([^'".][^'"]*)['"]/g)].map((m) => m[1]);
      const reads = f.startsWith(path.join('contracts', 'load') + path.sep) ? [] : packages.filter((p) => /^(node:)?fs(\/promises)?$/.test(p));
      // Code, not comments: a doc comment may say what the CLI passes from `process`.
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      const usesProcess = /\bprocess\.\w/.test(code) ? ['process'] : [];
      return [...packages.filter((p) => forbidden.test(p)), ...reads, ...usesProcess].map((p) => `${f} -> ${p}`);
    });
    expect(offending).toEqual([]);
  });

  it('lets only the registry itself (and its entry-point commands) import overseer/', () => {
    const files = [...sourcesUnder('cli'), ...sourcesUnder('action'), ...sourcesUnder('contracts')];
    const offending = files
      .filter((f) => !REGISTRY_ENTRY_POINTS.has(f))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => top(i) === 'overseer')
          .map((i) => `${f} -> ${i}`),
      );
    expect(offending).toEqual([]);
  });

  it('has the action use only the engine and the registry client', () => {
    const offending = sourcesUnder('action').flatMap((f) =>
      importsOf(f)
        .filter((i) => top(i) === 'cli' && i !== path.join('cli', 'client.js'))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('has everything outside contracts/ use the engine through its one surface, contracts/index.ts', () => {
    const files = [...sourcesUnder('overseer'), ...sourcesUnder('cli'), ...sourcesUnder('action'), ...sourcesUnder('bench')];
    const offending = files.flatMap((f) =>
      importsOf(f)
        .filter((i) => top(i) === 'contracts' && i !== path.join('contracts', 'index.js'))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('keeps contracts/ grouped by stage: at most 15 files at its top', () => {
    const topFiles = readdirSync(path.join(root, 'contracts')).filter((n) => n.endsWith('.ts'));
    expect(topFiles.length).toBeLessThanOrEqual(15);
    expect(topFiles).toContain('index.ts');
  });

  it('keeps schema/ below the rules: nothing in contracts/schema/ imports rules/, diff, impact or reach', () => {
    const upward = ['rules', 'diff.js', 'impact.js', 'reach.js'].map((p) => path.join('contracts', p));
    const offending = sourcesUnder('contracts/schema').flatMap((f) =>
      importsOf(f)
        .filter((i) => upward.some((u) => i === u || i.startsWith(u + path.sep)))
        .map((i) => `${f} -> ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it("keeps the registry's routes thin: what the store, the outbox, the threads and the observer need of them is only their schemas", () => {
    // Reading for a decision (the gate's inputs, a provider's migrations) lives in overseer/gather/, not behind a route.
    const routes = path.join('overseer', 'routes');
    const registersRoutes = (f: string) => f === path.join('overseer', 'app.ts') || f.startsWith(routes + path.sep) || f.endsWith(`${path.sep}routes.ts`);
    const offending = sourcesUnder('overseer')
      .filter((f) => !registersRoutes(f))
      .flatMap((f) =>
        importsOf(f)
          .filter((i) => i.startsWith(routes + path.sep) && i !== path.join(routes, 'schemas.js'))
          .map((i) => `${f} -> ${i}`),
      );
    expect(offending).toEqual([]);
  });

  it("names every folder in CONTRIBUTING's map of the house, so a newcomer finds where a file belongs", () => {
    const map = /## How the house is laid out[\s\S]*?```\n([\s\S]*?)```/.exec(readFileSync(path.join(root, 'CONTRIBUTING.md'), 'utf8'))?.[1] ?? '';
    // Data under fixtures/ and the example services are named by their folder; .git and what .gitignore keeps out
    // (build output, installs, test output) by nobody.
    const ignored = readFileSync(path.join(root, '.gitignore'), 'utf8').match(/^\/?[\w.-]+\/?$/gm) ?? [];
    const skip = new Set(['.git', ...ignored.map((line) => line.replace(/^\/|\/$/g, ''))]);
    const folders = (dir: string): string[] =>
      readdirSync(path.join(root, dir), { withFileTypes: true })
        .filter((e) => e.isDirectory() && !skip.has(e.name) && dir !== 'examples')
        .flatMap((e) => {
          const rel = dir ? path.join(dir, e.name) : e.name;
          return e.name === 'fixtures' ? [rel] : [rel, ...folders(rel)];
        });
    const unnamed = folders('').filter((f) => !map.includes(`${path.basename(f)}/`));
    expect(map).toMatch(/contracts\//);
    expect(unnamed).toEqual([]);
  });

  it('keeps every source file at most 350 lines: split by responsibility before it grows past', () => {
    const long = everySource()
      .map((f) => ({ f, lines: readFileSync(path.join(root, f), 'utf8').trimEnd().split('\n').length }))
      .filter(({ lines }) => lines > 350)
      .map(({ f, lines }) => `${f}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it('opens every source file with a comment line (after a #! line) saying why the file exists', () => {
    const silent = everySource().filter((f) => {
      const [first = '', second = ''] = readFileSync(path.join(root, f), 'utf8').split('\n');
      const opening = first.startsWith('#!') ? second : first;
      return !/^\/\/ \S/.test(opening);
    });
    expect(silent).toEqual([]);
  });

  it('exports only what another file imports', () => {
    const unused = listUnusedExports(root, everySource());
    expect(unused).toEqual([]);
  });

  it('names files in kebab-case, declares no enums, and exports by name', () => {
    const files = everySource();
    const badNames = files.filter((f) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+)*$/.test(path.basename(f)));
    const enums = files.filter((f) => /^\s*(export\s+)?(declare\s+)?(const\s+)?enum\s/m.test(readFileSync(path.join(root, f), 'utf8')));
    // A framework that loads a file by its default export: vitest's config and global setup.
    const byDefault = new Set(['vitest.config.ts', 'test/helpers/global-shared.ts'].map((f) => path.join(...f.split('/'))));
    const defaults = files.filter((f) => !byDefault.has(f) && /^export\s+default\b/m.test(readFileSync(path.join(root, f), 'utf8')));
    expect({ badNames, enums, defaults }).toEqual({ badNames: [], enums: [], defaults: [] });
  });

  it('names error codes ERR_<NOUN>_<PROBLEM>', () => {
    // Two wire codes clients already read, older than the habit: renaming them would break those clients. A code's
    // prefix, as in `startsWith('ERR_DUMP')`, is not a code.
    const grandfathered = new Set(['ERR_BUSY', 'ERR_INTERNAL']);
    const folders = ['contracts', 'overseer', 'cli', 'action'];
    const codes = new Set(
      folders.flatMap((d) => sourcesUnder(d).flatMap((f) => readFileSync(path.join(root, f), 'utf8').match(/(?<!startsWith\()'ERR_[A-Z0-9_]+'/g) ?? [])),
    );
    const bad = [...codes].map((c) => c.slice(1, -1)).filter((c) => !grandfathered.has(c) && !/^ERR_[A-Z0-9]+_[A-Z0-9_]+$/.test(c));
    expect(bad).toEqual([]);
  });
});
