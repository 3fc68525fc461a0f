// Forgets verdicts past their retention, off the request path: once at start, then every hour, like observed calls.

import type { Store } from '../store/store.js';
import { type AuditConfig, retentionStart } from './config.js';

const PRUNE_EVERY_MS = 60 * 60 * 1000;

interface VerdictPruner {
  /** Deletes what is past retention now; resolves to how many verdicts went (0 when retention is off). */
  prune(): Promise<number>;
  /** The pass made at start, its failure already reported: the app is ready once it has run, so a restored dump's old
   * verdicts are gone before the first request, not some moment after. */
  first: Promise<void>;
  stop(): void;
}

export function startVerdictPruner(options: { store: Store; config: AuditConfig; onError: (error: unknown) => void }): VerdictPruner {
  const { store, config, onError } = options;
  const prune = async () => {
    const before = retentionStart(config);
    return before === undefined ? 0 : store.pruneVerdicts(before);
  };
  const quietly = () => prune().then(() => undefined, onError);
  const timer = config.retentionDays === 0 ? undefined : setInterval(quietly, PRUNE_EVERY_MS);
  timer?.unref();
  return { prune, first: quietly(), stop: () => clearInterval(timer) };
}
