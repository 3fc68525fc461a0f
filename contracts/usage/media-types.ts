// Which request media types of a contract take the body a consumer sends: a Content-Type known from a Pact narrows
// what a change to a request body can break for it, and a body in a type the provider no longer takes is refused.

/** Stands for a body whose media type is not known: every media type of the contract may be the one it lands in. */
export const ANY_MEDIA_TYPE = '*/*';

// RFC 9110's token characters on each side of the slash; `*` stands in for a range as contracts write them.
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** Whether a manifest's word is a media type (`application/json`) or a range (`application/*`), parameters allowed. */
export function isMediaType(value: unknown): value is string {
  return typeof value === 'string' && MEDIA_TYPE.test(essenceOf(value));
}

/** `Application/JSON; charset=utf-8` is `application/json`. */
export function essenceOf(media: string): string {
  return media.split(';')[0]!.trim().toLowerCase();
}

/** Whether a contract's media type key (a type, or a range as `application/*`, `*\/*`, `application/*+json`) takes `sent`. */
export function acceptsMedia(range: string, sent: string): boolean {
  const want = essenceOf(range);
  const have = essenceOf(sent);
  if (want === have || want === ANY_MEDIA_TYPE || have === ANY_MEDIA_TYPE) return true;
  const [wantType, wantSub = ''] = want.split('/');
  const [haveType, haveSub = ''] = have.split('/');
  if (wantType !== haveType || !wantSub.includes('*')) return false;
  const pattern = new RegExp(`^${wantSub.split('*').map(escapePattern).join('.*')}$`);
  return pattern.test(haveSub);
}

function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a consumer that sends `sent` (undefined or empty: not known) may land its body in the contract's `media`. */
export function landsIn(media: string | undefined, sent: readonly string[] | undefined): boolean {
  if (media === undefined || !sent || sent.length === 0) return true;
  return sent.some((type) => acceptsMedia(media, type));
}
