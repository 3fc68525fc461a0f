// A contract parsed in a worker process, as it crosses to the event loop: its document as ASCII JSON bytes and its text
// as UTF-8 bytes. Structured clone rebuilt Stripe's object tree at ~85 ms of the loop and its UTF-16 text at ~35 ms;
// JSON.parse of one-byte text takes ~20 ms, bytes cost a copy, and the text is decoded only if a line is asked for.
// Its deprecations come worked out: the walk cost Stripe ~130 ms of the loop at the first sunset, migration or page.

import { type ContractParts, type Deprecation, keepDeprecations, type LoadedContract, listDeprecations, reviveContract } from '../../contracts/index.js';

/** The parsed contract as bytes; `source` only when it is not the document itself (Swagger 2.0, converted). */
export interface ParsedWire {
  file: string;
  format: LoadedContract['format'];
  specVersion: LoadedContract['specVersion'];
  warnings: LoadedContract['warnings'];
  text: Uint8Array;
  doc: Uint8Array;
  source?: Uint8Array;
  /** listDeprecations of the document, walked by the worker: a few objects, where the walk is the cost. */
  deprecations: readonly Deprecation[];
}

/**
 * Whether JSON carries `value` back as it is: not YAML's .inf and .nan (JSON has null), -0 (JSON has 0) or an own
 * `__proto__` key (JSON.parse makes one, YAML may not). A walk of the worker's, so the loop pays nothing for it.
 */
function carriesAsJson(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const next = stack.pop();
    if (typeof next === 'number' && (!Number.isFinite(next) || Object.is(next, -0))) return false;
    if (typeof next !== 'object' || next === null || seen.has(next)) continue;
    seen.add(next);
    if (Object.hasOwn(next, '__proto__')) return false;
    for (const child of Object.values(next)) stack.push(child);
  }
  return true;
}

/** JSON with every character past ASCII escaped, as bytes: its string on the loop is one byte a character. */
function asciiJson(value: unknown): Uint8Array {
  const json = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return Buffer.from(json, 'latin1');
}

function readAsciiJson(bytes: Uint8Array): any {
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

/** The worker's side: the bytes to send, or the parts themselves for a document JSON would change. */
export function toParsedWire(contract: LoadedContract): ParsedWire | ContractParts {
  const { locate: _locate, locateAll: _locateAll, ...parts } = contract;
  const { file, format, specVersion, warnings, doc, source } = contract;
  if (!carriesAsJson(doc) || (source !== doc && !carriesAsJson(source))) return parts;
  const text = Buffer.from(contract.text, 'utf8');
  const deprecations = listDeprecations(doc);
  return { file, format, specVersion, warnings, text, doc: asciiJson(doc), ...(source !== doc && { source: asciiJson(source) }), deprecations };
}

/** The loop's side: the contract, whose text (and the line lookups that read it) is decoded at its first use. */
export function fromParsedWire(value: ParsedWire | ContractParts): LoadedContract {
  if (!(value.doc instanceof Uint8Array)) return reviveContract(value as ContractParts);
  const wire = value as ParsedWire;
  const doc = readAsciiJson(wire.doc);
  const source = wire.source ? readAsciiJson(wire.source) : doc;
  keepDeprecations(doc, wire.deprecations);
  const { file, format, specVersion, warnings } = wire;
  let revived: LoadedContract | undefined;
  const revive = () => {
    const text = Buffer.from(wire.text.buffer, wire.text.byteOffset, wire.text.byteLength).toString('utf8');
    revived ??= reviveContract({ file, format, specVersion, warnings, doc, source, text });
    return revived;
  };
  return {
    file,
    format,
    specVersion,
    warnings,
    doc,
    source,
    get text() {
      return revive().text;
    },
    locate: (pointer) => revive().locate(pointer),
    locateAll: (pointers) => revive().locateAll(pointers),
  };
}
