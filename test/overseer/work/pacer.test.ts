// The pacer on its own: admitted requests of one kind start one per turn of the event loop, in the order they came.

import { describe, expect, it } from 'vitest';
import { createPacer } from '../../../overseer/work/pacer.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('pacer', () => {
  it('starts the first request at once and each next one a turn later, so that other callbacks run in between', async () => {
    const pacer = createPacer();
    const events: string[] = [];
    for (const name of ['a', 'b', 'c']) pacer.pace(() => events.push(name));
    expect(events).toEqual(['a']);
    // A callback queued now (as a socket's would be) runs before the next start, not after all of them.
    setImmediate(() => events.push('other'));
    await nextTurn();
    await nextTurn();
    await nextTurn();
    expect(events).toEqual(['a', 'b', 'other', 'c']);
  });

  it('starts at once again once a turn has passed with nothing waiting', async () => {
    const pacer = createPacer();
    const events: string[] = [];
    pacer.pace(() => events.push('a'));
    await nextTurn();
    await nextTurn();
    pacer.pace(() => events.push('b'));
    expect(events).toEqual(['a', 'b']);
  });
});
