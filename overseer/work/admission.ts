// Refuses a request whose kind of work has no room in the pool before anything is done for it: reading the store or
// a body for a task the pool would refuse anyway is what kept the event loop busy under a flood of gate questions.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../../contracts/index.js';
import { BUSY_RETRY_SECONDS } from '../errors.js';
import { encodeOtlpStatus, otlpJsonStatus } from '../observe/otlp-proto.js';
import { addressShareKey } from './address-share.js';
import { markAnonymous, markStranger } from './anonymous.js';
import { describeBusy, describeStrangersBusy, WORK_LANES, type WorkLane } from './lanes.js';
import { createPacer, type Pacer } from './pacer.js';
import type { WorkPool } from './pool.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The pool lane this route's work waits in: when it is full the request is answered 503 ERR_BUSY at once. */
    workLane?: WorkLane;
    /**
     * Sent without a token to a registry that has one, this route's work waits in the anonymous lane: its cost grows
     * with what the stranger uploads (a check's contract), not with what the registry already holds.
     */
    strangersApart?: boolean;
  }
}

const busyBody = (message: string) => Buffer.from(JSON.stringify({ code: 'ERR_BUSY', message } satisfies ApiErrorBody));
const BUSY_BODIES = Object.fromEntries(WORK_LANES.map((lane) => [lane, busyBody(describeBusy(lane))])) as Record<WorkLane, Buffer>;

const busyHeaders = (lane: WorkLane): Record<string, string | number> => ({
  'content-type': 'application/json; charset=utf-8',
  'content-length': BUSY_BODIES[lane].length,
  'retry-after': String(BUSY_RETRY_SECONDS),
});
const BUSY_HEADERS = Object.fromEntries(WORK_LANES.map((lane) => [lane, busyHeaders(lane)])) as Record<WorkLane, Record<string, string | number>>;

// An OTLP export is refused in its own encoding, a google.rpc.Status (protobuf, or its JSON mapping), as OTLP/HTTP asks of every failure.
const INGEST_BUSY = { code: 'ERR_BUSY', message: describeBusy('ingest') };
// The protobuf one is written at the first such refusal: protobufjs is loaded only where a protobuf body is seen.
let busyStatus: [Record<string, string | number>, Buffer] | undefined;
function busyProtobufAnswer(): [Record<string, string | number>, Buffer] {
  const body = Buffer.from(encodeOtlpStatus(503, INGEST_BUSY));
  busyStatus ??= [{ ...BUSY_HEADERS.ingest, 'content-type': 'application/x-protobuf', 'content-length': body.length }, body];
  return busyStatus;
}
const BUSY_JSON_STATUS = Buffer.from(JSON.stringify(otlpJsonStatus(503, INGEST_BUSY)));
const BUSY_JSON_STATUS_HEADERS = { ...BUSY_HEADERS.ingest, 'content-length': BUSY_JSON_STATUS.length };

// A gate question without a token is told that it had half the lane at most (isStranger), and a token the other half.
const STRANGERS_BUSY_BODY = busyBody(describeStrangersBusy('gate'));
const STRANGERS_BUSY: [Record<string, string | number>, Buffer] = [{ ...BUSY_HEADERS.gate, 'content-length': STRANGERS_BUSY_BODY.length }, STRANGERS_BUSY_BODY];

/** The refusal of a request in `lane`: an OTLP export's in its encoding, any other the registry's {code, message}. */
function busyAnswer(lane: WorkLane, contentType: string, stranger: boolean): [Record<string, string | number>, Buffer] {
  if (stranger) return STRANGERS_BUSY;
  if (lane === 'ingest' && /^application\/x-protobuf\b/i.test(contentType)) return busyStatus ?? busyProtobufAnswer();
  if (lane === 'ingest' && /^application\/json\b/i.test(contentType)) return [BUSY_JSON_STATUS_HEADERS, BUSY_JSON_STATUS];
  return [BUSY_HEADERS[lane], BUSY_BODIES[lane]];
}

