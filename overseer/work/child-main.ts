// The entry of a worker process (overseer/work/child-pool.ts): loads the engine, says it is ready, then answers one task
// at a time, each with tasks.ts; it leaves when the registry does (its channel closes), so no child outlives it.

import { runTask } from './tasks.js';

type Send = (message: unknown) => void;

function serve(send: Send): void {
  process.on('message', (message: { task: Parameters<typeof runTask>[0] }) => {
    runTask(message.task).then(
      (answer) => send({ answer }),
      (error: unknown) => {
        const failed = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
        send({ failed });
      },
    );
  });
  process.once('disconnect', () => process.exit(0));
  send({ ready: true });
}

if (process.send) serve(process.send.bind(process));
