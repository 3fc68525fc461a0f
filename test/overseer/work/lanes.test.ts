// The pool's lanes on their own: which task a free thread takes next, and when a lane refuses.

import { describe, expect, it } from 'vitest';
import { createLanes, type WorkLane } from '../../../overseer/work/lanes.js';

/** A task that runs until `finish` is called, recording when it started. */
function gatedTask(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return {
    start: () => {
      started.push(name);
      return done;
    },
    finish: () => finish(),
  };
}

describe('work lanes', () => {
  it('serves the lanes in turn: a publication waits for one task of each other lane at most, not for every gate question', async () => {
    const lanes = createLanes(1, 10);
    const started: string[] = [];
    const tasks = new Map<string, ReturnType<typeof gatedTask>>();
    const answers: Promise<string>[] = [];
    const add = (lane: WorkLane, name: string) => {
      const task = gatedTask(started, name);
      tasks.set(name, task);
      answers.push(lanes.enqueue(lane, task.start));
    };
    add('gate', 'gate-1');
    for (const name of ['gate-2', 'gate-3', 'gate-4']) add('gate', name);
    add('write', 'publication');
    add('read', 'check');
    // One thread: each task starts when the one before it finishes, the lane after the last one served first.
    for (const name of ['gate-1', 'check', 'publication', 'gate-2', 'gate-3', 'gate-4']) {
      await new Promise((resolve) => setImmediate(resolve));
      expect(started.at(-1)).toBe(name);
      tasks.get(name)?.finish();
    }
    expect(await Promise.all(answers)).toEqual(['gate-1', 'gate-2', 'gate-3', 'gate-4', 'publication', 'check']);
  });

  it('refuses a task with 503 ERR_BUSY when its own lane is full, whatever the others hold', async () => {
    const lanes = createLanes(1, 2);
    const started: string[] = [];
    const running = gatedTask(started, 'running');
    const first = lanes.enqueue('gate', running.start);
    const waiting = [lanes.enqueue('gate', async () => 'a'), lanes.enqueue('gate', async () => 'b')];
    expect(lanes.hasRoom('gate')).toBe(false);
    await expect(lanes.enqueue('gate', async () => 'c')).rejects.toMatchObject({ code: 'ERR_BUSY', status: 503 });
    expect(lanes.hasRoom('write')).toBe(true);
    const publication = lanes.enqueue('write', async () => 'publication');
    // What /healthz reports: the task under way is not waiting.
    expect(lanes.waiting()).toEqual({ write: 1, gate: 2, ingest: 0, read: 0, anonymous: 0 });
    running.finish();
    expect(await Promise.all([first, ...waiting, publication])).toEqual(['running', 'a', 'b', 'publication']);
    expect(lanes.waiting()).toEqual({ write: 0, gate: 0, ingest: 0, read: 0, anonymous: 0 });
  });

  it('holds strangers to fewer threads than the pool has: a publication takes the thread their waiting check may not', async () => {
    // Two threads, strangers' work on one and one more waiting: what the registry makes of OVERSEER_WORK_THREADS=2 and
    // OVERSEER_ANONYMOUS_QUEUE=1 (createAppWorkPool), with checks that run until the test ends them.
    const lanes = createLanes(2, 8, { anonymous: { running: 1, queued: 1 } });
    const started: string[] = [];
    const [first, second] = [gatedTask(started, 'stranger 1'), gatedTask(started, 'stranger 2')];
    const strangers = [lanes.enqueue('anonymous', first.start), lanes.enqueue('anonymous', second.start)];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['stranger 1']);
    await expect(lanes.enqueue('anonymous', async () => 'stranger 3')).rejects.toMatchObject({ code: 'ERR_BUSY', status: 503 });
    expect(await lanes.enqueue('write', async () => 'publication')).toBe('publication');
    first.finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['stranger 1', 'stranger 2']);
    second.finish();
    expect(await Promise.all(strangers)).toEqual(['stranger 1', 'stranger 2']);
  });

  it('answers a task that throws at once with its error, and goes on with the next', async () => {
    const lanes = createLanes(1, 2);
    const failing = lanes.enqueue('read', () => {
      throw new Error('no such contract');
    });
    await expect(failing).rejects.toThrow('no such contract');
    expect(await lanes.enqueue('read', async () => 'next')).toBe('next');
  });

  it('admits requests while each could find room in its lane, and takes one more once one answered', () => {
    const lanes = createLanes(1, 2);
    const admitted = [lanes.admit('gate'), lanes.admit('gate'), lanes.admit('gate')];
    expect(admitted.every((release) => release !== undefined)).toBe(true);
    // Admitted but not yet queued, they count all the same: a fourth would find no room when it got there.
    expect(lanes.admit('gate')).toBeUndefined();
    expect(lanes.admit('write')).toBeDefined();
    admitted[0]?.();
    admitted[0]?.();
    expect(lanes.admit('gate')).toBeDefined();
    expect(lanes.admit('gate')).toBeUndefined();
  });

  it("holds strangers' requests to half of a lane's room, rounded up, and keeps the rest for requests with a token", () => {
    const lanes = createLanes(1, 4);
    // From addresses of their own: the strangers of one address hold half of the strangers' share at most (below).
    const strangers = [lanes.admit('gate', '10.0.0.1'), lanes.admit('gate', '10.0.0.2'), lanes.admit('gate', '10.0.0.3')];
    expect(strangers.every((release) => release !== undefined)).toBe(true);
    expect(lanes.admit('gate', '10.0.0.4')).toBeUndefined();
    expect(lanes.admit('gate')).toBeDefined();
    expect(lanes.admit('gate')).toBeDefined();
    // The lane is full now, for everyone; a stranger's answer sent frees a stranger's place.
    expect(lanes.admit('gate')).toBeUndefined();
    strangers[0]?.();
    strangers[0]?.();
    expect(lanes.admit('gate', '10.0.0.4')).toBeDefined();
    expect(lanes.admit('gate', '10.0.0.5')).toBeUndefined();
  });

  it("holds the strangers of one address to half of the strangers' share, rounded up, and keeps the rest for other addresses", () => {
    // A room of 1 + 7: strangers hold 4 of it, one address 2.
    const lanes = createLanes(1, 7);
    const flood = [lanes.admit('gate', '10.0.0.1'), lanes.admit('gate', '10.0.0.1')];
    expect(flood.every((release) => release !== undefined)).toBe(true);
    expect(lanes.admit('gate', '10.0.0.1')).toBeUndefined();
    expect(lanes.admit('gate', '10.0.0.2')).toBeDefined();
    expect(lanes.admit('gate', '10.0.0.3')).toBeDefined();
    // The strangers' share is full now, whatever the address; a token's request is still admitted.
    expect(lanes.admit('gate', '10.0.0.4')).toBeUndefined();
    expect(lanes.admit('gate')).toBeDefined();
    // An answer sent frees its address's place, once however often it is released.
    flood[0]?.();
    flood[0]?.();
    expect(lanes.admit('gate', '10.0.0.1')).toBeDefined();
    expect(lanes.admit('gate', '10.0.0.1')).toBeUndefined();
  });

  it("queues strangers' tasks in at most half of a lane's queue; one that starts or is dropped frees its place", async () => {
    const lanes = createLanes(1, 4);
    const started: string[] = [];
    const running = gatedTask(started, 'running');
    const first = lanes.enqueue('read', running.start);
    const gone = new AbortController();
    const strangers = [lanes.enqueue('read', async () => 's1', gone.signal, '10.0.0.1'), lanes.enqueue('read', async () => 's2', undefined, '10.0.0.2')];
    await expect(lanes.enqueue('read', async () => 's3', undefined, '10.0.0.3')).rejects.toMatchObject({
      code: 'ERR_BUSY',
      message: expect.stringMatching(/those sent without a token may hold only half of its room/),
    });
    const withToken = [lanes.enqueue('read', async () => 't1'), lanes.enqueue('read', async () => 't2')];
    gone.abort();
    await expect(strangers[0]).rejects.toMatchObject({ name: 'TaskDropped' });
    const again = lanes.enqueue('read', async () => 's3', undefined, '10.0.0.3');
    running.finish();
    expect(await Promise.all([first, strangers[1], ...withToken, again])).toEqual(['running', 's2', 't1', 't2', 's3']);
    expect(lanes.waiting().read).toBe(0);
    expect(
      await Promise.all([lanes.enqueue('read', async () => 'a', undefined, '10.0.0.1'), lanes.enqueue('read', async () => 'b', undefined, '10.0.0.2')]),
    ).toEqual(['a', 'b']);
  });

  it("queues one address's tasks in at most half of the strangers' half; another address's still find a place", async () => {
    const lanes = createLanes(1, 8);
    const started: string[] = [];
    const running = gatedTask(started, 'running');
    const first = lanes.enqueue('read', running.start);
    const flood = [lanes.enqueue('read', async () => 'f1', undefined, '10.0.0.1'), lanes.enqueue('read', async () => 'f2', undefined, '10.0.0.1')];
    await expect(lanes.enqueue('read', async () => 'f3', undefined, '10.0.0.1')).rejects.toMatchObject({
      code: 'ERR_BUSY',
      message: expect.stringMatching(/and those from one address half of that/),
    });
    const other = lanes.enqueue('read', async () => 'other', undefined, '10.0.0.2');
    running.finish();
    expect(await Promise.all([first, ...flood, other])).toEqual(['running', 'f1', 'f2', 'other']);
    expect(await lanes.enqueue('read', async () => 'f3', undefined, '10.0.0.1')).toBe('f3');
  });

  it('drops a queued task whose requester has gone before it starts, and gives its place to the next', async () => {
    const lanes = createLanes(1, 1);
    const started: string[] = [];
    const running = gatedTask(started, 'running');
    const first = lanes.enqueue('read', running.start);
    const gone = new AbortController();
    const abandoned = lanes.enqueue('gate', gatedTask(started, 'abandoned').start, gone.signal);
    expect(lanes.hasRoom('gate')).toBe(false);
    gone.abort();
    await expect(abandoned).rejects.toMatchObject({ name: 'TaskDropped', lane: 'gate' });
    // Its place in the queue is free at once; a signal aborted before the task is queued drops it as well.
    const next = lanes.enqueue('gate', async () => 'next');
    await expect(lanes.enqueue('gate', async () => 'late', gone.signal)).rejects.toMatchObject({ name: 'TaskDropped' });
    running.finish();
    expect(await Promise.all([first, next])).toEqual(['running', 'next']);
    expect(started).toEqual(['running']);
    expect(lanes.dropped()).toEqual({ write: 0, gate: 2, ingest: 0, read: 0, anonymous: 0 });
  });

  it('never cuts short a task that has started when its requester goes', async () => {
    const lanes = createLanes(1, 1);
    const started: string[] = [];
    const gone = new AbortController();
    const task = gatedTask(started, 'started');
    const answer = lanes.enqueue('gate', task.start, gone.signal);
    await new Promise((resolve) => setImmediate(resolve));
    gone.abort();
    task.finish();
    expect(await answer).toBe('started');
    expect(lanes.dropped().gate).toBe(0);
  });
});
