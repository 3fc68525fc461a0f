// One bounded queue per kind of work in front of the worker threads, served in turn: a flood of gate questions
// fills only its own queue, and a publication (a write someone waits on) is neither refused for it nor kept behind it.

import { ApiError, BUSY_RETRY_SECONDS } from '../errors.js';

/**
 * `write`: parsing for a publication; `gate`: deciding a verdict; `ingest`: decoding and matching OTLP exports (a flood of
 * them must not hold up the rest); `read`: everything else (check's uploads, the dashboard's and the checks' reads of
 * stored contracts); `anonymous`: all the work of a check sent without a token to a registry that has one
 * (admission.ts), held to fewer threads.
 */
export const WORK_LANES = ['write', 'gate', 'ingest', 'read', 'anonymous'] as const;
export type WorkLane = (typeof WORK_LANES)[number];

interface Lanes {
  /** Whether one more task of `lane` would be taken. */
  hasRoom(lane: WorkLane): boolean;
  /**
   * Reserves room in `lane` for a request from its start to its answer (the release function), or refuses it
   * (undefined): a request admitted but still reading the store has queued nothing yet, and must count all the same.
   * A stranger's (no token, on a registry that has tokens; `stranger` is his address) may take at most half the lane's
   * room (strangerShare), and the strangers of one address half of that (addressShare).
   */
  admit(lane: WorkLane, stranger?: string): (() => void) | undefined;
  /**
   * Runs `start` when a thread is free and it is this lane's turn; refused at once when the lane's queue is full.
   * When `abandoned` aborts before the task starts (its requester hung up), the task leaves the queue unstarted and the
   * promise rejects with TaskDropped; a task already started always runs to its end. A `stranger`'s task (asked for a
   * request without a token, on a registry that has tokens; `stranger` is his address) may take at most half of the
   * lane's queue (strangerShare), and the tasks of one address half of that (addressShare).
   */
  enqueue<T>(lane: WorkLane, start: () => Promise<T>, abandoned?: AbortSignal, stranger?: string): Promise<T>;
  /** How many queued tasks of each lane were dropped unstarted since the lanes were made. */
  dropped(): Readonly<Record<WorkLane, number>>;
  /** How many tasks of each lane wait for a worker now; those under way are not counted. */
  waiting(): Readonly<Record<WorkLane, number>>;
}

