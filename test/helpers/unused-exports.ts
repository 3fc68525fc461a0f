// Which exported functions, constants, types and re-exports no other file imports: an export says "others use this", and one nobody
// uses makes a reader look for callers that are not there. Read from the import lines, as the architecture test reads arrows.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const DECLARED = /^export\s+(?:async\s+)?(?:function\*?|const|let|class|type|interface)\s+([A-Za-z_$][\w$]*)/gm;
const IMPORTED = /(?:import|export)\s+(?:type\s+)?([\w$\s{},*]*?)\s+from\s+['"]([^'"]+)['"]/g;
const PASSED_ON = /^export\s+(?:type\s+)?\{([^}]*)\}\s+from\s/gm;
const DYNAMIC = /import\(\s*['"]([^'"]+)['"]\s*\)/g;
// Scripts and tests that load the built file by a computed path still name it in a string.
const BUILT = /['"`/]dist\/([\w/.-]+?)\.js['"`]/g;

/** `file` -> the names others take from it; `*` when one takes them all (namespace, `export *`, dynamic import). */
function collectUses(root: string, files: readonly string[], texts: Map<string, string>): Map<string, Set<string>> {
  const known = new Set(files);
  const toSource = (abs: string): string | undefined => {
    let rel = path.relative(root, abs);
    if (rel.startsWith(`dist${path.sep}`)) rel = rel.slice(5);
    const stem = rel.replace(/\.(js|mjs|ts)$/, '');
    return [`${stem}.ts`, `${stem}.mjs`, path.join(stem, 'index.ts')].find((c) => known.has(c));
  };
  const uses = new Map<string, Set<string>>();
  const mark = (target: string | undefined, names: string[]) => {
    if (!target) return;
    const set = uses.get(target) ?? new Set<string>();
    for (const n of names) set.add(n);
    uses.set(target, set);
  };
  for (const file of files) {
    const text = texts.get(file)!;
    const from = (spec: string) => (spec.startsWith('.') ? toSource(path.resolve(root, path.dirname(file), spec)) : undefined);
    for (const [, clause, spec] of text.matchAll(IMPORTED)) mark(from(spec), namesOf(clause));
    for (const [, spec] of text.matchAll(DYNAMIC)) mark(from(spec), ['*']);
    for (const [, built] of text.matchAll(BUILT)) mark(toSource(path.join(root, built)), ['*']);
  }
  return uses;
}

/** `{ a, type B, c as d }`, `* as ns` or a default binding, as the names taken from the module. */
function namesOf(clause: string): string[] {
  if (clause.includes('*')) return ['*'];
  return namesIn(/\{([^}]*)\}/.exec(clause)?.[1] ?? '', 'taken');
}

/** The names of `a, type B, c as d`: taken from the module (`a`, `B`, `c`), or offered by a re-export (`a`, `B`, `d`). */
function namesIn(list: string, side: 'taken' | 'offered'): string[] {
  return list
    .split(',')
    .map((part) => {
      const [own = '', alias] = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      return (side === 'offered' && alias !== undefined ? alias : own).trim();
    })
    .filter((n) => n.length > 0);
}

/** `file: name` of every export (declared or passed on) of `files` (paths from `root`) that no other of them imports. */
export function listUnusedExports(root: string, files: readonly string[]): string[] {
  const texts = new Map(files.map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
  const uses = collectUses(root, files, texts);
  // A test file's exports are nobody's API, and its template strings may hold whole modules (a loader hook).
  return files
    .filter((file) => !file.endsWith('.test.ts'))
    .flatMap((file) => {
      const taken = uses.get(file) ?? new Set<string>();
      if (taken.has('*')) return [];
      const text = texts.get(file)!;
      return [...[...text.matchAll(DECLARED)].map((m) => m[1]!), ...[...text.matchAll(PASSED_ON)].flatMap((m) => namesIn(m[1]!, 'offered'))]
        .filter((name) => !taken.has(name))
        .map((name) => `${file}: ${name}`);
    });
}
