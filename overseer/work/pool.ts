// The worker pool the routes hand heavy work to (child processes, child-pool.ts), with a bounded queue per kind of work
// (lanes.ts): when a lane is full the request is answered at once with 503 ERR_BUSY and Retry-After, so the event loop stays free.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Migration, Verdict } from '../../contracts/index.js';
import { ApiError } from '../errors.js';
import type { IngestNeeds, IngestResult, WireIngest } from '../observe/ingest-wire.js';
import type { MissingGraphBase, WireGraph } from '../ui/graph-wire.js';
import { createChildPool } from './child-pool.js';
import { createLanes, type LaneBound, type WorkLane } from './lanes.js';
import type { Upload } from './prepare-upload.js';
import type { JsonUpload } from './read-json.js';
import type {
  ContractMarks,
  DiffPage,
  MissingContracts,
  PreparedWire,
  ReadUpload,
  TooLarge,
  UsePage,
  VerdictJson,
  WireBreakingCount,
  WireContractMarks,
  WireGateInput,
  WireMigrations,
  WireUsePage,
  WireVersionDiff,
  WorkAnswer,
  WorkTask,
  WorkValue,
} from './wire.js';

interface WorkPoolOptions {
  /** Worker processes (the setting keeps its name, OVERSEER_WORK_THREADS). */
  threads: number;
  /** Tasks of one lane waiting for a thread; one more is refused with ERR_BUSY. */
  maxQueue: number;
  /** Lanes held to fewer tasks at once and waiting than the others (lanes.ts): the ingest lane. */
  bounds?: Partial<Record<WorkLane, LaneBound>>;
  /** How long a task may run before its process is killed (ERR_WORK_TIMEOUT); 0 or absent: no bound. */
  taskTimeoutMs?: number;
  /** The heap (old generation, MB) a process may use before it ends (ERR_WORK_TOO_LARGE); 0 or absent: no bound. */
  taskMemoryMb?: number;
  /** A worker process that could not start (no file descriptor left) or ended: said to the log; the pool replaces it. */
  onError?: (error: Error) => void;
}

export interface WorkPool {
  /** Whether `lane` would take one more task: asked before a task is built, so that a refused request costs nothing. */
  hasRoom(lane: WorkLane): boolean;
  /**
   * Room reserved in `lane` for one request until the function returned is called; undefined when the lane is full, or
   * when it is a stranger's (no token, on a registry with tokens; `stranger` is his address) and strangers hold their
   * half of the lane, or those of his address half of that (lanes.ts).
   */
  admit(lane: WorkLane, stranger?: string): (() => void) | undefined;
  /** How many tasks of each lane wait for a worker now (GET /healthz says). */
  waiting(): Readonly<Record<WorkLane, number>>;
  /**
   * Parses and validates an upload; `canonical` asks for the canonical JSON back (to store it: a publication's work).
   * `abandoned` drops a check's upload unstarted; a publication's (canonical) is never dropped, whatever it says.
   */
  prepare(service: string, upload: Upload, maxContractBytes: number, canonical?: boolean, abandoned?: AbortSignal): Promise<PreparedWire>;
  /**
   * The verdict, or the hashes of stored contracts this thread lacks (overseer/gather/gate-inputs.ts asks again with them).
   * Dropped unstarted (TaskDropped) once `abandoned` aborts: its result was for the client that hung up alone.
   */
  decide(input: WireGateInput, abandoned?: AbortSignal): Promise<Verdict | MissingContracts>;
  /** `decide`, the verdict written as the JSON its route sends, by the thread (overseer/work/verdict-json.ts). */
  decideJson(input: WireGateInput, abandoned?: AbortSignal): Promise<VerdictJson | MissingContracts>;
  /** A large upload body parsed and validated against its route's schema (overseer/work/read-json.ts); `keepCanonical` marks a publication's. */
  readJson(upload: JsonUpload): Promise<ReadUpload>;
  /** How many changes between two versions break a consumer (the dashboard's services list). */
  countBreaking(input: WireBreakingCount): Promise<number | MissingContracts>;
  /** The diff between two stored versions judged against consumers, as the dashboard's service and graph pages show it. */
  diffVersions(input: WireVersionDiff): Promise<DiffPage | MissingContracts | TooLarge>;
  /** One page of a provider's consumers, their uses named by its contract (paged-uses.ts); or the contract the thread lacks. */
  pageUses(input: WireUsePage): Promise<UsePage | MissingContracts>;
  /** Names and deprecated uses read from one stored contract (contract-marks.ts); or the contract the thread lacks. */
  markContract(input: WireContractMarks): Promise<ContractMarks | MissingContracts>;
  /** A provider's migrations read from its stored contracts (stored-migrations.ts); or the contracts the thread lacks. */
  listMigrations(input: WireMigrations): Promise<Migration[] | MissingContracts>;
  /** The dashboard's graph page, laid out and written as HTML (overseer/work/dashboard-graph.ts). */
  drawGraph(graph: WireGraph): Promise<string | MissingGraphBase>;
  /** An OTLP export decoded and matched (overseer/observe/ingest-task.ts): its counts, or what the thread lacked; its bytes are moved. */
  ingest(task: WireIngest): Promise<IngestResult | IngestNeeds>;
  /**
   * The same pool with every task in the `anonymous` lane, whatever its kind: the work of a request sent without a token
   * to a registry that has one (overseer/work/admission.ts), which may not take every thread nor wait ahead of others.
   */
  anonymous: WorkPool;
  /**
   * The same pool with every task marked a stranger's from `address` (addressShareKey): a read asked without a token of
   * a registry that has one (a dashboard page, a consumers listing), which may take at most half of its lane's queue,
   * and one address half of that (lanes.ts).
   */
  strangerAt(address: string): WorkPool;
  close(): Promise<void>;
}