/**
 * How long a refusal waits before it is sent. A flood of 100 connections against a gate lane of 65 was answered 503
 * thousands of times a second, each a keep-alive request asked again at once: the refusals took the cores from the
 * thread and the event loop that answer, and halved the answers. Held a quarter of a second (a timer, no work), each
 * connection past the queue is refused about four times a second; the client is still told to retry in seconds.
 */
const REFUSAL_HOLD_MS = 250;

/** Refusals are counted and logged at most this often: a line per refused request would itself load the event loop. */
const LOG_EVERY_MS = 10_000;

/**
 * The lane a request waits in. With an admin token, a check sent without one waits in the anonymous lane, which may
 * not take every thread: a flood of strangers' heavy checks, each allowed minutes of a thread, never holds up the
 * registry's own services. A can-i-deploy question is not moved there: its work is bounded by what the registry holds,
 * and CI jobs that ask it without a token must not wait behind strangers' uploads. A wrong token is refused (401)
 * right after, before the body.
 */
function laneOf(request: FastifyRequest, guarded: boolean): WorkLane | undefined {
  const config = request.routeOptions.config;
  const anonymous = guarded && config?.strangersApart === true && !request.headers.authorization;
  return anonymous ? 'anonymous' : config?.workLane;
}

/**
 * Whether a request admitted to `lane` is a stranger's, held to half the lane's room (lanes.ts): a gate question sent
 * without a token to a registry that has tokens. The gate lane is the only shared one whose work a stranger gets done
 * (publications and exports want a token, and are refused 401 right after admission; a stranger's check waits in the
 * anonymous lane).
 */
const isStranger = (request: FastifyRequest, lane: WorkLane, guarded: boolean) => guarded && lane === 'gate' && !request.headers.authorization;

/**
 * Every route whose config names a `workLane` is admitted (or refused) first, before its body is read. An admitted
 * request holds its room in the lane until its answer is sent or its connection closes, and starts when its lane's
 * pacer lets it (pacer.ts). `guarded`: the registry has an admin token, so a request without one is a stranger's.
 */
export function registerAdmission(app: FastifyInstance, work: WorkPool, guarded = false): void {
  let refused = 0;
  let loggedAt = Number.NEGATIVE_INFINITY;
  const pacers = Object.fromEntries(WORK_LANES.map((lane) => [lane, createPacer()])) as Record<WorkLane, Pacer>;
  app.addHook('onRequest', (request, reply, done) => {
    // The connection's own address (an IPv6 one by its /64): behind a proxy, every stranger is the proxy's (README says so).
    const address = guarded && !request.headers.authorization ? addressShareKey(request.socket.remoteAddress ?? '') : undefined;
    if (address !== undefined) markStranger(request, address);
    const lane = laneOf(request, guarded);
    if (lane === undefined) return done();
    const stranger = isStranger(request, lane, guarded);
    const release = work.admit(lane, stranger ? address : undefined);
    if (release) {
      if (lane === 'anonymous') markAnonymous(request);
      // 'close' comes once the answer is written, and also when the client leaves before it.
      reply.raw.once('close', release);
      return pacers[lane].pace(() => done());
    }
    refused++;
    if (performance.now() - loggedAt >= LOG_EVERY_MS) {
      request.log.warn({ lane, refused, stranger }, `work pool lane ${lane} full: ${refused} request(s) answered 503 since the last report`);
      loggedAt = performance.now();
      refused = 0;
    }
    // Written here, straight to the socket: under a flood, answering refusals is most of the event loop's work, and
    // fastify's send (serializer, hooks, header checks) cost several times this for a body that never changes.
    reply.hijack();
    const raw = reply.raw;
    const [headers, body] = busyAnswer(lane, request.headers['content-type'] ?? '', stranger);
    // Held a moment before it is sent: a client that asks again at once, whatever Retry-After says, asks a few times a
    // second instead of thousands, and the cores go to the answers (see REFUSAL_HOLD_MS).
    const timer = setTimeout(() => {
      raw.removeListener('close', forget);
      if (!raw.destroyed) raw.writeHead(503, headers).end(body);
    }, REFUSAL_HOLD_MS);
    const forget = () => clearTimeout(timer);
    raw.once('close', forget);
  });
}