interface Waiting {
  /** The stranger's address, for a task asked without a token on a registry that has tokens. */
  stranger: string | undefined;
  start: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A queued task dropped before it started: whoever asked for it had gone, so nobody could receive its result. */
export class TaskDropped extends Error {
  override readonly name = 'TaskDropped';
  constructor(readonly lane: WorkLane) {
    super(`the ${lane} task was dropped before it started: its client had gone`);
  }
}

const BUSY_WITH: Record<WorkLane, string> = {
  gate: 'answering other deploy questions',
  write: 'parsing other publications',
  ingest: 'reading other telemetry exports',
  read: 'parsing other requests',
  anonymous: 'with other requests sent without a token (a token gets its own turn)',
};

/** What a client refused for `lane` reads. */
export function describeBusy(lane: WorkLane): string {
  return `the registry is busy ${BUSY_WITH[lane]}: retry in ${BUSY_RETRY_SECONDS} s`;
}

/** What a client without a token refused for `lane` reads: the lane is full, or strangers, or those of its address, hold their share of it. */
export function describeStrangersBusy(lane: WorkLane): string {
  return (
    `the registry is busy ${BUSY_WITH[lane]}; those sent without a token may hold only half of its room (a token gets ` +
    `the other half), and those from one address half of that: retry in ${BUSY_RETRY_SECONDS} s`
  );
}

/**
 * A lane held to fewer tasks than the pool runs, and fewer waiting: OTLP exports, whose decoding costs hundreds of MB
 * each at worst, so that the memory of a flood of them is that of `running` decodes and `queued` bodies, not of one per thread.
 */
export interface LaneBound {
  running: number;
  queued: number;
}

/**
 * The room of a lane of `room` that requests without a token may hold together: half, rounded up. A stranger who sends
 * questions and closes his sending side at once (FIN) holds nothing of his own while each waits its turn, and filled
 * the gate lane for the CI jobs that carry a token; they keep the other half whatever strangers send.
 */
const strangerShare = (room: number) => Math.ceil(room / 2);

/**
 * The room of a lane that the strangers of one address may hold: half of the strangers' share, rounded up. One script
 * that sent questions without end took the whole strangers' half, and every other stranger (a CI job without a token,
 * a colleague's first can-i-deploy) was refused until it stopped; now it takes half of it, and the others the rest.
 */
const addressShare = (room: number) => Math.ceil(strangerShare(room) / 2);

const countPerLane = () => Object.fromEntries(WORK_LANES.map((lane) => [lane, 0])) as Record<WorkLane, number>;

/** `threads` tasks run at once (one per worker thread); each lane holds at most `maxQueue` more, or its own smaller bound. */
export function createLanes(threads: number, maxQueue: number, bounds: Partial<Record<WorkLane, LaneBound>> = {}): Lanes {
  const queues = Object.fromEntries(WORK_LANES.map((lane) => [lane, [] as Waiting[]])) as Record<WorkLane, Waiting[]>;
  let running = 0;
  const runningIn = countPerLane();
  // A lane's own bound only ever narrows the pool's: OVERSEER_WORK_QUEUE set low holds every lane to it.
  const runsOf = (lane: WorkLane) => Math.min(bounds[lane]?.running ?? threads, threads);
  const mayRun = (lane: WorkLane) => runningIn[lane] < runsOf(lane);
  const queueOf = (lane: WorkLane) => Math.min(bounds[lane]?.queued ?? maxQueue, maxQueue);
  // The lane served first next time: each turn starts after the last lane served, so no lane waits for another to drain.
  let turn = 0;

  function takeNext(): (Waiting & { lane: WorkLane }) | undefined {
    for (let i = 0; i < WORK_LANES.length; i++) {
      const index = (turn + i) % WORK_LANES.length;
      const lane = WORK_LANES[index]!;
      const next = mayRun(lane) ? queues[lane].shift() : undefined;
      if (next?.stranger !== undefined) forgetStranger(lane, next.stranger);
      if (next) {
        turn = index + 1;
        return { ...next, lane };
      }
    }
    return undefined;
  }

  function pump(): void {
    while (running < threads) {
      const next = takeNext();
      if (!next) return;
      running++;
      runningIn[next.lane]++;
      // Through a promise, so that a task that throws at once is refused like one that fails later.
      Promise.resolve()
        .then(next.start)
        .then(next.resolve, next.reject)
        .finally(() => {
          running--;
          runningIn[next.lane]--;
          pump();
        });
    }
  }

  const hasRoom = (lane: WorkLane) => queues[lane].length < queueOf(lane);
  const admitted = countPerLane();
  const admittedStrangers = countPerLane();
  const byAddress = Object.fromEntries(WORK_LANES.map((lane) => [lane, new Map<string, number>()])) as Record<WorkLane, Map<string, number>>;
  const queuedStrangers = countPerLane();
  const queuedByAddress = Object.fromEntries(WORK_LANES.map((lane) => [lane, new Map<string, number>()])) as Record<WorkLane, Map<string, number>>;
  const dropped = countPerLane();

  function forgetStranger(lane: WorkLane, address: string): void {
    queuedStrangers[lane]--;
    const left = (queuedByAddress[lane].get(address) ?? 1) - 1;
    if (left === 0) queuedByAddress[lane].delete(address);
    else queuedByAddress[lane].set(address, left);
  }

  // The strangers' half of a lane's queue, and one address's half of that: a page flood from one address kept every
  // other stranger's read (a colleague's first look at the dashboard) refused until it stopped.
  function strangersFull(lane: WorkLane, address: string): boolean {
    const queue = queueOf(lane);
    return queuedStrangers[lane] >= strangerShare(queue) || (queuedByAddress[lane].get(address) ?? 0) >= addressShare(queue);
  }

  // Out of the queue at once, so that its place goes to the next client rather than to a task nobody waits for.
  function drop(lane: WorkLane, waiting: Waiting): void {
    const index = queues[lane].indexOf(waiting);
    if (index < 0) return;
    queues[lane].splice(index, 1);
    if (waiting.stranger !== undefined) forgetStranger(lane, waiting.stranger);
    dropped[lane]++;
    waiting.reject(new TaskDropped(lane));
  }

  return {
    hasRoom,
    admit(lane, stranger) {
      // As many requests as could be running or queued: every admitted one finds room in the lane when it gets there.
      const room = runsOf(lane) + queueOf(lane);
      if (admitted[lane] >= room || !hasRoom(lane)) return undefined;
      const held = stranger === undefined ? 0 : (byAddress[lane].get(stranger) ?? 0);
      if (stranger !== undefined && (admittedStrangers[lane] >= strangerShare(room) || held >= addressShare(room))) return undefined;
      admitted[lane]++;
      if (stranger !== undefined) {
        admittedStrangers[lane]++;
        byAddress[lane].set(stranger, held + 1);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        admitted[lane]--;
        if (stranger === undefined) return;
        admittedStrangers[lane]--;
        const left = (byAddress[lane].get(stranger) ?? 1) - 1;
        if (left === 0) byAddress[lane].delete(stranger);
        else byAddress[lane].set(stranger, left);
      };
    },
    enqueue<T>(lane: WorkLane, start: () => Promise<T>, abandoned?: AbortSignal, stranger?: string): Promise<T> {
      if (abandoned?.aborted) {
        dropped[lane]++;
        return Promise.reject(new TaskDropped(lane));
      }
      if (stranger !== undefined && strangersFull(lane, stranger)) return Promise.reject(new ApiError('ERR_BUSY', describeStrangersBusy(lane)));
      if (!hasRoom(lane)) return Promise.reject(new ApiError('ERR_BUSY', stranger !== undefined ? describeStrangersBusy(lane) : describeBusy(lane)));
      return new Promise<T>((resolve, reject) => {
        const forget = () => abandoned?.removeEventListener('abort', onAbort);
        const waiting: Waiting = {
          stranger,
          start: () => {
            forget();
            return start();
          },
          resolve: resolve as (value: unknown) => void,
          reject,
        };
        const onAbort = () => drop(lane, waiting);
        abandoned?.addEventListener('abort', onAbort, { once: true });
        queues[lane].push(waiting);
        if (stranger !== undefined) {
          queuedStrangers[lane]++;
          queuedByAddress[lane].set(stranger, (queuedByAddress[lane].get(stranger) ?? 0) + 1);
        }
        pump();
      });
    },
    dropped: () => ({ ...dropped }),
    waiting: () => Object.fromEntries(WORK_LANES.map((lane) => [lane, queues[lane].length])) as Record<WorkLane, number>,
  };
}
