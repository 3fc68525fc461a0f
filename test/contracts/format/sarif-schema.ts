// A subset of the SARIF 2.1.0 JSON schema (OASIS, sarif-schema-2.1.0.json), written by hand from the
// SARIF 2.1.0 specification because tests run offline. It keeps the official schema's required
// properties, enumerations, minimums and closed objects (additionalProperties: false) for every object
// our formatter writes, and lists only the optional properties we use or that sit next to them.

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });
const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  additionalProperties: false,
  properties: { ...properties, properties: ref('propertyBag') },
  ...extra,
});
const LEVEL = { enum: ['none', 'note', 'warning', 'error'] };

export const SARIF_SUBSET_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema (subset)',
  ...closed(
    {
      $schema: { type: 'string', format: 'uri' },
      version: { enum: ['2.1.0'] },
      runs: { type: ['array', 'null'], minItems: 0, uniqueItems: false, items: ref('run') },
      inlineExternalProperties: { type: 'array' },
    },
    { required: ['version', 'runs'] },
  ),
  definitions: {
    propertyBag: {
      type: 'object',
      properties: { tags: { type: 'array', minItems: 0, uniqueItems: true, items: { type: 'string' } } },
      additionalProperties: true,
    },
    run: closed(
      {
        tool: ref('tool'),
        invocations: { type: 'array', minItems: 0, uniqueItems: false, items: ref('invocation') },
        results: { type: ['array', 'null'], minItems: 0, uniqueItems: false, items: ref('result') },
        originalUriBaseIds: { type: 'object' },
        artifacts: { type: 'array' },
        columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
      },
      { required: ['tool'] },
    ),
    tool: closed({ driver: ref('toolComponent'), extensions: { type: 'array' } }, { required: ['driver'] }),
    toolComponent: closed(
      {
        name: { type: 'string' },
        fullName: { type: 'string' },
        version: { type: 'string' },
        semanticVersion: { type: 'string' },
        informationUri: { type: 'string', format: 'uri' },
        rules: { type: 'array', minItems: 0, uniqueItems: true, items: ref('reportingDescriptor') },
      },
      { required: ['name'] },
    ),
    reportingDescriptor: closed(
      {
        id: { type: 'string' },
        name: { type: 'string' },
        shortDescription: ref('multiformatMessageString'),
        fullDescription: ref('multiformatMessageString'),
        defaultConfiguration: ref('reportingConfiguration'),
        helpUri: { type: 'string', format: 'uri' },
        help: ref('multiformatMessageString'),
      },
      { required: ['id'] },
    ),
    reportingConfiguration: closed({
      enabled: { type: 'boolean' },
      level: LEVEL,
      rank: { type: 'number', minimum: -1, maximum: 100 },
    }),
    multiformatMessageString: closed({ text: { type: 'string' }, markdown: { type: 'string' } }, { required: ['text'] }),
    message: closed(
      { text: { type: 'string' }, markdown: { type: 'string' }, id: { type: 'string' }, arguments: { type: 'array', items: { type: 'string' } } },
      { anyOf: [{ required: ['text'] }, { required: ['id'] }] },
    ),
    result: closed(
      {
        ruleId: { type: 'string' },
        ruleIndex: { type: 'integer', minimum: -1 },
        kind: { enum: ['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'] },
        level: LEVEL,
        message: ref('message'),
        locations: { type: 'array', minItems: 0, uniqueItems: false, items: ref('location') },
        relatedLocations: { type: 'array', minItems: 0, uniqueItems: true, items: ref('location') },
        partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        fingerprints: { type: 'object', additionalProperties: { type: 'string' } },
        suppressions: { type: 'array', minItems: 0, uniqueItems: true, items: ref('suppression') },
      },
      { required: ['message'] },
    ),
    location: closed({
      id: { type: 'integer', minimum: -1 },
      physicalLocation: ref('physicalLocation'),
      logicalLocations: { type: 'array', minItems: 0, uniqueItems: true, items: ref('logicalLocation') },
      message: ref('message'),
    }),
    physicalLocation: closed(
      { artifactLocation: ref('artifactLocation'), region: ref('region'), contextRegion: ref('region'), address: { type: 'object' } },
      { anyOf: [{ required: ['address'] }, { required: ['artifactLocation'] }] },
    ),
    artifactLocation: closed({
      uri: { type: 'string', format: 'uri-reference' },
      uriBaseId: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      description: ref('message'),
    }),
    region: closed({
      startLine: { type: 'integer', minimum: 1 },
      startColumn: { type: 'integer', minimum: 1 },
      endLine: { type: 'integer', minimum: 1 },
      endColumn: { type: 'integer', minimum: 1 },
      charOffset: { type: 'integer', minimum: -1 },
      charLength: { type: 'integer', minimum: 0 },
      message: ref('message'),
    }),
    logicalLocation: closed({
      name: { type: 'string' },
      index: { type: 'integer', minimum: -1 },
      fullyQualifiedName: { type: 'string' },
      decoratedName: { type: 'string' },
      parentIndex: { type: 'integer', minimum: -1 },
      kind: { type: 'string' },
    }),
    suppression: closed(
      {
        guid: { type: 'string' },
        kind: { enum: ['inSource', 'external'] },
        status: { enum: ['accepted', 'underReview', 'rejected'] },
        justification: { type: 'string' },
        location: ref('location'),
      },
      { required: ['kind'] },
    ),
    invocation: closed(
      {
        executionSuccessful: { type: 'boolean' },
        toolExecutionNotifications: { type: 'array', minItems: 0, uniqueItems: false, items: ref('notification') },
        toolConfigurationNotifications: { type: 'array', minItems: 0, uniqueItems: false, items: ref('notification') },
      },
      { required: ['executionSuccessful'] },
    ),
    notification: closed(
      {
        locations: { type: 'array', minItems: 0, uniqueItems: true, items: ref('location') },
        message: ref('message'),
        level: LEVEL,
        descriptor: ref('reportingDescriptorReference'),
      },
      { required: ['message'] },
    ),
    reportingDescriptorReference: closed(
      { id: { type: 'string' }, index: { type: 'integer', minimum: -1 }, guid: { type: 'string' } },
      { anyOf: [{ required: ['index'] }, { required: ['guid'] }, { required: ['id'] }] },
    ),
  },
} as const;
