// Where we judge a held-out pair differently from openapi-diff's assertion on purpose, and why:
// read by the report, so a disagreement is written down once and never silently "tuned away".
export const DISAGREEMENTS: Record<string, string> = {
  'NumericRangeBCTest.requestExclusiveMaxSet':
    'the schema has no `maximum`; in OpenAPI 3.0 (JSON Schema draft 4) a boolean `exclusiveMaximum` only qualifies `maximum`, so no value is rejected that was accepted before',
  'NumericRangeBCTest.requestExclusiveMinSet':
    'the schema has no `minimum`; a boolean `exclusiveMinimum` alone constrains nothing (OpenAPI 3.0, JSON Schema draft 4)',
  'ApiResponseBCTest.decreased':
    'a documented error response (400) is no longer documented: a client sends nothing new and can still receive any status; no request that worked fails',
  'HeaderBCTest.responseHeaderRequiredAdded':
    'a response header becoming required narrows the response, which no reader notices; what is flagged is the removal of two optional headers, which upstream revised the base for but not this file',
  'HeaderBCTest.responseHeaderExplode':
    '`explode` on a header of type integer changes nothing on the wire (it applies to arrays and objects); what is flagged is the removal of two optional headers (see responseHeaderRequiredAdded)',
  'MinLengthBCTest.responseMinLengthIncreased':
    'a raised `minLength` on a response narrows what the server may send; every value a client accepted before it still accepts',
  'MinLengthBCTest.responseMinLengthDecreasedButCompatible':
    'a lowered `minLength` on a response widens it: shorter strings may now arrive, which a client that relied on the old bound does not expect',
  'ParametersBCTest.decreased':
    "flagged as a warning (oasdiff's level): an optional query parameter that clients still send is ignored or rejected depending on the server",
  'ReadOnlyBCTest.requestReadOnlyIncreased':
    'flagged as a warning: a readOnly property SHOULD NOT be sent (OpenAPI 3.0), so a server may ignore or reject what a client still sends',
  'SchemaBCTest.requestFormatIncreased':
    'int32 to int64 in a request widens what the server accepts; every request that was valid stays valid (upstream marks this assertion "TODO: document why desired")',
  'SchemaBCTest.requestPropsPutIncreased':
    'a new optional property in a request body asks nothing of existing clients (upstream marks this assertion TODO, see its issue 537)',
  'SchemaBCTest.responseFormatDecreased':
    'int64 to int32 in a response narrows what the server sends; a client reading int64 reads every int32 (upstream marks this assertion TODO)',
  'SecuritySchemeBCTest.bearerFormatChanged':
    '`bearerFormat` is a hint for documentation (OpenAPI 3.0: "primarily for documentation purposes"); the client sends the same credentials',
  'WriteOnlyBCTest.responseWriteOnlyIncreased':
    'flagged as a warning: an optional response property that becomes writeOnly is no longer returned, which is the level of removing an optional response property',
  'WriteOnlyBCTest.responseWriteOnlyRequiredDecreased':
    "flagged as a warning (oasdiff's level), not breaking: a required response property that stops being writeOnly is now returned, so the response gains a field the schema already declared; a reader that ignored it still works, one that relied on its absence may not (upstream marks this assertion TODO)",
  'SchemaDiffTest.changeUniqueItemsHandling':
    'every property the fixture changes is `type: integer`; `uniqueItems` constrains arrays only (JSON Schema), so no value is accepted or rejected differently',
  'BackwardCompatibilityTest.testApiOperationChanged':
    'the required query parameter `status` is an array whose items go from any string of up to 24 characters to an enum of three values: a request sending any other value was valid and is now rejected, so we call it breaking (the `default` added to the items changes nothing for a client that sends them)',
};
