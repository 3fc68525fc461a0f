// Rows of the servers family: the addresses a contract says it is served from (2.0's host, basePath and schemes).
import type { RuleRow } from './row.js';

export const SERVERS_RULES = [
  {
    id: 'api-server-base-path-changed',
    level: 'warning',
    bump: 'major',
    description: "server: a URL's base path is gone from the list (every operation moved, even for clients that configure their own host)",
  },
  {
    id: 'api-server-removed',
    level: 'info',
    bump: 'patch',
    description: 'server: a URL is gone from the list while its base path is still served (another host or scheme; clients usually configure their own)',
  },
  { id: 'api-server-added', level: 'info', bump: 'minor', description: 'server: a URL added to the list' },
] as const satisfies readonly RuleRow[];
