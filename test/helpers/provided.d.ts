// What the global setups hand to the test files (vitest's provide/inject).
declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared PostgreSQL cluster's admin URL (test/helpers/global-shared.ts). */
    postgresUrl?: string;
    /** The shared Chromium's WebSocket endpoint (test/helpers/global-shared.ts). */
    chromiumEndpoint?: string;
  }
}

export {};
