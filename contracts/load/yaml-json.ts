// A large YAML contract can be read on another thread and sent back as JSON, which `JSON.parse` rebuilds several
// times faster than js-yaml reads YAML; this writes the tree so that it comes back exactly, and reads it back.
import { decodeUtf8, detectFormat } from './text.js';
import { loadYaml } from './yaml-narrow.js';
import { yamlSchema } from './yaml-schema.js';

/** A place (keys from the root) where js-yaml put an object met first at `to`: an alias, or a merge key's value. */
interface YamlLink {
  at: string[];
  to: string[];
}

/** JSON text in one byte per character, and the links that make the copies JSON writes one object again. */
export interface YamlJson {
  json: Uint8Array;
  links: YamlLink[];
}

/**
 * The tree js-yaml reads from `bytes`, or undefined when the text is not YAML, is refused (the reader's own thread
 * reads it again and says why, as it always has), or holds what JSON cannot say: `-0`, `.nan`, `.inf`, an alias of
 * its own ancestor, or aliases that would write it out at many times its size (the reader's bounds refuse a bomb).
 */
export function readYamlAsJson(bytes: Uint8Array, file: string): YamlJson | undefined {
  try {
    const text = decodeUtf8(bytes, file);
    if (detectFormat(text) !== 'yaml') return undefined;
    const tree = loadYaml(text, file, yamlSchema());
    if (tree === null || typeof tree !== 'object') return undefined;
    const links = findLinks(tree);
    if (links === undefined) return undefined;
    // Every character above U+00FF written as an escape: `JSON.parse` of a text held in two bytes per character makes
    // every string it reads two-byte too, which would double the document and the report built from it.
    const json = JSON.stringify(tree).replace(WIDE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    return { json: Buffer.from(json, 'latin1'), links };
  } catch {
    // A cycle JSON.stringify refuses, or a tree too deep to count: read on the reader's own thread.
    return undefined;
  }
}

const WIDE = /[\u0100-\uffff]/g;

/** Aliases may add this many objects to the text, or as many as the tree has: more is a bomb, for the reader's bounds. */
const MORE_WRITTEN = 100_000;

/** The tree back from `readYamlAsJson`, each linked place made the one object again. */
export function parseYamlJson({ json, links }: YamlJson): unknown {
  const tree = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('latin1')) as object;
  // Targets first: a place linked away is never on the way to another's target (findLinks keeps first meetings only).
  const targets = links.map((link) => follow(tree, link.to));
  for (const [i, link] of links.entries()) (follow(tree, link.at.slice(0, -1)) as Record<string, unknown>)[link.at.at(-1)!] = targets[i];
  return tree;
}

function follow(tree: object, keys: string[]): unknown {
  let node: unknown = tree;
  for (const key of keys) node = (node as Record<string, unknown>)[key];
  return node;
}

/**
 * Where an object met once already sits again (undefined for a number JSON changes, or aliases written out at far more
 * than the objects): objects are walked from their first meeting only, so each target lies on first meetings.
 */
function findLinks(root: object): YamlLink[] | undefined {
  const parentOf = new Map<object, [object, string] | undefined>([[root, undefined]]);
  const sites: [object, string, object][] = [];
  const stack: object[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown>;
    for (const key in node) {
      const value = node[key];
      if (typeof value === 'object') {
        if (value === null) continue;
        if (parentOf.has(value)) sites.push([node, key, value]);
        else {
          parentOf.set(value, [node, key]);
          stack.push(value);
        }
      } else if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) return undefined;
    }
  }
  if (sites.length === 0) return [];
  if (countWritten(root, new Map()) > 2 * parentOf.size + MORE_WRITTEN) return undefined;
  const pathOf = (node: object): string[] => {
    const keys: string[] = [];
    for (let up = parentOf.get(node); up !== undefined; up = parentOf.get(up[0])) keys.push(up[1]);
    return keys.reverse();
  };
  return sites.map(([parent, key, value]) => ({ at: [...pathOf(parent), key], to: pathOf(value) }));
}

/** Objects JSON writes for `node`, each alias written out in full; throws on a cycle (too deep). */
function countWritten(node: object, counted: Map<object, number>): number {
  const known = counted.get(node);
  if (known !== undefined) return known;
  let total = 1;
  for (const value of Object.values(node)) if (typeof value === 'object' && value !== null) total += countWritten(value, counted);
  counted.set(node, total);
  return total;
}