// Node runs only JavaScript in a child: from the sources (the tests), the built copy of the same file is used.
function findWorkerFile(): string {
  const beside = fileURLToPath(new URL('./child-main.js', import.meta.url));
  if (existsSync(beside)) return beside;
  const built = fileURLToPath(new URL('../../dist/overseer/work/child-main.js', import.meta.url));
  if (existsSync(built)) return built;
  throw new Error(`the worker file is missing (${beside}): run npm run build`);
}

/**
 * IPC's deserializer leaves a typed array as a view into the whole message it came in: a contract's bytes get buffers
 * of their own, since the SQLite writer moves each to its thread (a shared one could be moved once, and kept the rest alive).
 */
function ownBytes(prepared: PreparedWire): PreparedWire {
  const bytes = prepared.contract?.bytes;
  if (!bytes) return prepared;
  // A copy made by Uint8Array's constructor: the view may be a Buffer, whose slice() copies nothing.
  const own = (view: Uint8Array) => (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength ? view : new Uint8Array(view));
  return { ...prepared, contract: { ...prepared.contract!, bytes: { text: own(bytes.text), canonical: own(bytes.canonical) } } };
}

/** A decision whose candidate is a stored version (can-i-deploy, the notifier), not a text uploaded to be checked. */
function decidesStored(task: WorkTask): boolean {
  if (task.kind !== 'decide') return false;
  const contract = task.input.candidate?.contract;
  return contract?.text === undefined || contract.stored === true;
}

