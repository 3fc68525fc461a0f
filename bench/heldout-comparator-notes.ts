// Where we judge an openapi-comparator pair differently from that project on purpose, and why: read by the
// report, so a disagreement is written down once and never silently "tuned away". Upstream logs almost every
// schema change as breaking whichever way the data flows; we judge what an existing client sends and reads.
export const COMPARATOR_DISAGREEMENTS: Record<string, string> = {
  added_required_property:
    'only response schemas gain `required` (Pet.petType in the 200, `message` in the 404): the server promises more, and a client that already read the property when present reads it the same way; nothing a client sends changes',
  added_additional_properties:
    'the 200 response schema Pet goes from any extra property to extra properties that are strings: a narrowing of what the server may send, which every existing reader accepts',
  added_optional_parameter:
    'a new optional query parameter `limitParam`: every request that was valid stays valid, and a client that does not send it gets the old behaviour',
  added_optional_property:
    'the two required query parameters are objects that gain optional properties (`message`, `end`): a widening of what the server accepts; every request that was valid stays valid',
  added_schema_in_response:
    'the 200 response had media type application/json with no schema (any JSON) and now has the Pet schema: the server narrows what it may send, which a client written for "any JSON" reads',
  constant_status_has_changed:
    'the required query parameter `limitParam` goes from the single value `clueless` to three values: a client that sends `clueless` is still valid. Upstream (after Azure autorest) calls a one-value enum a constant that generated SDKs fill in, so regenerating one changes its method signature; that breaks SDK source code, not a request on the wire',
  default_value_changed:
    'the changed `default`s are in response schemas only (Pet.name, which is required and so always sent, and the error string of the default response): a `default` in a response schema is an annotation (JSON Schema) and changes no value the server sends',
  removed_property:
    'flagged as warnings, our level for both halves: the response loses optional properties (`petType`, `message`), which every client already handles being absent; the request body drops the declaration of `status` but still lists it as required and does not forbid extra properties, so every request that was valid stays valid',
  removed_required_parameter:
    'flagged as a warning (oasdiff’s level, as for the openapi-diff pair ParametersBCTest.decreased): clients keep sending `limitParam`, which a server may ignore or reject; no request becomes invalid by the document, which no longer describes it',
  readonly_property_changed:
    'the `readOnly` changes are in response schemas only (Pet.name becomes readOnly, the default response string stops being readOnly): readOnly properties are sent in responses (OpenAPI 3.0), so the response is the same',
  reference_redirection:
    'flagged as a warning: the 200 items go from Pet to Cat, which is allOf Pet plus a required `huntingSkill` (a narrowing every reader of Pet accepts; upstream reads the allOf as a removed type and removed properties); the 400 items go from Dog to Cat and lose the optional `breed`, which is the level of removing an optional response property',
  removed_schema: 'the removed component schema Pet is used by no operation: no request or response changes',
  removed_client_parameter:
    'flagged as a warning: the operation drops its optional query parameter `limitParam` (oasdiff’s level for a removed parameter); upstream’s rule is about the components entry, which no client sends',
  recursive_model:
    'flagged as a warning: the request parameter’s schema drops the optional property `target` (the schema does not forbid extra properties, so a request still sending it stays valid); the other change makes a response property readOnly, which changes no response',
};
