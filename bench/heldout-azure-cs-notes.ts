// Where we judge a pair of Azure openapi-diff's C# tests differently from that project on purpose, and why: read
// by the report, so a disagreement is written down once and never silently "tuned away".
export const AZURE_CS_DISAGREEMENTS: Record<string, string> = {
  version_check_04:
    '`info.version` goes from 2.0 to 1.0 and nothing else changes (`paths` is empty in both). The Info Object’s `version` is a free string naming the release of the API (OpenAPI 2.0); it is never sent and constrains no request or response, so no client can tell the two documents apart',
  removed_definition:
    'the PUT body goes from `$ref: DatabaseList` to `$ref: Database`, and the two definitions hold the same properties (`a`, a read-only string; `b`, a read-only integer with default 0). A `$ref` stands for the schema it names (JSON Reference), so the body accepts exactly the same values; only the definition’s name, which no request carries, changes. Upstream’s own ParameterSchemaNameChanged test says the same of a renamed parameter schema',
  type_changed:
    'the one change is `Database.a` from string to integer, and `a` is `readOnly`; `Database` is used only as a PUT request body (the operation documents no response). A read-only property “MUST NOT be sent as part of the request” (OpenAPI 2.0, Schema Object), so no request a client may send changes and no response describes it',
  changed_operation_id:
    'reported as info: the `operationId` of GET /api/Paths and POST /api/Operations changes, nothing else. An operationId identifies the operation to tools (OpenAPI 2.0, Operation Object) and is never sent: the same request to the same method and path gets the same answer. What changes is the name of a generated SDK method, which breaks source code that calls it, not a client on the wire',
  optional_parameter:
    'flagged as a warning (our level for removing a parameter the client may still send, as for ParametersBCTest.decreased): the optional query parameter `f` is dropped and an optional `g` is added. Every request that was valid still names only parameters the server accepted or ignores; whether a server rejects an undocumented parameter depends on the server, which a warning asks a reviewer to weigh',
  added_property_in_response:
    'reported as info: the 200 response of POST .../checkNameAvailability (`CheckNameAvailabilityResult`) declares a new optional property `customMessage`, a string. The schema never forbade extra properties (no `additionalProperties: false`), so a response carrying `customMessage` was already valid; the revision only says what it holds. Every response the revision allows, the base allowed, and a client reads nothing it was not written for',
  param_check_01:
    '`paths` is empty in both documents: the changed bounds, enums and collection items are in the document-level `parameters` and `definitions`, which no operation uses. A parameter or schema no operation refers to constrains no request (OpenAPI 2.0: the Parameters Definitions Object only holds parameters for operations to reference), so no client is affected',
  response_check_01:
    '`paths` is empty in both documents: the changed bounds and enums are in the document-level `responses` and `definitions`, which no operation uses, so no response a client reads changes',
  common_parameter_check_01:
    'the only change is a second, optional body parameter `database2` at the path level: a new optional parameter asks nothing of an existing client. Both documents are invalid Swagger 2.0 (a body parameter requires `schema`, and an operation has at most one body parameter). The operation’s body is its first body parameter, `database`, unchanged; a second one is nothing a request can carry beside it, so nothing is reported',
  common_parameter_check_02:
    'the path declares four body parameters (p1 required, p2, p3, p4 required) and the revision three (p2 now an optional header, p3 required, p4 optional). Swagger 2.0 allows “one body parameter at most” (Parameter Object), and a name is never sent with a body: the body is the first one, as the converter to OpenAPI 3 reads it, required before (p1) and after (p3), both written `type: string`. A client that sent its one body still sends an accepted request, and the new optional header `p2` (reported as info) asks nothing of it; upstream reads the four as separate values, which the wire cannot carry',
};