export function createWorkPool(options: WorkPoolOptions): WorkPool {
  // A task past the bounds ends its process, never the registry's: the child is replaced, nothing is half-written, since
  // every write happens on the event loop once a task has answered.
  const children = createChildPool({
    file: findWorkerFile(),
    size: options.threads,
    memoryMb: options.taskMemoryMb ?? 0,
    timeoutMs: options.taskTimeoutMs ?? 0,
    ...(options.onError && { onError: options.onError }),
  });
  // Decisions on stored versions run in threads: they read only contracts a process has parsed once already under the
  // bound, and a hub's decision crossing a process boundary took its p99 at 10 connections from ~30 to ~100 ms
  // (docs/BENCHMARKS.md). A check's uploaded text has passed that bound once too, but its diff has not: it stays in a
  // process. The threads start with the first decision, not with the registry.
  let deciders: ReturnType<typeof createChildPool> | undefined;
  const decidersOf = () =>
    (deciders ??= createChildPool({
      file: children.file,
      runtime: 'thread',
      size: options.threads,
      memoryMb: 0,
      timeoutMs: options.taskTimeoutMs ?? 0,
      ...(options.onError && { onError: options.onError }),
    }));
  const lanes = createLanes(options.threads, options.maxQueue, options.bounds);
  // The lanes start a task only when a worker is free, so a pool's own queue holds only those whose worker is being replaced.
  const start = (task: WorkTask) => (decidesStored(task) ? decidersOf() : children).run(task) as Promise<WorkAnswer<WorkValue>>;

  async function run<T extends WorkValue>(lane: WorkLane, task: WorkTask, abandoned?: AbortSignal, stranger?: string): Promise<T> {
    // `abandoned` only keeps a task from starting: a task under way is cut short by the time bound alone.
    const answer = await lanes.enqueue<WorkAnswer<WorkValue>>(lane, () => start(task), abandoned, stranger);
    if (!answer.ok) throw new ApiError(answer.error.code, answer.error.message, { line: answer.error.line });
    return answer.value as T;
  }

  // Every task of a stranger's request goes to the one lane held to fewer threads, whatever its kind (admission.ts).
  const view = (only?: WorkLane, stranger?: string): Omit<WorkPool, 'anonymous' | 'strangerAt'> => {
    const laneOf = (lane: WorkLane) => only ?? lane;
    const go = <T extends WorkValue>(lane: WorkLane, task: WorkTask, abandoned?: AbortSignal) => run<T>(laneOf(lane), task, abandoned, stranger);
    return {
      hasRoom: (lane) => lanes.hasRoom(laneOf(lane)),
      admit: (lane, stranger) => lanes.admit(laneOf(lane), stranger),
      waiting: () => lanes.waiting(),
      prepare: (service, upload, maxContractBytes, canonical = false, abandoned) =>
        go<PreparedWire>(
          canonical ? 'write' : 'read',
          { kind: 'prepare', service, upload, maxContractBytes, canonical },
          canonical ? undefined : abandoned,
        ).then(ownBytes),
      decide: (input, abandoned) => go<Verdict | MissingContracts>('gate', { kind: 'decide', input }, abandoned),
      decideJson: (input, abandoned) => go<VerdictJson | MissingContracts>('gate', { kind: 'decide', input, asJson: true }, abandoned),
      readJson: async (upload) => {
        const read = await go<ReadUpload>(upload.prepare.keepCanonical ? 'write' : 'read', { kind: 'read-json', upload });
        return read.prepared ? { ...read, prepared: ownBytes(read.prepared) } : read;
      },
      countBreaking: (input) => go<number | MissingContracts>('read', { kind: 'count-breaking', input }),
      diffVersions: (input) => go<DiffPage | MissingContracts | TooLarge>('read', { kind: 'diff-versions', input }),
      pageUses: (input) => go<UsePage | MissingContracts>('read', { kind: 'page-uses', input }),
      markContract: (input) => go<ContractMarks | MissingContracts>('read', { kind: 'mark-contract', input }),
      listMigrations: (input) => go<Migration[] | MissingContracts>('read', { kind: 'list-migrations', input }),
      drawGraph: (graph) => go<string | MissingGraphBase>('read', { kind: 'draw-graph', graph }),
      ingest: (task) => go<IngestResult | IngestNeeds>('ingest', { kind: 'ingest', task }),
      close: async () => {
        await Promise.all([children.close(), deciders?.close()]);
      },
    };
  };
  const anonymous = { ...view('anonymous'), anonymous: undefined as unknown as WorkPool, strangerAt: (): WorkPool => anonymous };
  anonymous.anonymous = anonymous;
  // A view for each request a stranger makes: a few closures, against the read it queues.
  const strangerAt = (address: string): WorkPool => {
    const stranger: WorkPool = { ...view(undefined, address), anonymous, strangerAt: () => stranger };
    return stranger;
  };
  return { ...view(), anonymous, strangerAt };
}
