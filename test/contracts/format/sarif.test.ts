// `--format sarif`: a SARIF 2.1.0 log that code scanning accepts, checked against its schema.
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { chooseSarifLevel, formatSarif, toUri } from '../../../contracts/format/sarif.js';
import { RULES } from '../../../contracts/rules/index.js';
import { aReport, buildChange } from './report-builder.js';
import { SARIF_SUBSET_SCHEMA } from './sarif-schema.js';

// ajv-formats is CommonJS: under NodeNext its plugin is the module's `.default` (which it also sets on itself).
const addFormats = addFormatsModule.default;

// strictRequired off: SARIF's `anyOf: [{required: [...]}]` names properties declared beside it, as the official schema does.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(SARIF_SUBSET_SCHEMA);

function expectValid(output: string): any {
  const log = JSON.parse(output);
  const ok = validate(log);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

const report = {
  ...aReport()
    .consumer('billing')
    .change({ consumers: ['billing'], message: 'users removed' })
    .change({ id: 'response-optional-property-removed', level: 'warning', blocking: false, consumers: [], side: 'base', line: 30, message: 'nickname removed' })
    .change({
      id: 'endpoint-added',
      level: 'info',
      operation: 'POST /users',
      side: 'revision',
      line: 40,
      blocking: false,
      consumers: [],
      message: 'POST /users was added',
    })
    .change({ operation: 'DELETE /orders/{id}', blocking: false, consumers: [], waived: { reason: 'agreed with billing', expires: '2030-01-01' } })
    .notice({ code: 'waiver-expired', message: 'the waiver expired', file: 'waivers.yaml', line: 3 })
    .build(),
  operationLines: { 'GET /users/{}': 7 },
};

describe('formatSarif', () => {
  it('is valid against the SARIF 2.1.0 schema (subset), with or without changes', () => {
    expectValid(formatSarif(report));
    expectValid(formatSarif(aReport().build()));
    expectValid(formatSarif({ ...aReport().change({ line: undefined, operation: undefined }).build(), revision: { file: 'api dir/open api#1.yaml' } }));
  });

  it('is valid with uses the revision does not offer, blocking and waived, each on its rule', () => {
    const use = { consumer: 'billing', operation: 'GET /users/{id}', message: 'GET /users/{id} of users does not return `nick`, which billing reads' };
    const unmet = [
      { ...use, code: 'field-missing', field: 'nick', line: 6, blocking: true },
      { ...use, code: 'operation-missing', blocking: false, waived: { reason: 'billing moves off it' } },
    ];
    const log = expectValid(formatSarif({ ...report, unmet, consumers: [{ name: 'billing', owners: [], file: 'billing/overseer.yaml' }] }));
    const run = log.runs[0];
    const results = run.results.slice(-2);
    expect(results.map((r: any) => [run.tool.driver.rules[r.ruleIndex].id, r.ruleId, r.level, r.locations[0].physicalLocation])).toEqual([
      ['field-missing', 'field-missing', 'error', { artifactLocation: { uri: 'billing/overseer.yaml' }, region: { startLine: 6 } }],
      ['operation-missing', 'operation-missing', 'note', { artifactLocation: { uri: 'billing/overseer.yaml' } }],
    ]);
    expect(results[1].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'billing moves off it' }]);
  });

  it('the schema subset rejects what SARIF forbids', () => {
    const log = JSON.parse(formatSarif(report));
    for (const broken of [
      { ...log, version: '2.0.0' },
      { ...log, runs: [{ ...log.runs[0], tool: {} }] },
      { ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] },
      { ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], message: {} }] }] },
      { ...log, extra: true },
    ]) {
      expect(validate(broken)).toBe(false);
    }
  });

  it('declares one rule per rule id used, with its description, and results point at their rule', () => {
    const run = expectValid(formatSarif(report)).runs[0];
    const rules = run.tool.driver.rules;
    expect(rules.map((r: any) => r.id)).toEqual(['api-path-removed-without-deprecation', 'response-optional-property-removed', 'endpoint-added']);
    for (const rule of rules) expect(rule.shortDescription.text).toBe(RULES.get(rule.id)?.description);
    expect(run.results).toHaveLength(4);
    for (const result of run.results) expect(rules[result.ruleIndex].id).toBe(result.ruleId);
  });

  it('maps levels: error blocks, a breaking change that blocks nobody warns, info is a note', () => {
    const run = JSON.parse(formatSarif(report)).runs[0];
    expect(run.results.map((r: any) => [r.ruleId, r.level])).toEqual([
      ['api-path-removed-without-deprecation', 'warning'],
      ['api-path-removed-without-deprecation', 'error'],
      ['response-optional-property-removed', 'warning'],
      ['endpoint-added', 'note'],
    ]);
    expect(chooseSarifLevel(buildChange({ level: 'warning', blocking: true }))).toBe('error');
  });

  it('locates results like the github annotations, with the base location related', () => {
    const results = JSON.parse(formatSarif(report)).runs[0].results;
    const removed = results.find((r: any) => r.ruleId === 'response-optional-property-removed');
    expect(removed.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'revision.yaml' }, region: { startLine: 7 } });
    expect(removed.locations[0].logicalLocations).toEqual([{ name: 'GET /users/{id}', kind: 'function' }]);
    expect(removed.relatedLocations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'base.yaml' }, region: { startLine: 30 } });
    const added = results.find((r: any) => r.ruleId === 'endpoint-added');
    expect(added.locations[0].physicalLocation.region).toEqual({ startLine: 40 });
    expect(added.relatedLocations).toBeUndefined();
  });

  it('suppresses waived changes with the waiver as justification', () => {
    const results = JSON.parse(formatSarif(report)).runs[0].results;
    const waived = results.filter((r: any) => r.suppressions);
    expect(waived).toHaveLength(1);
    expect(waived[0].suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'waived until 2030-01-01 24:00 UTC: agreed with billing' }]);
  });

  it('reports notices as tool notifications', () => {
    const [invocation] = JSON.parse(formatSarif(report)).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'warning',
        message: { text: 'the waiver expired' },
        descriptor: { id: 'waiver-expired' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'waivers.yaml' }, region: { startLine: 3 } } }],
      },
    ]);
  });

  it('describes rules it does not know by their id, and the version rule by its own text', () => {
    const run = JSON.parse(
      formatSarif(aReport().change({ id: 'made-up-rule' }).change({ id: 'api-version-bump-too-small', level: 'warning', blocking: false }).build()),
    ).runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.shortDescription.text)).toEqual([
      'made up rule',
      'info.version was bumped less than the changes need under semantic versioning',
    ]);
  });

  it('writes file names as relative URI references', () => {
    expect(toUri('./api dir\\open#api.yaml')).toBe('api%20dir/open%23api.yaml');
  });
});
