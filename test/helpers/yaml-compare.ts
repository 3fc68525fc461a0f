// Two YAML readers compared on the same texts (the engine's one-byte copy, the js-yaml edits the bundle carries, each
// against the published js-yaml): one notion of "read alike" and one list of the files both are tried on.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** What a reader made of a text: its data, or the message it refused it with. */
export type ReadOutcome = { data: unknown } | { error: string };

export function outcomeOf(read: () => unknown): ReadOutcome {
  try {
    return { data: read() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/**
 * The same data, with the keys of every mapping in the same order and the same objects shared, or the same error: an
 * object met again is not compared again (an alias bomb among the fixtures shares one object a billion times).
 */
export function readAlike(a: ReadOutcome, b: ReadOutcome): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b && a.error === b.error;
  return same(a.data, b.data);
}

function same(a: unknown, b: unknown, met = new Map<object, object>()): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (met.has(a)) return met.get(a) === b;
  met.set(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.join('\0') !== Object.keys(b).join('\0')) return false;
  return keys.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], met));
}

/**
 * Every YAML file of the fixtures (766, in every clone) and of the real corpus where it is (`OVERSEER_CORPUS`, else
 * `../shared/corpus/real` beside the repository, as the benches find it): a fresh clone has no corpus beside it.
 */
export function yamlFilesToCompare(): string[] {
  const corpus = process.env.OVERSEER_CORPUS ?? path.resolve(ROOT, '../shared/corpus/real');
  return yamlFiles(path.join(ROOT, 'test/fixtures')).concat(statSync(corpus, { throwIfNoEntry: false })?.isDirectory() ? yamlFiles(corpus) : []);
}

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return yamlFiles(file);
    return /\.ya?ml$/.test(name) ? [file] : [];
  });
}
