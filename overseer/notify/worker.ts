// The delivery worker: claims due notifications with a lease, sends them, and records each outcome. Pending rows
// live in the store, so a restarted worker (or another replica) picks up where this one stopped.

import { randomUUID } from 'node:crypto';
import type { MigrationWork } from '../gather/migrations.js';
import { type ObserveConfig, windowStart } from '../observe/config.js';
import type { NotificationRecord, ObservedCallQuery, Store } from '../store/store.js';
import { computeBackoff } from './backoff.js';
import type { NotifyConfig } from './config.js';
import { createSenders, deliverNotification, type Senders } from './deliver.js';
import { DeliveryError } from './delivery-error.js';
import { checkAllMigrations } from './ready.js';
import { checkSunsets } from './sunset.js';

/** The subset of fastify's (pino) logger the worker uses. */
interface WorkerLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

interface WorkerOptions {
  store: Store;
  config: NotifyConfig;
  /** The worker pool, where the sunset and migration checks read stored contracts; without it they do not run. */
  work?: MigrationWork;
  /** Observed calls within its window count as use of deprecated parts; absent: declarations only. */
  observe?: Pick<ObserveConfig, 'policy' | 'windowDays'>;
  log?: WorkerLog;
  /** Replaced in tests; the real senders are built from the config. */
  senders?: Senders;
  now?: () => Date;
  random?: () => number;
}

export interface DeliveryWorker {
  /** Its lease owner id, unique per worker. */
  readonly owner: string;
  /** Looks for due notifications now rather than at the next poll. */
  wake(): void;
  /**
   * Runs the sunset check now (it also runs at start and every `sunsetCheckMs`): a check already under way when it is
   * asked may have read the deployments before the latest one, so it is waited for and another is run.
   */
  checkSunsets(): Promise<number>;
  /** Runs the migration check now (with the sunset check): resolves to how many deprecated parts became ready. */
  checkMigrations(): Promise<number>;
  /** Stops claiming, waits for the deliveries under way, and resolves. */
  stop(): Promise<void>;
}

const SILENT: WorkerLog = { info() {}, warn() {}, error() {} };
const CONFIRM_ATTEMPTS = 5;

export function startDeliveryWorker(options: WorkerOptions): DeliveryWorker {
  const { store, config } = options;
  const timings = config.worker;
  const log = options.log ?? SILENT;
  const senders = options.senders ?? createSenders(config);
  const now = options.now ?? (() => new Date());
  const owner = `worker-${randomUUID()}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    // A worker nobody stopped must not keep the process alive.
    timer.unref();
  };

  async function tick(): Promise<void> {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain();
    try {
      await running;
    } finally {
      running = undefined;
      schedule(again ? 0 : timings.pollMs);
      again = false;
    }
  }

  async function drain(): Promise<void> {
    try {
      for (;;) {
        const rows = await store.claimNotifications({ owner, limit: timings.batchSize, leaseMs: timings.leaseMs });
        await Promise.all(rows.map(deliverOne));
        if (rows.length < timings.batchSize || stopped) return;
      }
    } catch (error) {
      log.error({ err: error }, 'notification worker: claiming failed; trying again at the next poll');
    }
  }

  async function deliverOne(row: NotificationRecord): Promise<void> {
    try {
      await deliverNotification(row, senders, store);
    } catch (error) {
      await recordFailure(row, error);
      return;
    }
    // Acknowledged: recording it comes before anything else, so that no retry can post it a second time.
    await confirmDelivered(row);
  }

  async function confirmDelivered(row: NotificationRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await store.markNotificationDelivered(row.id);
        log.info({ notification: row.id, channel: row.channel, target: row.target, attempts: row.attempts + 1 }, 'notification delivered');
        return;
      } catch (error) {
        if (attempt >= CONFIRM_ATTEMPTS) {
          log.error({ err: error, notification: row.id }, 'notification delivered but not recorded: it may be sent again when its lease ends');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  async function recordFailure(row: NotificationRecord, error: unknown): Promise<void> {
    const attempts = row.attempts + 1;
    const permanent = error instanceof DeliveryError && error.permanent;
    const backoff = permanent || attempts >= timings.maxAttempts ? null : computeBackoff(attempts, timings.backoffMs, timings.maxBackoffMs, options.random);
    // A receiver that says when to come back (429 with Retry-After) is asked no sooner.
    const asked = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const retryInMs = backoff === null ? null : Math.max(backoff, asked ?? 0);
    const message = error instanceof Error ? error.message : String(error);
    try {
      await store.markNotificationFailed(row.id, owner, { error: message, retryInMs });
    } catch (storeError) {
      // The lease runs out and the row is tried again: a failure is never lost, only late.
      log.error({ err: storeError, notification: row.id }, 'notification failure could not be recorded');
    }
    const details = { notification: row.id, channel: row.channel, target: row.target, attempts, error: message };
    if (retryInMs === null) log.warn(details, 'notification failed for good (dead letter): retry it with POST /v1/notifications/{id}/retry');
    else log.info({ ...details, retryInMs }, 'notification failed; will retry');
  }

  /**
   * A check over the stored contracts that runs once at a time (a call while it runs shares that run), wakes the
   * delivery loop when it enqueued notifications, and is logged, not thrown, when it fails: the next period tries again.
   */
  function oneAtATime<D>(what: string, dependency: D | undefined, check: (dependency: D) => Promise<number>) {
    let run: Promise<number> | undefined;
    return {
      async start(): Promise<number> {
        if (dependency === undefined || stopped) return 0;
        run ??= check(dependency)
          .then((added) => {
            if (added > 0) schedule(0);
            return added;
          })
          .catch((error: unknown) => {
            log.error({ err: error }, `${what} failed`);
            return 0;
          })
          .finally(() => (run = undefined));
        return run;
      },
      pending: () => run,
    };
  }

  const { observe } = options;
  // The store within the window, as the app's observer reads it (its pending calls reach the store within a flush).
  const observed = observe && {
    config: observe,
    listCalls: (query: ObservedCallQuery) => store.listObservedCalls({ ...query, since: windowStart(observe) }),
  };
  const sunsetCheck = oneAtATime('sunset check', options.work, (work) => checkSunsets(store, work, config, now(), observed));
  const migrationCheck = oneAtATime('migration check', options.work, (work) => checkAllMigrations({ store, work, config, observed, now }));

  const runChecks = () => void sunsetCheck.start().then(() => migrationCheck.start());
  const sunsetTimer = setInterval(runChecks, timings.sunsetCheckMs);
  sunsetTimer.unref();
  runChecks();
  schedule(0);

  return {
    owner,
    wake: () => schedule(0),
    checkSunsets: async () => {
      await sunsetCheck.pending();
      return sunsetCheck.start();
    },
    checkMigrations: migrationCheck.start,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(sunsetTimer);
      await Promise.all([running, sunsetCheck.pending(), migrationCheck.pending()]);
    },
  };
}
