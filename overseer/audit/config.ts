// Settings of the gate's audit trail, read once from the environment: how repeats merge and how long verdicts stay.

export interface AuditConfig {
  /** An identical ask within this many minutes of the last one joins its record (OVERSEER_VERDICT_WINDOW_MINUTES, default 60; 0: every ask a record). */
  windowMinutes: number;
  /** Verdicts last asked longer ago than this are deleted (OVERSEER_VERDICT_RETENTION_DAYS, default 90; 0: kept forever). */
  retentionDays: number;
}

export const DEFAULT_AUDIT: AuditConfig = { windowMinutes: 60, retentionDays: 90 };

const DAY_MS = 24 * 60 * 60 * 1000;

function readWhole(env: Record<string, string | undefined>, name: string, fallback: number, fail: (m: string) => Error): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw fail(`${name} must be a whole number (0 or more), got "${value}"`);
  return n;
}

export function parseAuditConfig(env: Record<string, string | undefined>, fail: (message: string) => Error): AuditConfig {
  return {
    windowMinutes: readWhole(env, 'OVERSEER_VERDICT_WINDOW_MINUTES', DEFAULT_AUDIT.windowMinutes, fail),
    retentionDays: readWhole(env, 'OVERSEER_VERDICT_RETENTION_DAYS', DEFAULT_AUDIT.retentionDays, fail),
  };
}

export function repeatWindowMs(config: AuditConfig): number {
  return config.windowMinutes * 60 * 1000;
}

/** Verdicts last asked before this are forgotten; undefined when they are kept forever. */
export function retentionStart(config: AuditConfig, now = Date.now()): string | undefined {
  return config.retentionDays === 0 ? undefined : new Date(now - config.retentionDays * DAY_MS).toISOString();
}
