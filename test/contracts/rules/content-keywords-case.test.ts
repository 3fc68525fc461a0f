// contentMediaType is a media type (RFC 2046: type and subtype are case-insensitive) and contentEncoding a transfer
// encoding name (RFC 2045: case-insensitive): written in another case they name the same thing, on either side.
import { describe } from 'vitest';
import { type Doc, inRequest, inResponse, runRuleCases } from './harness.js';

const S = { type: 'string' };
const at = (extra: Doc) => ({ ...S, ...extra });
const V31 = { openapi: '3.1.0' };

/** The same mutation of property `v`, on a request and on a response, in a 3.1 document. */
function bothSides(name: string, from: Doc, to: Doc, req: string[] | 'none', res: string[] | 'none') {
  const in31 = (c: ReturnType<typeof inRequest>) => ({ ...c, base: { ...c.base, ...V31 }, revision: { ...c.revision, ...V31 } });
  return [in31(inRequest(name, from, to, req)), in31(inResponse(name, from, to, res))];
}

describe('contentMediaType and contentEncoding compared without case', () => {
  runRuleCases([
    ...bothSides('contentMediaType image/PNG -> image/png', at({ contentMediaType: 'image/PNG' }), at({ contentMediaType: 'image/png' }), 'none', 'none'),
    ...bothSides('contentEncoding BASE64 -> base64', at({ contentEncoding: 'BASE64' }), at({ contentEncoding: 'base64' }), 'none', 'none'),
    ...bothSides(
      'a charset parameter written is still a change',
      at({ contentMediaType: 'text/plain' }),
      at({ contentMediaType: 'text/plain; charset=utf-16' }),
      ['request-property-content-media-type-changed'],
      ['response-property-content-media-type-changed'],
    ),
    ...bothSides(
      'another encoding is still a change',
      at({ contentEncoding: 'base64' }),
      at({ contentEncoding: 'Base32' }),
      ['request-property-content-encoding-changed'],
      ['response-property-content-encoding-changed'],
    ),
  ]);
});
