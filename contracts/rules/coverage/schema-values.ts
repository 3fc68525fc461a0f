// Coverage of the Schema Object's validation keywords: bounds, lengths, counts, patterns, enums, types, formats.

import { bothSides, boundCells, bySchema, judged, onlyOn, presenceCells } from './cells.js';
import { ALL_VERSIONS, type KeywordCoverage } from './types.js';

const V31 = ['3.1'] as const;
const OLD = ['2.0', '3.0'] as const;

/** JSON Schema reads a lower count or length left out as 0. */
const ZERO_BOUND = 'written as 0 or dropped from 0 it is the keyword left out (JSON Schema: the same behavior as a value of 0): no change';
/** 3.1's two keywords for one side of a number's range. */
const PAIRED_BOUNDS =
  'a number, bounding from the same side as `minimum`/`maximum`: one written or dropped while the other keyword, in the other version, bounds at least as tightly moves nothing (`minimum: 1` rewritten as `exclusiveMinimum: 1` is the exclusive bound set, no minimum dropped); against a 3.0 version that writes `exclusiveMinimum: true` beside `minimum`, that version is read as the number (`minimum: 0, exclusiveMinimum: true` and `exclusiveMinimum: 0` admit the same numbers: no change)';

const NUMBERS = onlyOn('numbers');
const STRINGS = onlyOn('strings');
const ARRAYS = onlyOn('arrays');
const OBJECTS = onlyOn('objects');

