// The lines js-yaml saw as it read a contract (contracts/yaml-patches.mjs keeps them), so that a report's lines are
// looked up instead of found by scanning 4 MB of text again after the diff (Stripe: ~50 ms of the diff's CPU).
import { splitPointer } from '../schema/pointer.js';
import { splitKey, unquoteKey } from './lines.js';

/**
 * Filled by the reader, four numbers per key of a block mapping or item of a block sequence, in the order it stores
 * them: the collection's number, the 0-based line, the key's offset in the text (or -1 - the item's index), and the
 * number of the block collection that is the value (-1 if none). Unpatched js-yaml (the tests' source build) leaves it
 * empty.
 */
export type LineTable = number[];

// Keyed by the document read: a contract's parts cloned from a worker thread, or a document whose external `$ref`s were
// brought in (a new object), have no table, and their lines are found by the scan as before.
const TABLES = new WeakMap<object, LineTable>();

/** Keeps the table the reader filled for `doc`, a mapping (whose last key is the table's last entry). */
export function keepReadLines(doc: unknown, table: LineTable): void {
  if (table.length > 0 && doc !== null && typeof doc === 'object' && !Array.isArray(doc)) TABLES.set(doc, table);
}

/**
 * The 1-based line of each pointer into `doc`, or of its nearest ancestor the reader kept, as the scan of load/lines.ts
 * gives it; undefined when the reader kept no lines for `doc`.
 */
export function readLines(doc: object, text: string, pointers: readonly string[]): Map<string, number> | undefined {
  const table = TABLES.get(doc);
  if (table === undefined) return undefined;
  const entries = new Entries(table, text);
  const out = new Map<string, number>();
  for (let i = 0; i < pointers.length; i++) out.set(pointers[i], entries.lineOf(splitPointer(pointers[i])));
  return out;
}

/** The table's entries by collection, each collection's keys read from the text only once a pointer goes through it. */
class Entries {
  private readonly first: Int32Array;
  private readonly next: Int32Array;
  private readonly keyed = new Map<number, Map<string, number>>();
  private readonly root: number;

  constructor(
    private readonly table: LineTable,
    private readonly text: string,
  ) {
    const count = table.length / 4;
    let blocks = 0;
    for (let e = 0; e < count; e++) if (table[e * 4] >= blocks) blocks = table[e * 4] + 1;
    // A list per collection threaded through two arrays of numbers, rather than an array per collection.
    this.first = new Int32Array(blocks).fill(-1);
    this.next = new Int32Array(count);
    for (let e = count - 1; e >= 0; e--) {
      const block = table[e * 4];
      this.next[e] = this.first[block];
      this.first[block] = e;
    }
    // The document's own last key is stored after everything it holds.
    this.root = table[(count - 1) * 4];
  }

  lineOf(tokens: string[]): number {
    let block = this.root;
    let line = 0;
    for (let i = 0; i < tokens.length && block >= 0; i++) {
      const e = this.keysOf(block).get(tokens[i]);
      if (e === undefined) break;
      const at = this.table[e * 4 + 1];
      // Written above its holder: not a place in it (the scan, which follows the text, stops at the holder).
      if (at < line) break;
      line = at;
      block = this.table[e * 4 + 3];
    }
    return line + 1;
  }

  /** Each key of a collection as the scan reads it from the text (quotes taken off), or each item's index. */
  private keysOf(block: number): Map<string, number> {
    let keys = this.keyed.get(block);
    if (keys !== undefined) return keys;
    keys = new Map();
    for (let e = this.first[block]; e >= 0; e = this.next[e]) {
      const at = this.table[e * 4 + 2];
      if (at < 0) {
        keys.set(String(-1 - at), e);
        continue;
      }
      let end = this.text.indexOf('\n', at);
      if (end < 0) end = this.text.length;
      if (this.text.charCodeAt(end - 1) === 13) end--;
      const written = splitKey(this.text.slice(at, end));
      if (written !== undefined && !keys.has(unquoteKey(written.key))) keys.set(unquoteKey(written.key), e);
    }
    this.keyed.set(block, keys);
    return keys;
  }
}
