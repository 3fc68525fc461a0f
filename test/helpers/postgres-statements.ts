// The statements a store sends to one database, as its client sends them: a round trip each. Every other database's
// queries (the run's other files share the cluster) pass by uncounted; nothing is changed on the way.
import pg from 'pg';

type Query = (this: pg.Client, ...args: unknown[]) => unknown;

export interface StatementLog {
  /** `work`'s result, and the statements sent to the database while it ran, whitespace folded. */
  during<T>(work: () => Promise<T>): Promise<{ value: T; statements: string[] }>;
  /** Puts the client's own query back: call it in afterAll. */
  stop(): void;
}

/** Starts listening to the statements sent to the database `url` names. */
export function logStatements(url: string): StatementLog {
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const query = pg.Client.prototype.query as unknown as Query;
  let log: string[] | undefined;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (log && this.database === database) {
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
      log.push(String(sql).replace(/\s+/g, ' '));
    }
    return query.apply(this, args);
  } as unknown as typeof pg.Client.prototype.query;
  return {
    async during(work) {
      const statements: string[] = [];
      log = statements;
      try {
        return { value: await work(), statements };
      } finally {
        log = undefined;
      }
    },
    stop: () => {
      pg.Client.prototype.query = query as unknown as typeof pg.Client.prototype.query;
    },
  };
}
