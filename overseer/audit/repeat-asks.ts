// A can-i-deploy asked again by the same command after its answer was lost (a dropped connection, a proxy's reset):
// the client sends the same Idempotency-Key with each attempt, and the audit trail records the question once, as one
// ask, where it counted the retry as a second ask (or, with OVERSEER_VERDICT_WINDOW_MINUTES=0, a second record, with
// a refusal announced twice). Kept in this process's memory: a retry that lands on another replica is counted there.

// Keys as the client writes them (a UUID); a longer one, or other characters, is no key and is recorded as before.
const KEY = /^[\w-]{8,100}$/;
// A retry comes within seconds (the client's OVERSEER_RETRY_MS); far more keys than asks in that time are kept.
const MAX_KEYS = 10_000;

interface RepeatAsks {
  /** Whether this question was recorded already under this key. */
  isRepeat(key: unknown, question: string): boolean;
  /** Remembers a recorded ask's key and question, forgetting the oldest past the bound. */
  remember(key: unknown, question: string): void;
}

export function createRepeatAsks(max = MAX_KEYS): RepeatAsks {
  const keys = new Set<string>();
  // The question is part of what is remembered: a key reused for another question (a script with a fixed header) is a
  // new ask, recorded, never an answer to the first one's record.
  const entry = (key: unknown, question: string) => (typeof key === 'string' && KEY.test(key) ? `${key}\n${question}` : undefined);
  return {
    isRepeat: (key, question) => {
      const at = entry(key, question);
      return at !== undefined && keys.has(at);
    },
    remember(key, question) {
      const at = entry(key, question);
      if (at === undefined) return;
      keys.add(at);
      // A Set iterates in insertion order: the first is the oldest.
      if (keys.size > max) keys.delete(keys.values().next().value!);
    },
  };
}
