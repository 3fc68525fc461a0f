// Where we judge an Azure openapi-diff pair differently from that project on purpose, and why: read by the
// report, so a disagreement is written down once and never silently "tuned away".
export const AZURE_DISAGREEMENTS: Record<string, string> = {
  'common-parameters':
    'flagged as a warning (oasdiff’s level, as for the openapi-diff pair ParametersBCTest.decreased): the path drops its optional query parameter `p1`, which clients may still send and a server may ignore or reject; the other two Errors are the new optional `p2`, which asks nothing of an existing client, and the components entry `P1`, which no client sends. Upstream reports them because a regenerated SDK method changes its signature, which breaks source code, not a request',
  'additional-properties':
    'the body parameter `p2` goes from an object with no extra properties (`additionalProperties: false`) to one that allows any: a widening of what the server accepts, so every request that was valid stays valid; nothing else changes',
  'rule-1004':
    '`produces` gains `text/plain` on GET /pets, whose 200 response has no schema in either version. A client says which format it reads with `Accept` (RFC 9110 §12.5.1), and a server that cannot answer in it says 406 rather than sending another; with no schema, no body a client parses was described before or after. We report it as `response-media-type-added` at info, the level 3.x gets for a response format added: an existing client that asked for JSON is answered as before',
  'expandsAllOf/expand_allOf_model':
    'the body schema `Database` is the same set of values written another way: the `allOf` member with the required enum `b` is inlined, and `b` joins `required`. `allOf` asks a value to be valid against every member (JSON Schema), so properties and `required` in a member constrain exactly as if written inline: every request valid before is valid after, and the reverse',
  'expandsAllOf/move_properties_into_allof_model':
    'the reverse of expand_allOf_model: the property `b` and its `required` move from `Database` into an `allOf` member. `allOf` asks a value to be valid against every member, so the body accepts exactly the same requests',
  'expandsAllOf/multi_level_allOf':
    'the two levels of `allOf` (Database -> BaseProperties -> DataBaseProperties) are inlined, with `b` joining `required`: an `allOf` of an `allOf` constrains as the properties written inline, so the body accepts exactly the same requests',
  'xms-enum-name':
    'the `name` of an `x-ms-enum` (an AutoRest extension naming the generated enum type) is removed from a property of `Foo`, a definition no operation uses (`paths` is empty): nothing sent or received changes, and the extension only renames a type in generated code',
  'xms-path':
    'GET /api/Operations moves from `paths` into `x-ms-paths`, an AutoRest extension. An `x-` field is a specification extension whose meaning belongs to the tool that reads it (OpenAPI 2.0, Specification Extensions); for every other reader the Paths Object no longer holds the operation, so a consumer judged by the document loses it. We report the document as written; reading `x-ms-paths` as paths would make the engine read one tool’s dialect, whose keys (a path with a query string) OpenAPI’s Paths Object does not allow',
};
