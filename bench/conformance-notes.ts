// Why each oasdiff case we fail is failed: read by the conformance report and checked by its test, so a miss is
// either written down here with its reason or shows up as one still to fix, and a note outlives no fixed case.

/** `disagree`: we judge it otherwise on purpose; `beyond`: we see a change oasdiff does not; `gap`: not built yet;
 * `row`: the corpus row contradicts oasdiff's own rule table. */
export type NoteKind = 'disagree' | 'beyond' | 'gap' | 'row';

interface CaseNote {
  kind: NoteKind;
  why: string;
}

const namesGrown: CaseNote = {
  kind: 'disagree',
  why: "a response's dependentRequired entry only gains names: the server promises more properties beside the trigger, so every answer the revision allows the base allowed and no reader breaks; we report the entry's added id (info), oasdiff its changed id (breaking)",
};

const securityAdded: CaseNote = {
  kind: 'disagree',
  why: 'a new security requirement or scope is breaking here (INFO in oasdiff): POST /register drops the bearerAuth alternative and asks OAuth with scope write:pets, so a client holding only the bearer token is refused. The other findings oasdiff does not make are changes a client meets too: OAuth authorizationUrl/tokenUrl moved (issue #14), query parameter `image` wrapped in `not` (every value valid before is now refused), the only server `tufin.com` dropped (the base path falls back to `/`, OpenAPI 3.x Server Object default: a warning), the callback `myEvent` no longer sending its body and a payload property changing type (the provider sends a callback and the receiver of the client reads it)',
};

const responsePattern = (what: string): CaseNote => ({
  kind: 'disagree',
  why: `${what} on a response is breaking here (INFO in oasdiff): a reader that parses the string by the shape it was promised meets strings of another shape, as a request does when a pattern is introduced (breaking in both tools); see the mirror principle in docs/ENGINE.md`,
});

const notWalked: CaseNote = {
  kind: 'disagree',
  why: 'the change is inside a `not`, which we judge whole instead of walking it as if it were the schema: an instance is valid against `not` when it fails the subschema (JSON Schema), so a property required or a maxLength lowered inside it loosens a request',
};

const optionalPart: CaseNote = {
  kind: 'disagree',
  why: 'the allOf part added to the request only declares optional properties (here `name`, which the other parts already declare as a string, or a new `prop3`): JSON Schema applies it exactly as if those properties were written beside the others, so what a client may send is what a new optional property leaves it (nothing, where the part only restates). We report request-*-all-of-added-optional-only (info) and each new property as new-optional-request-property (info); oasdiff gives every added part ERR',
};

const listNarrowed: CaseNote = {
  kind: 'row',
  why: 'the row asks for response-property-list-of-types-narrowed at WARN or above, while RULES.tsv gives that id INFO (a response returning fewer types is safe: every value the reader gets was one it could get before), our level too: we report it and the floor filters it out. The widened half of the row, which is what breaks a reader, we report as breaking',
};

