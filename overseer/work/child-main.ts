// The entry of a worker (overseer/work/runners.ts), a process or a thread: loads the engine, says it is ready, then
// answers one task at a time, each with tasks.ts; a process leaves when the registry does (its channel closes).

import { parentPort } from 'node:worker_threads';
import { runTask } from './tasks.js';

type Send = (message: unknown) => void;
type Listen = (listener: (message: { task: Parameters<typeof runTask>[0] }) => void) => void;

function serve(send: Send, listen: Listen): void {
  listen((message) => {
    runTask(message.task).then(
      (answer) => send({ answer }),
      (error: unknown) => {
        const failed = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
        send({ failed });
      },
    );
  });
  send({ ready: true });
}

if (parentPort) {
  const port = parentPort;
  serve(
    (message) => port.postMessage(message),
    (listener) => port.on('message', listener),
  );
} else if (process.send) {
  process.once('disconnect', () => process.exit(0));
  serve(process.send.bind(process), (listener) => process.on('message', listener));
}
