// The contracts this thread parses while a test listens: in a test that runs the registry in its own process, the
// event loop's. Its worker processes and threads parse on channels of their own, which this one never hears.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { PARSE_CHANNEL } from '../../contracts/index.js';

/** Starts listening; `files()` names each contract parsed here since, `stop()` ends it. */
export function listenForLoopParses(): { files(): string[]; stop(): void } {
  const files: string[] = [];
  const heard = (message: unknown) => files.push((message as { file: string }).file);
  subscribe(PARSE_CHANNEL, heard);
  return { files: () => [...files], stop: () => unsubscribe(PARSE_CHANNEL, heard) };
}
