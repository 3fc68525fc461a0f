// Rows of the servers family: the addresses a contract says it is served from (2.0's host, basePath and schemes).
import type { RuleRow } from './row.js';

export const SERVERS_RULES = [
  {
    id: 'api-server-base-path-changed',
    level: 'warning',
    bump: 'major',
    description:
      "server: a URL's base path is gone from the list (every operation moved, even for clients that configure their own host); it names the consumers of every operation served under it, and breaks them when no base path of the base is kept",
  },
  {
    id: 'api-server-removed',
    level: 'info',
    bump: 'patch',
    description:
      'server: a URL is gone from the list while its base path is still served (another host or scheme; clients usually configure their own), or moved into the paths with every request URL kept',
  },
  { id: 'api-server-added', level: 'info', bump: 'minor', description: 'server: a URL added to the list' },
  {
    id: 'api-server-variable-default-changed',
    level: 'warning',
    bump: 'minor',
    description: "server variable: its default changed (a client that fills the URL from the contract's defaults now reaches another address)",
  },
  {
    id: 'api-server-variable-enum-value-removed',
    level: 'warning',
    bump: 'major',
    description: 'server variable: a value it allowed is no longer listed (a client configured with it is no longer served there)',
  },
  { id: 'api-server-variable-enum-value-added', level: 'info', bump: 'minor', description: 'server variable: a value added to the ones it allows' },
  {
    id: 'api-server-variable-enum-added',
    level: 'warning',
    bump: 'major',
    description: 'server variable: now limited to a list of values (it took any value before)',
  },
  { id: 'api-server-variable-enum-removed', level: 'info', bump: 'minor', description: 'server variable: no longer limited to a list of values' },
] as const satisfies readonly RuleRow[];
