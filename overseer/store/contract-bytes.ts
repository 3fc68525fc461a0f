// A contract to store whose text and canonical JSON are still the UTF-8 bytes a worker thread encoded: copying
// megabytes of strings between threads held the event loop for over 100 ms a publication, bytes cost a memcpy.

import type { ContractFormat, ContractInput } from './records.js';

/** UTF-8 of the text as published and of the canonical JSON. */
export interface ContractBytes {
  text: Uint8Array;
  canonical: Uint8Array;
}

const BYTES = Symbol('contract bytes');

type EncodedContract = ContractInput & { [BYTES]: ContractBytes };

function decode(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A ContractInput over the bytes: `text` and `canonical` are decoded (once) only if something reads them. */
export function contractFromBytes(hash: string, format: ContractFormat, bytes: ContractBytes): ContractInput {
  let text: string | undefined;
  let canonical: string | undefined;
  const contract = {
    hash,
    format,
    get text() {
      text ??= decode(bytes.text);
      return text;
    },
    get canonical() {
      canonical ??= decode(bytes.canonical);
      return canonical;
    },
  };
  // Not enumerable: a copy made by spreading keeps the strings and drops the bytes.
  Object.defineProperty(contract, BYTES, { value: bytes, enumerable: false });
  return contract;
}

/** The bytes under a contract made by contractFromBytes, for a writer that takes bytes. */
export function findContractBytes(contract: ContractInput): ContractBytes | undefined {
  return (contract as Partial<EncodedContract>)[BYTES];
}

/** Puts back bytes that were moved to another thread and returned: until then the contract's strings cannot be read. */
export function returnContractBytes(contract: ContractInput, returned: ContractBytes): void {
  const bytes = findContractBytes(contract);
  if (bytes) Object.assign(bytes, { text: returned.text, canonical: returned.canonical });
}

/** UTF-8 in memory of its own (never a slice of Buffer's shared pool), so that it can be moved to another thread. */
export function encodeOwnUtf8(text: string): Uint8Array {
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  bytes.write(text, 'utf8');
  return bytes;
}
