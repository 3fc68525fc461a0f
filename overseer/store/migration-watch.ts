// Who used each deprecated part last time it was looked at: the memory that lets "the last consumer stopped using
// it" be announced once per time it happens. Derived state, rebuilt by the next check: not part of exports.

/** The deprecated parts of one provider deployed in one environment, as a check finds them now. */
export interface MigrationWatchInput {
  provider: string;
  environment: string;
  /** Every deprecated part there now, by a key the caller chooses, with the consumers using it (declared or observed). */
  parts: readonly { key: string; users: readonly string[] }[];
}

export interface MigrationWatchRecord {
  provider: string;
  environment: string;
  key: string;
  /** By name; empty: ready to remove. */
  users: string[];
  /** When its users went from none to some (ISO time); null while nobody uses it. */
  usedSince: string | null;
  updatedAt: string;
}

/** A part whose last user went away since the previous look. */
export interface MigrationFreed {
  provider: string;
  environment: string;
  key: string;
  formerUsers: string[];
  /** The start of the run of use that just ended: with the key, it names this one transition. */
  usedSince: string;
}

interface MigrationWatchPlan {
  write: MigrationWatchRecord[];
  /** Keys no longer deprecated there (removed, undeprecated, or the provider gone from the environment). */
  remove: string[];
  freed: MigrationFreed[];
}

/**
 * Compares what a check found with what was stored for the same provider and environment. A part first seen
 * unused is ready from the start, which no consumer's move caused: only a used part becoming unused is freed.
 */
export function planMigrationWatch(stored: readonly MigrationWatchRecord[], input: MigrationWatchInput, now: string): MigrationWatchPlan {
  const before = new Map(stored.map((r) => [r.key, r]));
  const plan: MigrationWatchPlan = { write: [], remove: [], freed: [] };
  const { provider, environment } = input;
  const seen = new Set<string>();
  for (const part of input.parts) {
    if (seen.has(part.key)) continue;
    seen.add(part.key);
    const users = [...new Set(part.users)].sort();
    const prev = before.get(part.key);
    const record = (usedSince: string | null) => plan.write.push({ provider, environment, key: part.key, users, usedSince, updatedAt: now });
    if (!prev) record(users.length > 0 ? now : null);
    else if (prev.users.length > 0 && users.length === 0) {
      plan.freed.push({ provider, environment, key: part.key, formerUsers: prev.users, usedSince: prev.usedSince ?? prev.updatedAt });
      record(null);
    } else if (prev.users.length === 0 && users.length > 0) record(startAfter(now, prev.updatedAt));
    else if (prev.users.join('\u0000') !== users.join('\u0000')) record(prev.usedSince);
  }
  plan.remove = stored.filter((r) => !seen.has(r.key)).map((r) => r.key);
  return plan;
}

/** A run of use starts after the previous one ended, even within one millisecond: its start must name it alone. */
function startAfter(now: string, ended: string): string {
  return now > ended ? now : new Date(Date.parse(ended) + 1).toISOString();
}
