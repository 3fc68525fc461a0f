// Coverage of the Discriminator and Server objects (2.0's host, basePath and schemes stand for a Server).
import { bothSides, judged } from './cells.js';
import { type KeywordCoverage, V3 } from './types.js';

const SERVER_URL = [judged('request', 'removed', 'api-server-base-path-changed', 'api-server-removed'), judged('request', 'added', 'api-server-added')];
const AS_URL = 'read as the server URL it makes up (a changed one is a server removed and one added; see url for a base path moved into the paths)';

export const DISCRIMINATOR_KEYWORDS: readonly KeywordCoverage[] = [
  { keyword: 'propertyName', versions: V3, cells: bothSides('changed', 'discriminator-property-name-changed') },
  {
    keyword: 'mapping',
    versions: V3,
    cells: [
      ...bothSides('added', 'discriminator-mapping-added'),
      ...bothSides('removed', 'discriminator-mapping-deleted'),
      ...bothSides('changed', 'discriminator-mapping-changed'),
    ],
    reason:
      "compared with the implicit mapping filled in: a `oneOf`/`anyOf` member named by no entry, whose property declares no value, answers to its component's name, so renaming that component deletes one value and adds another, a mapping that names a member by another value replaces its implied one, and writing the implied mapping out changes nothing",
  },
];

export const SERVER_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'url',
    versions: V3,
    cells: [...SERVER_URL, judged('request', 'changed', 'api-server-base-path-changed', 'api-server-removed', 'api-server-added')],
    reason:
      "a request's URL is the server URL then the path: a base path moved between the URL and the paths, every operation's URL kept, pairs the operations by that URL and is a server removed (info), not a base path changed",
  },
  {
    keyword: 'variables',
    versions: V3,
    cells: [
      judged(
        'request',
        'changed',
        'api-server-variable-default-changed',
        'api-server-variable-enum-value-removed',
        'api-server-variable-enum-value-added',
        'api-server-variable-enum-added',
        'api-server-variable-enum-removed',
      ),
    ],
    reason: 'compared for a server kept under the same URL, and only for the variables its URL uses',
  },
  { keyword: 'description', versions: V3, reason: 'documentation for people and tools; never part of what is sent or returned' },
  { keyword: 'host', versions: ['2.0'], cells: [judged('request', 'changed', 'api-server-removed', 'api-server-added')], reason: AS_URL },
  { keyword: 'basePath', versions: ['2.0'], cells: [judged('request', 'changed', 'api-server-base-path-changed', 'api-server-added')], reason: AS_URL },
  { keyword: 'schemes', versions: ['2.0'], cells: [judged('request', 'changed', 'api-server-removed', 'api-server-added')], reason: AS_URL },
];
