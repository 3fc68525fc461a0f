// Following local `$ref`s. The engine keeps references in the document and follows them as it
// walks, so recursive schemas cost nothing and every node keeps the pointer where it is written.
import { resolvePointer } from './pointer.js';

export interface Located<T = any> {
  node: T;
  pointer: string;
  /** The component name when the node was reached through a `$ref` (`#/components/schemas/Pet` -> `Pet`). */
  refName?: string;
}

const EMPTY = Object.freeze({});

export class Resolver {
  private readonly cache = new Map<string, unknown>();

  constructor(private readonly doc: unknown) {}

  /** Follows a chain of `$ref`s from a node. A reference to nothing reads as an empty schema. */
  follow<T = any>(node: unknown, pointer: string): Located<T> {
    let current = node;
    let at = pointer;
    let refName: string | undefined;
    for (let hops = 0; hops < 64; hops++) {
      if (!current || typeof current !== 'object') break;
      const ref = (current as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#')) break;
      at = ref.slice(1);
      refName = ref.slice(ref.lastIndexOf('/') + 1);
      current = this.lookup(at);
    }
    return { node: (current ?? EMPTY) as T, pointer: at, refName };
  }

  private lookup(pointer: string): unknown {
    if (this.cache.has(pointer)) return this.cache.get(pointer);
    const value = resolvePointer(this.doc, pointer) ?? EMPTY;
    this.cache.set(pointer, value);
    return value;
  }
}
