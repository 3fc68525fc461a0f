// The admin's move of a host or an API name to another service on SQLite (claim-moves.ts has the rules): one
// immediate transaction, so a publication of the squatter cannot slip between the release and the claim.

import type Database from 'better-sqlite3';
import { assertApiMovable, assertHostMovable, type ClaimMove, type ClaimMoved, describeRepositoryMove } from '../claim-moves.js';
import { findHolders, requireRepositoryKey } from '../repository-holders.js';
import { createApiClaims } from './provided-apis.js';

export function createClaimMoves(db: Database.Database, now: () => string, requireService: (name: string) => void) {
  const apiClaims = createApiClaims(db);
  const selectHosts = db.prepare<[string], string | null>('SELECT hosts FROM services WHERE name = ?').pluck();
  const selectHolder = db
    .prepare<[string, string], string>(
      'SELECT s.name FROM services s, json_each(s.hosts) h WHERE s.hosts IS NOT NULL AND s.name <> ? AND h.value = ? ORDER BY s.name LIMIT 1',
    )
    .pluck();
  const updateHosts = db.prepare<[string | null, string, string]>('UPDATE services SET hosts = ?, updated_at = ? WHERE name = ?');
  const hostsOf = (name: string): string[] => JSON.parse(selectHosts.get(name) ?? '[]') as string[];
  const writeHosts = (name: string, hosts: string[]) => updateHosts.run(hosts.length > 0 ? JSON.stringify(hosts) : null, now(), name);

  function moveHost(move: ClaimMove): string | null {
    const held = hostsOf(move.to);
    assertHostMovable(move, held);
    const from = selectHolder.get(move.to, move.name) ?? null;
    if (from !== null)
      writeHosts(
        from,
        hostsOf(from).filter((host) => host !== move.name),
      );
    if (!held.includes(move.name)) writeHosts(move.to, [...held, move.name]);
    return from ?? (held.includes(move.name) ? move.to : null);
  }

  function moveApi(move: ClaimMove): string | null {
    assertApiMovable(move, move.name !== move.to && apiClaims.isService(move.name));
    return apiClaims.move(move.name, move.to) ?? null;
  }

  const selectRepositories = db.prepare<[], { name: string; repository: string | null }>('SELECT name, repository FROM services WHERE repository IS NOT NULL');
  const updateRepository = db.prepare<[string | null, string, string]>('UPDATE services SET repository = ?, updated_at = ? WHERE name = ?');

  function moveRepository(move: ClaimMove): ClaimMoved {
    const key = requireRepositoryKey(move.name);
    const rows = selectRepositories.all();
    const holders = findHolders(rows, key, move.to);
    const heldAlready = findHolders(rows, key, '').includes(move.to);
    if (!move.share) for (const holder of holders) updateRepository.run(null, now(), holder);
    if (!heldAlready) updateRepository.run(move.name, now(), move.to);
    return describeRepositoryMove(move, holders, heldAlready);
  }

  const moveClaim = db.transaction((move: ClaimMove): ClaimMoved => {
    requireService(move.to);
    if (move.kind === 'repository') return moveRepository(move);
    const from = move.kind === 'host' ? moveHost(move) : moveApi(move);
    return { ...move, from, status: from === move.to ? 'unchanged' : 'moved' };
  });

  return { moveClaim: (move: ClaimMove) => moveClaim.immediate(move) };
}
