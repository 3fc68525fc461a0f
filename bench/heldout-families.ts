// The held-out pairs we judge against upstream, grouped by what changed: each family's verdict and the specification's
// fact behind it are written once here, and every pair of the notes files belongs to exactly one (test/bench/heldout.test.ts).
import type { SuiteName } from './heldout-run.js';

interface DisagreementFamily {
  family: string;
  /** Our verdict, and upstream's where it differs in kind. */
  verdict: string;
  fact: string;
  pairs: Partial<Record<SuiteName, string[]>>;
}

export const FAMILIES: readonly DisagreementFamily[] = [
  {
    family: 'A request widened: a looser bound, int32 to int64, more enum values, a new optional property or parameter, extra properties allowed',
    verdict: 'compatible (upstream: breaking)',
    fact: 'JSON Schema validation: a schema that admits more values still admits every request that was valid, so no existing client is refused',
    pairs: {
      'openapi-diff': ['SchemaBCTest.requestFormatIncreased', 'SchemaBCTest.requestPropsPutIncreased'],
      optic: [
        'range-changes: numeric range max increased',
        'range-changes: numeric range min decreased',
        'range-changes: array length increased',
        'range-changes: array length decreased',
      ],
      'openapi-comparator': ['added_optional_parameter', 'added_optional_property', 'constant_status_has_changed'],
      'azure-openapi-diff': ['additional-properties'],
      'azure-openapi-diff-cs': ['common_parameter_check_01'],
    },
  },
  {
    family:
      'A response narrowed: a tighter bound, int64 to int32, a property or header now required, a schema where any JSON was, an optional property declared where any was allowed',
    verdict: 'compatible (upstream: breaking)',
    fact: 'every response the revision allows, the base allowed: a client reads nothing it was not written for',
    pairs: {
      'openapi-diff': ['MinLengthBCTest.responseMinLengthIncreased', 'SchemaBCTest.responseFormatDecreased', 'HeaderBCTest.responseHeaderRequiredAdded'],
      'openapi-comparator': ['added_required_property', 'added_additional_properties', 'added_schema_in_response'],
      'azure-openapi-diff-cs': ['added_property_in_response'],
    },
  },
  {
    family: 'A response widened: minLength lowered, an object that may now be a number',
    verdict: 'breaking (upstream: compatible)',
    fact: 'the reader may now be sent a value outside the schema it was written for; a response widened has the level of a request narrowed by the same keyword (docs/ENGINE.md, Rules)',
    pairs: {
      'openapi-diff': ['MinLengthBCTest.responseMinLengthDecreasedButCompatible'],
      optic: ['breaking-changes: valid response union type transition'],
    },
  },
  {
    family: 'A request narrowed: an enum on array items, names required that have a default',
    verdict: 'breaking (upstream: compatible)',
    fact: 'a request that was valid is refused; a `default` is an annotation and does not satisfy `required` (JSON Schema Validation 2020-12 §9)',
    pairs: {
      'openapi-diff': ['BackwardCompatibilityTest.testApiOperationChanged'],
      'qubership-apihub': ['parameters-schema/add-required-property-with-default', 'request-body-schema/add-required-property-with-default'],
    },
  },
  {
    family: 'A keyword with nothing to act on where it is written',
    verdict: 'not breaking: nothing, or info where a keyword moved on a schema of a type it does not constrain (upstream: breaking)',
    fact: 'a keyword aimed at one type lets every value of another through (`uniqueItems` on integers); a 3.0 boolean `exclusiveMaximum` qualifies a `maximum` that is not there; `explode` acts on arrays and objects only (RFC 6570); `bearerFormat` documents; a path parameter is always required; a response `default` or `readOnly` changes no value sent, and a read-only property is one a request must not send; a schema, parameter or response no operation uses, the document’s `info.version`, or an extension naming generated code, changes no request; null in a simple-style header is the header left out',
    pairs: {
      'openapi-diff': [
        'NumericRangeBCTest.requestExclusiveMaxSet',
        'NumericRangeBCTest.requestExclusiveMinSet',
        'SchemaDiffTest.changeUniqueItemsHandling',
        'HeaderBCTest.responseHeaderExplode',
        'SecuritySchemeBCTest.bearerFormatChanged',
      ],
      optic: ['parameter-requirement-breaking-changes: "path" parameter optional to required'],
      'openapi-comparator': ['default_value_changed', 'readonly_property_changed', 'removed_schema'],
      'qubership-apihub': ['response-headers-schema/add-null-to-union-type'],
      'azure-openapi-diff': ['xms-enum-name'],
      'azure-openapi-diff-cs': ['version_check_04', 'type_changed', 'param_check_01', 'response_check_01'],
    },
  },
  {
    family: 'Something optional no longer sent or returned: a parameter, a property, readOnly in a request, writeOnly in a response',
    verdict: 'warning (upstream: breaking)',
    fact: 'the schema already allowed its absence, so a client written for it copes; whether one relied on it depends on data, which a warning asks a reviewer to weigh',
    pairs: {
      'openapi-diff': ['ParametersBCTest.decreased', 'ReadOnlyBCTest.requestReadOnlyIncreased', 'WriteOnlyBCTest.responseWriteOnlyIncreased'],
      optic: ['breaking-changes: response property removed'],
      'openapi-comparator': ['removed_property', 'removed_required_parameter', 'removed_client_parameter', 'reference_redirection', 'recursive_model'],
      'azure-openapi-diff': ['common-parameters'],
      'azure-openapi-diff-cs': ['optional_parameter'],
    },
  },
  {
    family: 'A required response property no longer writeOnly',
    verdict: 'warning (upstream: breaking)',
    fact: 'the response gains a field its schema already declared: a reader that ignored it still works',
    pairs: { 'openapi-diff': ['WriteOnlyBCTest.responseWriteOnlyRequiredDecreased'] },
  },
  {
    family: 'A documented error status removed',
    verdict: 'info (upstream: breaking)',
    fact: 'the client sends nothing new and may still receive any status; no request that worked fails',
    pairs: { 'openapi-diff': ['ApiResponseBCTest.decreased'] },
  },
  {
    family: 'The same schema written another way: properties moved into or out of `allOf`, a definition renamed',
    verdict: 'no change (upstream: breaking)',
    fact: '`allOf` asks a value to be valid against every member (JSON Schema), so properties and `required` in a member constrain exactly as if written inline, and a `$ref` stands for the schema it names, whatever the name: the same values are valid before and after',
    pairs: {
      'azure-openapi-diff': ['expandsAllOf/expand_allOf_model', 'expandsAllOf/move_properties_into_allof_model', 'expandsAllOf/multi_level_allOf'],
      'azure-openapi-diff-cs': ['removed_definition'],
    },
  },
  {
    family: 'An operation’s `operationId` changed',
    verdict: 'info (upstream: breaking)',
    fact: 'an operationId identifies the operation to tools (OpenAPI 2.0, Operation Object) and is never sent: the same request to the same method and path is unchanged; what changes is the name of a generated SDK method',
    pairs: { 'azure-openapi-diff-cs': ['changed_operation_id'] },
  },
  {
    family: 'A response format added (`produces`) where no response schema is described',
    verdict: 'not flagged (upstream: warning)',
    fact: 'a client says which format it reads with `Accept` (RFC 9110 §12.5.1) and a server that cannot answer in it says 406; with no schema in either version, no body a client parses is described',
    pairs: { 'azure-openapi-diff': ['rule-1004'] },
  },
  {
    family: 'An operation moved into a vendor extension (`x-ms-paths`)',
    verdict: 'breaking (upstream: compatible)',
    fact: 'an `x-` field means what the tool reading it says (OpenAPI 2.0, Specification Extensions): for every reader but AutoRest the Paths Object no longer holds the operation, which is a removal',
    pairs: { 'azure-openapi-diff': ['xms-path'] },
  },
  {
    family: 'Several body parameters on one operation: the others moved or dropped beside the first',
    verdict: 'no change to the body (upstream: breaking)',
    fact: 'Swagger 2.0 allows one body parameter at most (Parameter Object) and a body carries no name, so a request holds one body, the first one written; the others are nothing a client can send beside it',
    pairs: { 'azure-openapi-diff-cs': ['common_parameter_check_02'] },
  },
];
