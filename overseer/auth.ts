// Who is asking: the admin token (from the configuration), a service or ingest token (stored as its SHA-256), or nobody.
// With an admin token configured every write needs a token; reads are open, but a bearer token presented is checked on
// every route (registerTokenCheck): a CI job whose token was revoked is told so at its next read, not served on as nobody.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';
import { ANONYMOUS, type Store } from './store/store.js';

const ADMIN = 'admin';

interface Principal {
  /** A token's name, `admin`, or `anonymous`. */
  name: string;
  admin: boolean;
  /** The one service a service token acts for; null for the admin, an ingest token and in open mode. */
  service: string | null;
  /** An ingest token: it may post telemetry and nothing else. */
  ingest: boolean;
  /**
   * Whose Idempotency-Keys a write's key is kept among: the presented token's SHA-256 (two tokens of one name, one
   * revoked and one issued after, are two writers), or `anonymous`.
   */
  writer: string;
}

export interface Auth {
  /** Whether writes need a token. */
  readonly open: boolean;
  /** The presented token's owner, or anonymous when none was presented. */
  identify(request: FastifyRequest): Promise<Principal>;
  /** For writes: the admin, or a token of `service` when one is named; in open mode anyone. */
  requireWriter(request: FastifyRequest, service?: string): Promise<Principal>;
  /**
   * Before a write's body is read, when the service it names is in the body: the admin or a service token (the body's
   * service is checked with requireWriter once it is parsed); anonymous, unknown and ingest tokens are refused here.
   */
  requireSomeWriter(request: FastifyRequest): Promise<Principal>;
  requireAdmin(request: FastifyRequest): Promise<Principal>;
  /** For telemetry (`/v1/traces`, `/v1/metrics`): the admin or an ingest token; in open mode anyone. */
  requireIngest(request: FastifyRequest): Promise<Principal>;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes; the prefix makes a leaked token easy to recognise in logs and secret scanners. */
export function generateToken(): string {
  return `ovs_${randomBytes(32).toString('base64url')}`;
}

function equalHashes(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

// Another scheme (Basic) is a proxy's in front of the registry (the CLI sends a registry URL's credentials so): not ours to judge.
const BEARER_SCHEME = /^Bearer(?:\s|$)/i;

function readBearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || !BEARER_SCHEME.test(header)) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new ApiError('ERR_TOKEN_REJECTED', describeBadBearer(header));
  return match[1];
}

// "Bearer" alone is what a CI job sends when its secret was empty; words after it are a pasted line, not a token.
function describeBadBearer(header: string): string {
  const words = header.trim().split(/\s+/).length - 1;
  if (words === 0) return 'the Authorization header says "Bearer" and no token after it: is --token or OVERSEER_TOKEN empty?';
  return `the Authorization header has ${words} words after "Bearer" and a token is one: send "Bearer <token>" with the token alone`;
}

// Another scheme reaches here only on a route that needs a token. Its name is said when it looks like one (short, a
// word before the credentials); a header of one word is a token sent without "Bearer ", and is never echoed.
function describeOtherScheme(header: string): string {
  const parts = header.trim().split(/\s+/);
  if (parts.length === 1) return 'the Authorization header has no scheme: send "Bearer <token>", the word Bearer and a space before the token';
  const scheme = /^[A-Za-z][A-Za-z0-9-]{0,19}$/.test(parts[0]) ? `"${parts[0]}" credentials` : 'credentials of another scheme';
  return `the Authorization header holds ${scheme}, and this request needs a token: send "Bearer <token>" (--token, OVERSEER_TOKEN)`;
}

