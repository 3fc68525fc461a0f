// Worker thread of bench/engine-phases-child.ts under `--base-in-worker`: loads the base contract with the build's
// engine and sends it back by structured clone, so the bench can weigh reading both contracts at once against one after the other.
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { buildRoot, file } = workerData as { buildRoot: string; file: string };
const engine = await import(pathToFileURL(`${buildRoot}/dist/contracts/index.js`).href);
const { locate: _locate, locateAll: _locateAll, ...parts } = await engine.loadContract(file, {});
parentPort!.postMessage(parts);