export const CONFORMANCE_NOTES: Record<string, CaseNote> = {
  'oasdiff-038': {
    kind: 'disagree',
    why: 'the `required` gained sits beside `type: array` (an anyOf alternative of the request body): `properties` and `required` constrain objects only, so an array conforms whatever they say (JSON Schema 2020-12 Core 7.6.1) and no request is refused; we report request-property-became-required at info, saying it constrains nothing there, oasdiff at ERR',
  },
  'oasdiff-051': {
    kind: 'disagree',
    why: 'a request body schema comes to require `name`, which its `properties` do not declare: oasdiff calls "a non-existent required property" no change, but `required` asks for the name whether or not `properties` declares it (JSON Schema Validation 6.5.3), so a request that left `name` out, valid before, is refused by a validating server: request-property-became-required, breaking',
  },
  'oasdiff-059': {
    kind: 'disagree',
    why: 'a required response property that becomes writeOnly is no longer returned (OpenAPI 3.0: writeOnly "SHOULD NOT be sent as part of the response"), so a reader that needs it breaks as if it were deleted: breaking here (INFO in oasdiff), as issue #14 asks',
  },
  'oasdiff-073': responsePattern('a pattern dropped'),
  'oasdiff-075': responsePattern('a pattern replaced by `.*`, which matches any string (so dropped),'),
  'oasdiff-077': {
    kind: 'disagree',
    why: 'the pattern changes on a readOnly property, which is not part of a request (OpenAPI: SHOULD NOT be sent): we report it for the response only (a warning: a pattern replaced), oasdiff as a request change too. Even a client that sent it loses nothing: the unanchored `.+` matches every non-empty string `^[a-z]+$` did',
  },
  'oasdiff-078': responsePattern('a pattern replaced by `.*`, which matches any string (so dropped),'),
  'oasdiff-079': optionalPart,
  'oasdiff-090': securityAdded,
  'oasdiff-091': securityAdded,
  'oasdiff-092': {
    kind: 'beyond',
    why: 'a parameter described with `content` (application/json) is compared like one with `schema`; oasdiff looks at `schema` only and misses its type changes and new required property; beyond them, the scheme AccessToken changing type from http to oauth2 (breaking since #14) and the only server `tufin.com` dropped (a warning)',
  },
  'oasdiff-093': securityAdded,
  'oasdiff-131': {
    kind: 'disagree',
    why: "a query parameter's default changes: the server assumes another value for a client that omits it, so the request is still accepted and its meaning changes; we warn, as for a request property's or body's default (one level for every request default), oasdiff reports ERR for a parameter and INFO for a property",
  },
  'oasdiff-132': {
    kind: 'disagree',
    why: 'the default that changes is a path parameter\'s: every URL carries the value, so no default is ever assumed (2.0: "default has no meaning for required parameters"); we report nothing, oasdiff a breaking change',
  },
  'oasdiff-139': {
    kind: 'disagree',
    why: 'the `maxItems` lowered is written on the string items of an array parameter, not on the array: a string conforms to any `maxItems` (JSON Schema 2020-12 Core 7.6.1; Wright-00 Validation 4.1), so no request is refused that was accepted; we report request-parameter-max-items-decreased at info, saying it constrains nothing there (a reviewer sees an edit most likely meant for the array), oasdiff at ERR, which this row asks for',
  },
  'oasdiff-153': {
    kind: 'disagree',
    why: 'the property `groupId` of the deepObject query parameter `filters` goes from number to a string with no pattern, format, length or values: a query string carries `filters[groupId]=1.5` as text either way (RFC 6570 expansion), and a free string admits every text a number was written as, so no request is refused; we report request-parameter-property-type-generalized (info), oasdiff the changed id',
  },
  'oasdiff-159': optionalPart,
  'oasdiff-162': optionalPart,
  'oasdiff-163': optionalPart,
  'oasdiff-304': namesGrown,
  'oasdiff-307': namesGrown,
  'oasdiff-345': {
    kind: 'beyond',
    why: 'an inline anyOf alternative of a response body changes type: we report response-body-type-changed; oasdiff judges the types of properties inside alternatives only',
  },
  'oasdiff-355': notWalked,
  'oasdiff-356': notWalked,
  'oasdiff-357': notWalked,
  'oasdiff-362': {
    kind: 'disagree',
    why: 'a webhook request is sent by the provider and read by the subscriber (OpenAPI 3.1: webhooks "MAY be received as part of this API", which "the API consumer MAY choose to implement"), so its operations are judged as a callback with the sides reversed (api-callback-request-body-became-required, response-optional-property-added) rather than with the request ids oasdiff uses',
  },
  'oasdiff-364': {
    kind: 'disagree',
    why: 'the narrowing the row asks for is `mixedBoth` going from string or integer to string or number: `number` admits every integer, so no type is taken away and we report only number added (response-property-list-of-types-widened); `emptyOneOf` (`oneOf: []`, which admits no value) becoming a string is a type that widens, response-property-type-generalized',
  },
  'oasdiff-366': listNarrowed,
};
