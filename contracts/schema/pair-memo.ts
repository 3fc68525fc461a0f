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
    header: 'request:header',
  },
  response: {
    body: 'response:body',
    property: 'response:property',
    parameter: 'response:parameter',
    'parameter-property': 'response:parameter-property',
    header: 'response:header',
  },
};

export function memoKey(direction: Direction, position: SchemaPosition): string {
  return MEMO_KEYS[direction][position];
}

interface MemoEntry {
  revision: object;
  key: string;
  node: PairNode;
}

export interface PairMemo {
  get(base: object, revision: object, key: string): PairNode | undefined;
  set(base: object, revision: object, key: string, node: PairNode): void;
}

/**
 * Per base node, the pairs compared from it: nearly always one or two (at most 9 on the real corpus), where a map
 * per base node and another per pair cost more to build than a short list costs to scan.
 */
export function createPairMemo(): PairMemo {
  const byBase = new Map<object, MemoEntry[]>();
  return {
    get(base, revision, key) {
      const entries = byBase.get(base);
      if (entries === undefined) return undefined;
      for (let i = 0; i < entries.length; i++) {
        const entry = entries[i];
        if (entry.revision === revision && entry.key === key) return entry.node;
      }
      return undefined;
    },
    set(base, revision, key, node) {
      const entries = byBase.get(base);
      if (entries === undefined) byBase.set(base, [{ revision, key, node }]);
      else entries.push({ revision, key, node });
    },
  };
}