export const SCHEMA_VALUE_KEYWORDS: readonly KeywordCoverage[] = [
  {
    keyword: 'multipleOf',
    versions: ALL_VERSIONS,
    cells: [
      ...presenceCells('multiple-of-set', 'multiple-of-unset'),
      ...bothSides('changed', 'multiple-of-specialized', 'multiple-of-generalized', 'multiple-of-changed'),
    ],
    reason: onlyOn(
      'numbers',
      'on a schema of type integer (or integer and null) a multipleOf every integer meets (1, 0.5) is the keyword left out: writing, dropping or reaching it is judged as no multipleOf',
    ),
  },
  {
    keyword: 'maximum',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'max-set', removed: 'max-unset', raised: 'max-increased', lowered: 'max-decreased' }),
    reason: NUMBERS,
  },
  {
    keyword: 'minimum',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'min-set', removed: 'min-unset', raised: 'min-increased', lowered: 'min-decreased' }),
    reason: NUMBERS,
  },
  { keyword: 'exclusiveMaximum', versions: OLD, cells: presenceCells('max-became-exclusive', 'max-became-inclusive'), reason: NUMBERS },
  { keyword: 'exclusiveMinimum', versions: OLD, cells: presenceCells('min-became-exclusive', 'min-became-inclusive'), reason: NUMBERS },
  {
    keyword: 'exclusiveMaximum',
    versions: V31,
    cells: boundCells({ added: 'exclusive-max-set', removed: 'exclusive-max-unset', raised: 'exclusive-max-increased', lowered: 'exclusive-max-decreased' }),
    reason: onlyOn('numbers', PAIRED_BOUNDS),
  },
  {
    keyword: 'exclusiveMinimum',
    versions: V31,
    cells: boundCells({ added: 'exclusive-min-set', removed: 'exclusive-min-unset', raised: 'exclusive-min-increased', lowered: 'exclusive-min-decreased' }),
    reason: onlyOn('numbers', PAIRED_BOUNDS),
  },
  {
    keyword: 'maxLength',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'max-length-set', removed: 'max-length-unset', raised: 'max-length-increased', lowered: 'max-length-decreased' }),
    reason: STRINGS,
  },
  {
    keyword: 'minLength',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'min-length-set', removed: 'min-length-unset', raised: 'min-length-increased', lowered: 'min-length-decreased' }),
    reason: onlyOn('strings', ZERO_BOUND),
  },
  {
    keyword: 'maxItems',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'max-items-set', removed: 'max-items-unset', raised: 'max-items-increased', lowered: 'max-items-decreased' }),
    reason: ARRAYS,
  },
  {
    keyword: 'minItems',
    versions: ALL_VERSIONS,
    cells: boundCells({ added: 'min-items-set', removed: 'min-items-unset', raised: 'min-items-increased', lowered: 'min-items-decreased' }),
    reason: onlyOn('arrays', ZERO_BOUND),
  },
  {
    keyword: 'maxProperties',
    versions: ALL_VERSIONS,
    cells: boundCells({
      added: 'max-properties-set',
      removed: 'max-properties-unset',
      raised: 'max-properties-increased',
      lowered: 'max-properties-decreased',
    }),
    reason: OBJECTS,
  },
  {
    keyword: 'minProperties',
    versions: ALL_VERSIONS,
    cells: boundCells({
      added: 'min-properties-set',
      removed: 'min-properties-unset',
      raised: 'min-properties-increased',
      lowered: 'min-properties-decreased',
    }),
    reason: onlyOn('objects', ZERO_BOUND),
  },
  {
    keyword: 'maxContains',
    versions: V31,
    cells: [
      ...bothSides('raised', 'max-contains-increased'),
      ...bothSides('lowered', 'max-contains-decreased'),
      ...bothSides('added', 'max-contains-decreased'),
      ...bothSides('removed', 'max-contains-increased'),
    ],
    reason: onlyOn(
      'arrays',
      'beside a `contains` in both versions, one left out is its default (no most): writing it lowers the bound, dropping it raises it; with no `contains` in either version it has no effect (2020-12 Validation 6.4.4), so a move is info, saying so',
    ),
  },
  {
    keyword: 'minContains',
    versions: V31,
    cells: [
      ...bothSides('raised', 'min-contains-increased'),
      ...bothSides('lowered', 'min-contains-decreased'),
      ...bothSides('added', 'min-contains-increased', 'min-contains-decreased'),
      ...bothSides('removed', 'min-contains-increased', 'min-contains-decreased'),
    ],
    reason: onlyOn(
      'arrays',
      'beside a `contains` in both versions, one left out is its default (at least 1): writing 2 raises the bound, writing 0 lowers it; with no `contains` in either version it has no effect (2020-12 Validation 6.4.5), so a move is info, saying so',
    ),
  },
  {
    keyword: 'pattern',
    versions: ALL_VERSIONS,
    cells: [
      ...presenceCells('pattern-added', 'pattern-removed'),
      ...bothSides('changed', 'pattern-changed'),
      bySchema('request', 'changed', 'pattern-generalized'),
    ],
    reason: STRINGS,
  },
  { keyword: 'uniqueItems', versions: ALL_VERSIONS, cells: presenceCells('unique-items-set', 'unique-items-unset'), reason: ARRAYS },
  {
    keyword: 'enum',
    versions: ALL_VERSIONS,
    cells: [
      bySchema('request', 'added', 'became-enum'),
      ...bothSides('removed', 'enum-removed'),
      ...bothSides('changed', 'enum-value-removed', 'enum-value-added'),
    ],
    reason:
      'a response limited to an enum returns only values it returned before; a value listed that the schema\'s own `type` refuses (`"x"` in the enum of an integer) was never valid, JSON Schema applying both, so listing or dropping it is info, saying so',
  },
  {
    keyword: 'x-extensible-enum',
    versions: ALL_VERSIONS,
    cells: [bySchema('request', 'changed', 'x-extensible-enum-value-removed')],
    reason:
      'an extensible enum tells readers to expect other values already, so a response adding or dropping one hurts no careful reader (a response `enum` made one is `enum` removed, breaking); in a request it is the list a server accepts today, so moved to or from `enum`, or introduced on a value that took anything, it is judged as that enum (`request-*-became-enum`, `request-*-enum-value-removed`), and only its values count',
  },
  {
    keyword: 'const',
    versions: V31,
    cells: [...presenceCells('const-added', 'const-removed'), ...bothSides('changed', 'const-changed')],
    reason:
      'a `const` is an enum of one value: rewritten as an `enum` (or an `enum` as a `const`) it is judged as the values added or removed, and `enum: [a]` as `const: a` is no change; nor is `const: null` traded for `type: "null"` (or written beside it), which admit the one same value',
  },
  {
    keyword: 'type',
    versions: ALL_VERSIONS,
    cells: [
      ...bothSides('changed', 'type-changed', 'type-generalized', 'type-specialized', 'type-compatible', 'list-of-types-widened', 'list-of-types-narrowed'),
      bySchema('request', 'changed', 'type-declared'),
      bySchema('response', 'changed', 'type-undeclared'),
    ],
    reason:
      'a schema with object keywords (`properties`, `required`, `additionalProperties`...) or `items` and no `type` admits every type, those keywords binding only values of theirs (JSON Schema): writing the type they describe narrows what it admits and dropping it widens it, a warning where that hurts (a request, a response) since no author meant the other types; any other type written or dropped is judged as any type change. `oneOf`/`anyOf` alternatives that say only a type are a list of types, read with the `type` beside them as JSON Schema applies both: a value must be of that `type`, match one alternative of `anyOf` and exactly one of `oneOf` (so `type: string` beside `oneOf: [string, integer]` admits strings; an alternative it never admitted, dropped, changes nothing; null under two nullable `oneOf` alternatives matches both and is refused), and a `type` sharing no type with its alternatives admits no value',
  },
  {
    keyword: 'nullable',
    versions: ['3.0'],
    cells: presenceCells('became-nullable', 'became-not-nullable'),
    reason:
      '3.0\'s word, also read in 2.0 documents where it is written `x-nullable` (the converter turns one into the other); 2.0 and 3.1 have no `nullable` keyword, so there it changes nothing: a 3.1 schema admits null only through `type` (or an `enum` listing it). In 3.0 a schema with no type, enum, const, alternatives, properties or items admits null already (3.0.3), so adding or removing `nullable` there changes nothing and typing such a schema is judged as the type change; beside `oneOf`/`anyOf` and no type it is read as admitting null, as 3.0.0 words it and as the documents that write it mean (docs/ENGINE.md); beside an `enum` it admits null too, so null listed in that enum, or the enum moved to 3.1 with null in its type and its list, adds nothing. Added in a 3.1 document it is reported as info (`schema-nullable-ignored`); kept by a document moved from 3.0 to 3.1, null is no longer admitted and the finding says why. On a path, query, header or cookie parameter described by `schema` (not `content`), null is no change at all: every style they have expands by RFC 6570, which treats null as undefined and expands it to nothing (the parameter left out, a path segment empty; a null item of an array or member of an object skipped), so no client sends a null; `nullable` or a "null" in its list of types written or dropped there is not reported, whether on the schema, on the schema its `$ref` names, as a `oneOf`/`anyOf` alternative that admits only null, on the array’s items or on the object’s properties (a parameter sent as JSON content, and the same schema in a body, still are)',
  },
  { keyword: 'format', versions: ALL_VERSIONS, cells: [...presenceCells('format-added', 'format-removed'), ...bothSides('changed', 'format-changed')] },
  {
    keyword: 'required',
    versions: ALL_VERSIONS,
    cells: [
      judged(
        'request',
        'added',
        'request-property-became-required',
        'request-property-became-required-with-default',
        'request-parameter-property-became-required',
        'request-header-property-became-required',
      ),
      judged('request', 'removed', 'request-property-became-optional'),
      judged('response', 'added', 'response-property-became-required'),
      judged('response', 'removed', 'response-property-became-optional'),
    ],
    reason:
      'judged for each name `properties` declares (in either version, or in an `allOf` member); a name listed that no `properties` declares is judged too, under the same ids: `required` asks for the name whether or not `properties` declares it (2020-12 Validation 6.5.3), so `required: [a]` becoming `required: [a, b]` refuses a request that left `b` out (breaking) and promises `b` in a response (info). Inside `then`, `else` and a `dependentSchemas` entry this is JSON Schema\'s "required when". oasdiff reports nothing for an undeclared name (a whole-document case of its suite; bench/conformance-notes.ts says why we differ). Beside `oneOf`/`anyOf` an undeclared name is left to the alternatives, which may declare it or have required it already',
  },
  {
    keyword: 'dependentRequired',
    versions: V31,
    cells: [...presenceCells('dependent-required-added', 'dependent-required-removed'), ...bothSides('changed', 'dependent-required-changed')],
    reason: onlyOn(
      'objects',
      "one entry's names changed: only shrunk in a request, or only grown in a response, is no break and takes the entry's removed or added id (info); otherwise oasdiff's `-changed` (breaking). `dependentSchemas: {a: {required: [b]}}` and the older `dependencies` (array or schema; deprecated in 2020-12) spell the same dependency: trading one spelling for another is no change, and a change across spellings is judged here",
    ),
  },
  {
    keyword: 'default',
    versions: ALL_VERSIONS,
    cells: [...bothSides('added', 'default-value-added'), ...bothSides('removed', 'default-value-removed'), ...bothSides('changed', 'default-value-changed')],
    reason:
      'what is assumed when a value is left out: on a parameter the revision requires (path parameters always) every caller sends it and it is never used (2.0: no meaning for required parameters), so it is not judged there; nor on a body property the revision requires (every request sends it, every response carries it, so no reader falls back on it), nor on the items of an array parameter (an item is never left out)',
  },
];
