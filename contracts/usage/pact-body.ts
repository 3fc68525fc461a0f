// What a Pact interaction's request or response body says: its fields and its media type. A form body
// (`name=a&email=b`) names its fields as a JSON one does; the Content-Type says which of the contract's bodies is used.

import { ANY_MEDIA_TYPE } from './media-types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const FORM = 'application/x-www-form-urlencoded';

interface PactBody {
  /** The body as fieldPaths reads it: JSON, a form's fields as an object, or undefined. */
  body: unknown;
  /** Its media type, `*\/*` for a body whose type no header or `contentType` says; absent when there is no body. */
  mediaType?: string;
}

/** The body of a request or response: a v4 body is `{content, contentType, encoded}`, older ones the content itself. */
export function readPactBody(message: Record<string, unknown>, v4: boolean): PactBody {
  const raw = message.body;
  if (raw === undefined || raw === null || raw === '') return { body: undefined };
  const written = v4 && isObject(raw) && 'content' in raw ? raw : undefined;
  const mediaType = (typeof written?.contentType === 'string' ? written.contentType : undefined) ?? contentTypeOf(message.headers);
  const content = written ? readV4Content(written) : raw;
  const isForm = mediaType !== undefined && mediaType.split(';')[0]!.trim().toLowerCase() === FORM;
  const body = isForm && typeof content === 'string' ? Object.fromEntries([...new URLSearchParams(content).keys()].map((k) => [k, ''])) : content;
  // Unsaid, it may be any: taking a JSON body for application/json would refuse it where the contract names only
  // application/vnd.api+json, which the provider may well take.
  return { body, mediaType: mediaType ?? ANY_MEDIA_TYPE };
}

function readV4Content(body: Record<string, unknown>): unknown {
  if (body.encoded && body.encoded !== 'json' && body.encoded !== false) return undefined;
  if (typeof body.content !== 'string') return body.content;
  try {
    return JSON.parse(body.content);
  } catch {
    // A text body (a form, plain text) is read as written.
    return body.content;
  }
}

/** The Content-Type header, whatever its case; a v3/v4 header may be a list of values. */
function contentTypeOf(headers: unknown): string | undefined {
  if (!isObject(headers)) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const value = Array.isArray(entry) ? entry[0] : entry;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
