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
  const encoded = typeof body.encoded === 'string' ? body.encoded.toLowerCase() : body.encoded;
  // A Pact library writes a body base64-encoded where it does not take its media type for text: JSON or a form is
  // still in it, and the fields the consumer's test reads must not be lost to the gate.
  if (encoded === 'base64' && typeof body.content === 'string') return readText(decodeBase64(body.content));
  if (encoded && encoded !== 'json' && encoded !== false) return undefined;
  return typeof body.content === 'string' ? readText(body.content) : body.content;
}

function readText(content: string | undefined): unknown {
  if (content === undefined) return undefined;
  try {
    return JSON.parse(content);
  } catch {
    // A text body (a form, plain text) is read as written.
    return content;
  }
}

/** The UTF-8 text a base64 string holds; undefined for one that is not base64 or holds no UTF-8 text (an image). */
function decodeBase64(content: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(content.replace(/\s+/g, '')), (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The Content-Type header, whatever its case; a v3/v4 header may be a list of values. */
function contentTypeOf(headers: unknown): string | undefined {
  if (!isObject(headers)) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const value = Array.isArray(entry) ? entry[0] : entry;
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
