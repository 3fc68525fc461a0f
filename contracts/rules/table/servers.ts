// Rows of the servers family: the addresses a contract says it is served from (2.0's host, basePath and schemes).
import type { RuleRow } from './row.js';

export const SERVERS_RULES = [
  {
    id: 'api-server-removed',
    level: 'warning',
    bump: 'patch',
    description: 'server: a URL the contract listed is gone (clients configured with it call where the API no longer says it is)',
  },
  { id: 'api-server-added', level: 'info', bump: 'minor', description: 'server: a URL added to the list' },
] as const satisfies readonly RuleRow[];
