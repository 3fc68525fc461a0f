// Server variables of a server kept under the same URL: a default that moves, or a value no longer allowed, warns
// (a client filling the URL from the contract reaches another address or none); a value allowed more is info.
import { describe } from 'vitest';
import { api, type Doc, ok, type RuleCase, runRuleCases } from './harness.js';

const URL = 'https://{region}.example.com/v1';
const withVariable = (variable: Doc, url = URL): Doc => api({ '/pets': { get: { responses: ok() } } }, { servers: [{ url, variables: { region: variable } }] });

describe('server variables', () => {
  const cases: RuleCase[] = [
    {
      name: "the default changed: a client using the contract's default reaches another host",
      base: withVariable({ default: 'eu' }),
      revision: withVariable({ default: 'us' }),
      expect: [
        {
          id: 'api-server-variable-default-changed',
          level: 'warning',
          operation: null,
          pointer: '/servers',
          message: ['`region`: default changed from eu to us'],
        },
      ],
    },
    {
      name: 'a value no longer allowed: a client configured with it is no longer served',
      base: withVariable({ default: 'eu', enum: ['eu', 'us'] }),
      revision: withVariable({ default: 'eu', enum: ['eu'] }),
      expect: [{ id: 'api-server-variable-enum-value-removed', level: 'warning', message: ['no longer allows us'] }],
    },
    {
      name: 'a value allowed more: info',
      base: withVariable({ default: 'eu', enum: ['eu'] }),
      revision: withVariable({ default: 'eu', enum: ['eu', 'us'] }),
      expect: [{ id: 'api-server-variable-enum-value-added', level: 'info', message: ['now also allows us'] }],
    },
    {
      name: 'a free variable limited to a list narrows it: warning',
      base: withVariable({ default: 'eu' }),
      revision: withVariable({ default: 'eu', enum: ['eu', 'us'] }),
      expect: [{ id: 'api-server-variable-enum-added', level: 'warning', message: ['is now limited to eu, us'] }],
    },
    {
      name: 'a list of values dropped widens it: info',
      base: withVariable({ default: 'eu', enum: ['eu', 'us'] }),
      revision: withVariable({ default: 'eu' }),
      expect: [{ id: 'api-server-variable-enum-removed', level: 'info' }],
    },
    {
      name: 'the same variable written again, values in another order: nothing',
      base: withVariable({ default: 'eu', enum: ['eu', 'us'] }),
      revision: withVariable({ default: 'eu', enum: ['us', 'eu'], description: 'where' }),
      expect: 'none',
    },
    {
      name: 'a variable the URL does not use changes no address',
      base: withVariable({ default: 'eu' }, 'https://api.example.com/v1'),
      revision: withVariable({ default: 'us' }, 'https://api.example.com/v1'),
      expect: 'none',
    },
  ];
  runRuleCases(cases);
});