export function createAuth(options: { adminToken?: string; store: Store }): Auth {
  const { store } = options;
  const adminHash = options.adminToken ? hashToken(options.adminToken) : undefined;
  const open = adminHash === undefined;
  const anonymous: Principal = { name: ANONYMOUS, admin: open, service: null, ingest: false, writer: ANONYMOUS };

  // A route checks the token before the body is read and again in its handler: the store is asked once per request.
  const identified = new WeakMap<FastifyRequest, Promise<Principal>>();

  function identify(request: FastifyRequest): Promise<Principal> {
    let principal = identified.get(request);
    if (principal === undefined) {
      principal = lookUp(request);
      identified.set(request, principal);
    }
    return principal;
  }

  async function lookUp(request: FastifyRequest): Promise<Principal> {
    const token = readBearer(request);
    if (token === undefined) return anonymous;
    const hash = hashToken(token);
    if (adminHash !== undefined && equalHashes(hash, adminHash)) return { name: ADMIN, admin: true, service: null, ingest: false, writer: hash };
    const record = await store.findTokenByHash(hash);
    // The lookup is by hash; the comparison still runs in constant time so the rule holds everywhere.
    if (!record || !equalHashes(hash, record.hash)) throw new ApiError('ERR_TOKEN_REJECTED', 'the token is not known to this registry');
    // Said without the token's name or service: whoever presents a leaked token learns only that it is dead.
    if (record.revokedAt !== undefined) throw new ApiError('ERR_TOKEN_REJECTED', `the token was revoked (at ${record.revokedAt})`);
    const ingest = record.scope === 'ingest';
    return { name: record.name, admin: record.service === null && !ingest, service: record.service, ingest, writer: hash };
  }

  function forbid(principal: Principal, need: string): never {
    const holder = principal.ingest ? 'an ingest token (it may only post telemetry)' : `for ${principal.service}`;
    throw new ApiError('ERR_TOKEN_FORBIDDEN', `token "${principal.name}" is ${holder}: ${need}`);
  }

  // The words name what is asked: a read that needs a token (the admin's list of tokens) is no write.
  async function requireToken(request: FastifyRequest, needed?: string): Promise<Principal> {
    const principal = await identify(request);
    if (open || principal.name !== ANONYMOUS) return principal;
    if (request.headers.authorization) throw new ApiError('ERR_TOKEN_REJECTED', describeOtherScheme(request.headers.authorization));
    const what = needed ?? (request.method === 'GET' ? 'a token for this request' : 'a token for writes');
    throw new ApiError('ERR_TOKEN_MISSING', `this registry needs ${what}: send "Authorization: Bearer <token>" (--token, OVERSEER_TOKEN)`);
  }

  return {
    open,
    identify,
    async requireWriter(request, service) {
      const principal = await requireToken(request);
      if (open || principal.admin || (service !== undefined && principal.service === service)) return principal;
      return forbid(principal, service === undefined ? 'this needs the admin token' : `it may not act for ${service}`);
    },
    async requireSomeWriter(request) {
      const principal = await requireToken(request);
      if (open || principal.admin || principal.service !== null) return principal;
      return forbid(principal, 'this needs a service token or the admin token');
    },
    async requireAdmin(request) {
      // Said as the admin's: "a token for writes" sent whoever creates a token looking for a service token.
      const principal = await requireToken(request, request.method === 'GET' ? 'the admin token for this request' : 'the admin token for this write');
      if (open || principal.admin) return principal;
      return forbid(principal, 'this needs the admin token');
    },
    async requireIngest(request) {
      const principal = await requireToken(request);
      if (open || principal.admin || principal.ingest) return principal;
      // A service token speaks for one service; an export carries many services' calls and moves their providers' gates.
      return forbid(principal, 'telemetry needs an ingest token (overseer token create --ingest) or the admin token');
    },
  };
}

/**
 * Every request that presents a bearer token has it checked before anything else is done for it (after admission):
 * an unknown or revoked token is refused 401 ERR_TOKEN_REJECTED on reads and dashboard pages too. A request without
 * one, or with another scheme's credentials, goes on as anonymous.
 */
export function registerTokenCheck(app: FastifyInstance, auth: Auth): void {
  app.addHook('onRequest', async (request) => {
    if (request.headers.authorization) await auth.identify(request);
  });
}

/**
 * `onRequest` hooks that check who asks before the body is read, so a stranger's request costs no parsing: `named`
 * is the writer of the service in the URL (`:name`), `someWriter` any token that may write (the service a body names is
 * checked once it is parsed), `anyone` a valid token if one is presented.
 */
export function checkBeforeBody(auth: Auth) {
  return {
    admin: async (request: FastifyRequest) => void (await auth.requireAdmin(request)),
    named: async (request: FastifyRequest) => void (await auth.requireWriter(request, (request.params as { name: string }).name)),
    someWriter: async (request: FastifyRequest) => void (await auth.requireSomeWriter(request)),
    anyone: async (request: FastifyRequest) => void (await auth.identify(request)),
  };
}
