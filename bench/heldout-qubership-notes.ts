// Where we judge a qubership-apihub pair differently from that project on purpose, and why: read by the
// report, so a disagreement is written down once and never silently "tuned away".
export const QUBERSHIP_DISAGREEMENTS: Record<string, string> = {
  'parameters-schema/add-required-property-with-default':
    'the object in query parameter `p1` now lists `prop1` and `prop2` as required; both have a `default`, which upstream reads as "the server fills it in". A `default` is a meta-data annotation that does not take part in validation (JSON Schema Validation 2020-12 §9; OpenAPI 3.0 defines it as what the consumer of the input assumes when no value is provided, which does not make a required value optional), so a request that left them out, valid before, is now invalid and rejected by any server that validates its input',
  'request-body-schema/add-required-property-with-default':
    'the request body now lists `prop1` and `prop2` as required; both have a `default`. A `default` is a meta-data annotation that does not satisfy `required` (JSON Schema Validation 2020-12 §9), so a body that left them out, valid before, is now rejected by a validating server',
  'response-headers-schema/add-null-to-union-type':
    'the optional response header `X-Header-1` goes from `[string, integer]` to `[string, integer, "null"]`. A header is serialized by the `simple` style (RFC 6570), where a null value is undefined and expands to nothing (§2.3, §3.2.1): the header is left out or sent empty, and an empty value is a string the old schema already admitted. The header is not `required` (the Header Object’s default), so a client already had to handle its absence and reads every value it receives as before',
};
