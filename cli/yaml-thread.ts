// The second thread of `overseer diff`: reads one large YAML contract while the main thread reads the other.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { type ReadElsewhere, readYamlAsJson } from '../contracts/index.js';

const { file, maxBytes } = workerData as { file: string; maxBytes: number };

function read(): ReadElsewhere | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch {
    // The main thread reads it again, and says why it cannot.
    return undefined;
  }
  return bytes.byteLength > maxBytes ? undefined : { bytes, yaml: readYamlAsJson(bytes, file) };
}

// Moved, not copied, where the memory is theirs alone (a small Buffer's lies in a pool that stays here).
const owned = (view: Uint8Array | undefined) =>
  view !== undefined && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? [view.buffer as ArrayBuffer] : [];
const answer = read();
parentPort?.postMessage(answer, [...owned(answer?.bytes), ...owned(answer?.yaml?.json)]);
