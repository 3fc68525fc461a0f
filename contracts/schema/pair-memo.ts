// The walk's memo of compared pairs: one node per (base schema, revision schema, direction and position), so a
// component reached from 500 operations is compared once and a recursive schema links back to itself.
import type { Direction, PairNode, SchemaPosition } from './pairs.js';

/** The key per direction and position, written once: building it at every pair cost a string and its hash. */
const MEMO_KEYS: Record<Direction, Record<SchemaPosition, string>> = {
  request: {
    body: 'request:body',
    property: 'request:property',
    parameter: 'request:parameter',
    'parameter-property': 'request:parameter-property',
    'header-parameter': 'request:header-parameter',
    'header-parameter-property': 'request:header-parameter-property',
    header: 'request:header',
  },
  response: {
    body: 'response:body',
    property: 'response:property',
    parameter: 'response:parameter',
    'parameter-property': 'response:parameter-property',
    'header-parameter': 'response:header-parameter',
    'header-parameter-property': 'response:header-parameter-property',
    header: 'response:header',
  },
};

export function memoKey(direction: Direction, position: SchemaPosition): string {
  return MEMO_KEYS[direction][position];
}

interface MemoEntry<N> {
  revision: object;
  key: string;
  node: N;
}

interface PairMemo<N extends PairNode> {
  get(base: object, revision: object, key: string): N | undefined;
  set(base: object, revision: object, key: string, node: N): void;
}

/** Past this many pairs from one base node the list becomes a map by revision, so a base schema compared with
 * thousands of inline copies (a revision that inlines a component everywhere) costs no quadratic scan. */
const LIST_LIMIT = 16;

type Entries<N> = MemoEntry<N>[] | Map<object, MemoEntry<N>[]>;

/**
 * Per base node, the pairs compared from it: nearly always one or two (at most 9 on the real corpus), where a map
 * per base node and another per pair cost more to build than a short list costs to scan.
 */
export function createPairMemo<N extends PairNode>(): PairMemo<N> {
  const byBase = new Map<object, Entries<N>>();
  return {
    get(base, revision, key) {
      const entries = byBase.get(base);
      if (entries === undefined) return undefined;
      const list = Array.isArray(entries) ? entries : entries.get(revision);
      if (list === undefined) return undefined;
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (entry.revision === revision && entry.key === key) return entry.node;
      }
      return undefined;
    },
    set(base, revision, key, node) {
      const entries = byBase.get(base);
      const entry = { revision, key, node };
      if (entries === undefined) byBase.set(base, [entry]);
      else if (!Array.isArray(entries)) addTo(entries, entry);
      else if (entries.length < LIST_LIMIT) entries.push(entry);
      else {
        const byRevision = new Map<object, MemoEntry<N>[]>();
        for (const old of entries) addTo(byRevision, old);
        addTo(byRevision, entry);
        byBase.set(base, byRevision);
      }
    },
  };
}

function addTo<N>(byRevision: Map<object, MemoEntry<N>[]>, entry: MemoEntry<N>): void {
  const list = byRevision.get(entry.revision);
  if (list === undefined) byRevision.set(entry.revision, [entry]);
  else list.push(entry);
}
