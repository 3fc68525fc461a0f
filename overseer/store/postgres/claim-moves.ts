// The admin's move of a host or an API name to another service on PostgreSQL (claim-moves.ts has the rules): one
// transaction under the lock that writers of hosts or of that name take, so no publication slips between its steps.

import type pg from 'pg';
import { assertApiMovable, assertHostMovable, type ClaimMove, type ClaimMoved, describeRepositoryMove } from '../claim-moves.js';
import { findHolders, requireRepositoryKey } from '../repository-holders.js';
import { LOCKS, type Transaction, transact } from './db.js';
import { isServiceName, moveApi } from './provided-apis.js';
import { requireService } from './services.js';

async function hostsOf(tx: Transaction, name: string): Promise<string[]> {
  const [row] = await tx.query<{ hosts: string[] | null }>('SELECT hosts FROM services WHERE name = $1', [name]);
  return row?.hosts ?? [];
}

async function writeHosts(tx: Transaction, name: string, hosts: string[]): Promise<void> {
  await tx.execute('UPDATE services SET hosts = $2, updated_at = $3 WHERE name = $1', [name, hosts.length > 0 ? hosts : null, await tx.now()]);
}

async function moveHost(tx: Transaction, move: ClaimMove): Promise<string | null> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, 0)', [LOCKS.hosts]);
  const held = await hostsOf(tx, move.to);
  assertHostMovable(move, held);
  const [holder] = await tx.query<{ name: string }>('SELECT name FROM services WHERE $2 = ANY(hosts) AND name <> $1 ORDER BY name LIMIT 1', [
    move.to,
    move.name,
  ]);
  if (holder)
    await writeHosts(
      tx,
      holder.name,
      (await hostsOf(tx, holder.name)).filter((host) => host !== move.name),
    );
  if (!held.includes(move.name)) await writeHosts(tx, move.to, [...held, move.name]);
  return holder?.name ?? (held.includes(move.name) ? move.to : null);
}

async function moveApiClaim(tx: Transaction, move: ClaimMove): Promise<string | null> {
  assertApiMovable(move, move.name !== move.to && (await isServiceName(tx, move.name)));
  return (await moveApi(tx, move.name, move.to)) ?? null;
}

// Under the lock of writers of a repository new to them, so no publication names it between the read and the writes.
async function moveRepository(tx: Transaction, move: ClaimMove): Promise<ClaimMoved> {
  const key = requireRepositoryKey(move.name);
  await tx.query('SELECT pg_advisory_xact_lock($1::int4, 0)', [LOCKS.repositories]);
  const rows = await tx.query<{ name: string; repository: string | null }>(
    'SELECT name, repository FROM services WHERE repository IS NOT NULL AND strpos(lower(repository), $1) > 0',
    [key],
  );
  const holders = findHolders(rows, key, move.to);
  const heldAlready = findHolders(rows, key, '').includes(move.to);
  const time = await tx.now();
  const write = (name: string, repository: string | null) =>
    tx.execute('UPDATE services SET repository = $2, updated_at = $3 WHERE name = $1', [name, repository, time]);
  if (!move.share) for (const holder of holders) await write(holder, null);
  if (!heldAlready) await write(move.to, move.name);
  return describeRepositoryMove(move, holders, heldAlready);
}

export function createClaimMoves(pool: pg.Pool) {
  return {
    moveClaim: (move: ClaimMove): Promise<ClaimMoved> =>
      transact(pool, async (tx) => {
        await requireService(tx, move.to);
        if (move.kind === 'repository') return moveRepository(tx, move);
        const from = move.kind === 'host' ? await moveHost(tx, move) : await moveApiClaim(tx, move);
        return { ...move, from, status: from === move.to ? 'unchanged' : 'moved' };
      }),
  };
}
