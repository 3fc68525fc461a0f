// Waiver files: reading them, with their mistakes, and which changes they waive until when.
import { describe, expect, it } from 'vitest';
import { judgeDiff } from '../../../contracts/check.js';
import type { OpenApiDocument } from '../../../contracts/load/load.js';
import type { JudgedChange } from '../../../contracts/model.js';
import { applyWaivers, PolicyError, parseWaivers, type Waiver } from '../../../contracts/policy/apply.js';
import { diffDocs } from '../../fixtures/impact/users-api.js';
import { catchError } from '../catch-error.js';
import { aReport } from '../format/report-builder.js';

const TODAY = '2026-03-01';

function aWaiver(overrides: Partial<Waiver> = {}): Waiver {
  return {
    rule: 'api-path-removed-without-deprecation',
    operation: 'GET /users/{userId}',
    reason: 'agreed with billing',
    expires: '2026-12-31',
    file: 'waivers.yaml',
    line: 1,
    ...overrides,
  };
}

describe('parseWaivers', () => {
  it('reads a list of waivers with their lines, dates as written', () => {
    const text = [
      '# accepted changes',
      '- rule: api-path-removed-without-deprecation',
      '  operation: get /users/{id}',
      '  reason: agreed with billing',
      '  expires: 2026-06-30',
      '- rule: response-optional-property-removed',
      '  operation: "*"',
      '  consumer: checkout-web',
      '  field: items[].sku',
      '  reason: checkout stopped reading it',
      "  expires: '2026-01-31'",
    ].join('\n');
    expect(parseWaivers(text, 'waivers.yaml')).toEqual([
      {
        rule: 'api-path-removed-without-deprecation',
        operation: 'GET /users/{id}',
        reason: 'agreed with billing',
        expires: '2026-06-30',
        file: 'waivers.yaml',
        line: 2,
      },
      {
        rule: 'response-optional-property-removed',
        operation: '*',
        consumer: 'checkout-web',
        field: 'items[].sku',
        reason: 'checkout stopped reading it',
        expires: '2026-01-31',
        file: 'waivers.yaml',
        line: 6,
      },
    ]);
  });

  it('reads an empty file as no waivers', () => {
    expect(parseWaivers('# none yet\n', 'w.yaml')).toEqual([]);
  });

  it('names file and line of every problem at once', () => {
    const text = [
      '- rule: api-path-removed-without-deprecation', // 1
      '  operation: getUser', // 2
      '  reason: ok', // 3
      '  expires: 2026-02-30', // 4
      '- rule: Bad_Rule', // 5
      '  operation: GET /users', // 6
      '  expires: 2026-01-01', // 7
      '  owner: me', // 8
      '- just a string', // 9
    ].join('\n');
    const error = catchError(PolicyError, () => parseWaivers(text, 'w.yaml'));
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.code).toBe('ERR_WAIVER_INVALID');
    expect(error.message.split('\n')).toEqual([
      'w.yaml:2: operation "getUser" must be "METHOD /path" (like "GET /users/{id}") or "*"',
      'w.yaml:4: expires "2026-02-30" is not a day of the calendar: February 2026 has 28 days',
      'w.yaml:8: unknown key "owner": a waiver has rule, operation, consumer, field, reason, expires',
      'w.yaml:5: rule "Bad_Rule" is not a rule id: ids are lowercase words joined by dashes, like api-path-removed-without-deprecation',
      'w.yaml:5: reason is required: say why the change is accepted',
      'w.yaml:9: a waiver is a mapping with rule, operation, reason and expires',
    ]);
  });

  it('guesses the key a typo meant, as other key typos are told (consumr: did you mean consumer)', () => {
    const text = ['- rule: field-missing', '  operation: GET /users', '  consumr: web', '  reason: ok', '  expires: 2027-01-01', '  ownr: me'].join('\n');
    const lines = catchError(PolicyError, () => parseWaivers(text, 'w.yaml')).message.split('\n');
    expect(lines).toContain('w.yaml:3: unknown key "consumr": did you mean consumer? A waiver has rule, operation, consumer, field, reason, expires');
    // No key is near `ownr`: no guess is made up.
    expect(lines).toContain('w.yaml:6: unknown key "ownr": a waiver has rule, operation, consumer, field, reason, expires');
  });

  it.each([
    { expires: '2027-1-5', message: 'expires "2027-1-5" must be written with two-digit month and day: 2027-01-05' },
    { expires: '2028-02-30', message: 'expires "2028-02-30" is not a day of the calendar: February 2028 has 29 days' },
    { expires: '2027-13-01', message: 'expires "2027-13-01" is not a day of the calendar: there is no month 13' },
    {
      expires: 'next year',
      message: 'expires "next year" is not a date: write it YYYY-MM-DD, like 2027-01-31, or as a date-time with an offset, like 2027-01-31T18:00:00+09:00',
    },
    { expires: '2027-01-31T18:00:00', message: 'expires "2027-01-31T18:00:00" has no offset, so the instant it names depends on who reads it' },
    {
      expires: '2027-01-31 18:00+09:00',
      message: 'expires "2027-01-31 18:00+09:00" is neither a day YYYY-MM-DD (it holds until 24:00 UTC) nor an RFC 3339 date-time',
    },
    { expires: '2027-02-30T18:00:00Z', message: 'expires "2027-02-30T18:00:00Z" is neither a day' },
    { expires: '2027-01-31T24:00:00Z', message: 'expires "2027-01-31T24:00:00Z" is neither a day' },
    { expires: '20270105', message: 'expires must be a date YYYY-MM-DD, not 20270105' },
    { expires: '', message: 'expires must be a date YYYY-MM-DD, not an empty value' },
  ])('says what is wrong with expires: $expires', ({ expires, message }) => {
    const text = `- rule: a-rule\n  operation: '*'\n  reason: ok\n  expires: ${expires}\n`;
    expect(catchError(PolicyError, () => parseWaivers(text, 'w.yaml')).message).toContain(`w.yaml:4: ${message}`);
  });

  it('tells a missing key from a value of the wrong kind', () => {
    const text = "- rule: 7\n  operation: 12\n  reason: [a, b]\n  consumer: {a: 1}\n  expires: 2027-01-05\n- operation: '*'\n";
    expect(catchError(PolicyError, () => parseWaivers(text, 'w.yaml')).message.split('\n')).toEqual([
      'w.yaml:1: rule 7 is not a rule id: ids are lowercase words joined by dashes, like api-path-removed-without-deprecation',
      'w.yaml:2: operation 12 must be "METHOD /path" (like "GET /users/{id}") or "*"',
      'w.yaml:4: consumer must be a service name, not a mapping',
      'w.yaml:3: reason must be a sentence saying why the change is accepted, not a list',
      'w.yaml:6: rule is required: a rule id, like api-path-removed-without-deprecation',
      'w.yaml:6: reason is required: say why the change is accepted',
      'w.yaml:6: expires is required, as a date YYYY-MM-DD or a date-time with an offset: every waiver ends',
    ]);
  });

  it.each([
    { text: 'rule: x', message: 'w.yaml:1: expected a list of waivers ("- rule: ..." entries)' },
    { text: '- rule: x\n  reason: [unclosed\n', message: 'w.yaml:3: not valid YAML' },
    {
      text: "- rule: field-missing\n  operation: GET /users/{id}\n  field: nickname\n  reason: r\n  expires: '2027-01-05'\n",
      message:
        'w.yaml:1: a field-missing waiver needs a consumer, the service whose use it accepts (add a line like "consumer: checkout-web"): without one it matches nothing',
    },
  ])('refuses $text', ({ text, message }) => {
    expect(catchError(PolicyError, () => parseWaivers(text, 'w.yaml')).message).toContain(message);
  });

  // Every gate reason a waiver may accept is one consumer's use; the others name no use, and are rule ids like any.
  const entry = (rule: string) => `- rule: ${rule}\n  operation: "*"\n  reason: r\n  expires: '2027-01-05'\n`;
  it.each(['operation-missing', 'field-missing', 'request-field-rejected', 'parameter-rejected', 'required-input-missing', 'deployed-contract-unknown'])(
    'refuses a %s waiver without a consumer, at its line',
    (rule) => {
      expect(catchError(PolicyError, () => parseWaivers(`# header\n${entry(rule)}`, 'w.yaml')).message).toContain(
        `w.yaml:2: a ${rule} waiver needs a consumer`,
      );
    },
  );
  it.each(['breaks-consumer', 'contract-missing', 'api-path-removed-without-deprecation'])('reads a %s waiver without a consumer', (rule) => {
    expect(parseWaivers(entry(rule), 'w.yaml')).toMatchObject([{ rule, operation: '*' }]);
  });

  // The gate names a use declared by operationId that the contract lacks by that operationId: nothing else to write.
  it('reads an operationId only in an operation-missing waiver, as written', () => {
    const byId = (rule: string) => `- rule: ${rule}\n  operation: cancelOrder\n  consumer: shop\n  reason: r\n  expires: '2027-01-05'\n`;
    expect(parseWaivers(byId('operation-missing'), 'w.yaml')).toMatchObject([{ rule: 'operation-missing', operation: 'cancelOrder', consumer: 'shop' }]);
    expect(catchError(PolicyError, () => parseWaivers(byId('field-missing'), 'w.yaml')).message).toBe(
      'w.yaml:2: operation "cancelOrder" must be "METHOD /path" (like "GET /users/{id}") or "*"',
    );
  });
});

describe('applyWaivers', () => {
  const removal = { operation: 'GET /users/{id}' };

  it('marks a covered change waived and not blocking, whatever the path parameters are called, and recounts', () => {
    const report = aReport()
      .change(removal)
      .change({ ...removal, id: 'other-rule' })
      .build();
    const out = applyWaivers(report, [aWaiver()], TODAY);
    expect(out.changes[0]).toMatchObject({ blocking: false, waived: { reason: 'agreed with billing', expires: '2026-12-31' } });
    expect(out.changes[1]).toBe(report.changes[1]);
    expect(out.summary).toEqual({ breaking: 2, warning: 0, info: 0, blocking: 1 });
    expect(report.changes[0].blocking).toBe(true);
  });

  it('reads a date-time expiry to the instant, with its offset, and says its last day', () => {
    const report = aReport().change(removal).build();
    // 18:00 at +09:00 is 09:00 UTC.
    const tokyo = aWaiver({ expires: '2026-03-01T18:00:00+09:00' });
    const before = applyWaivers(report, [tokyo], '2026-03-01T08:59:59Z');
    expect(before.summary.blocking).toBe(0);
    expect(before.notices.map((n) => [n.code, n.message])).toEqual([
      [
        'waiver-last-day',
        'the waiver of api-path-removed-without-deprecation on GET /users/{userId} (waivers.yaml:1) expires at 2026-03-01T18:00:00+09:00 (2026-03-01 09:00:00 UTC), within a day: it waives until then; from then on the change refuses',
      ],
    ]);
    const after = applyWaivers(report, [tokyo], '2026-03-01T09:00:00Z');
    expect(after.summary.blocking).toBe(1);
    expect(after.notices.map((n) => n.code)).toEqual(['waiver-expired']);
    // More than a day ahead: nothing to say.
    expect(applyWaivers(report, [tokyo], '2026-02-28T08:59:59Z').notices).toEqual([]);
  });

  it('waives through the expiry day, then stops and says so, naming the waiver', () => {
    const report = aReport().change(removal).build();
    expect(applyWaivers(report, [aWaiver({ expires: TODAY })], TODAY).summary.blocking).toBe(0);
    const out = applyWaivers(report, [aWaiver({ expires: '2026-02-28', line: 7 })], TODAY);
    expect(out.changes[0].blocking).toBe(true);
    expect(out.changes[0].waived).toBeUndefined();
    expect(out.notices).toEqual([
      {
        code: 'waiver-expired',
        message:
          'the waiver of api-path-removed-without-deprecation on GET /users/{userId} (waivers.yaml:7) expired on 2026-02-28: it no longer waives anything (its reason: agreed with billing)',
        file: 'waivers.yaml',
        line: 7,
      },
    ]);
  });

  it('covers document-wide changes only with "*"', () => {
    const report = aReport().change({ operation: undefined, id: 'api-security-added' }).build();
    expect(applyWaivers(report, [aWaiver({ rule: 'api-security-added' })], TODAY).summary.blocking).toBe(1);
    expect(applyWaivers(report, [aWaiver({ rule: 'api-security-added', operation: '*' })], TODAY).summary.blocking).toBe(0);
  });

  it('covers a change in a shared schema by any operation reaching it, not only the one it is filed under', () => {
    const report = aReport()
      .change({ ...removal, operation: 'GET /admins/{id}', operations: ['GET /admins/{id}', 'GET /users/{id}'] })
      .build();
    expect(applyWaivers(report, [aWaiver()], TODAY).summary.blocking).toBe(0);
    expect(applyWaivers(report, [aWaiver({ operation: '*' })], TODAY).summary.blocking).toBe(0);
    expect(applyWaivers(report, [aWaiver({ operation: 'GET /orders/{id}' })], TODAY).summary.blocking).toBe(1);
  });

  // A schema two operations share: the change is filed under the first (`[].address.city` under GET /users), and a
  // waiver names the field as its own operation reads it, read from the diff, never by a shorter tail (`city`).
  it('matches the field as the operation the waiver names reads it, in a shared schema', async () => {
    const json = (schema: object) => ({ '200': { description: 'ok', content: { 'application/json': { schema } } } });
    const users = (city: string) => ({
      openapi: '3.0.3',
      info: { title: 'users', version: '1' },
      paths: {
        '/users': { get: { responses: json({ type: 'array', items: { $ref: '#/components/schemas/User' } }) } },
        '/users/{id}': { get: { responses: json({ $ref: '#/components/schemas/User' }) } },
      },
      components: {
        schemas: {
          User: { type: 'object', properties: { city: { type: 'string' }, address: { $ref: '#/components/schemas/Address' } } },
          Address: { type: 'object', properties: { city: { type: city } } },
        },
      },
    });
    const diff = await diffDocs(users('string') as OpenApiDocument, users('integer') as OpenApiDocument);
    const report = judgeDiff({ diff, base: { file: 'b.json' }, revision: { file: 'r.json' }, failOn: 'breaking' });
    const byField = (field: string, operation = 'GET /users/{id}') =>
      applyWaivers(report, [aWaiver({ rule: 'response-property-type-changed', operation, field })], TODAY, undefined, diff);
    expect(report.changes.map((c) => [c.operation, c.target])).toEqual([['GET /users', expect.objectContaining({ field: '[].address.city' })]]);
    expect(byField('address.city').summary.blocking).toBe(0);
    expect(byField('address').summary.blocking).toBe(0);
    expect(byField('[].address.city', 'GET /users').summary.blocking).toBe(0);
    // `city` is the user's own city from GET /users/{id}; `address.city` is no field of GET /users (it lists users).
    expect(byField('city').summary.blocking).toBe(1);
    expect(byField('address.city', 'GET /users').summary.blocking).toBe(1);
    expect(byField('city').notices[0]?.message).toContain('the nearest change is response-property-type-changed on GET /users/{id} field address.city');
  });

  it('names a waiver that matches no change, by its file and line', () => {
    const report = aReport().change(removal).build();
    const waived = applyWaivers(report, [aWaiver({ rule: 'response-optional-property-removed', line: 7 })], TODAY);
    expect(waived.notices).toEqual([
      {
        code: 'waiver-unused',
        message: expect.stringMatching(/^the waiver of response-optional-property-removed on GET \/users\/\{userId\} \(waivers\.yaml:7\) matches no change/),
        file: 'waivers.yaml',
        line: 7,
      },
    ]);
    expect(applyWaivers(report, [aWaiver()], TODAY).notices).toEqual([]);
  });

  it.each([
    { name: 'the field itself', target: { kind: 'response' as const, field: 'address' }, covered: true },
    { name: 'a field inside it', target: { kind: 'response' as const, field: 'address.city' }, covered: true },
    { name: 'items inside it', target: { kind: 'request-body' as const, field: 'address[].city' }, covered: true },
    { name: 'a sibling with the same prefix', target: { kind: 'response' as const, field: 'addressLine' }, covered: false },
    { name: 'a parameter of that name', target: { kind: 'parameter' as const, in: 'query', name: 'address' }, covered: true },
    { name: 'a header, whatever its case', target: { kind: 'parameter' as const, in: 'header', name: 'Address' }, covered: true },
    { name: 'the operation as a whole', target: { kind: 'operation' as const }, covered: false },
  ])('with a field, covers $name: $covered', ({ target, covered }) => {
    const report = aReport()
      .change({ ...removal, target })
      .build();
    const out = applyWaivers(report, [aWaiver({ field: 'address' })], TODAY);
    expect(out.changes[0].waived !== undefined).toBe(covered);
  });

  describe('scoped to a consumer', () => {
    const broken = (consumers: string[]): JudgedChange[] =>
      aReport()
        .consumer('billing')
        .consumer('checkout')
        .change({ ...removal, consumers })
        .build().changes;
    const reportOf = (consumers: string[]) => ({ ...aReport().consumer('billing').consumer('checkout').build(), changes: broken(consumers) });

    it('still blocks for the other consumers it breaks, naming who is covered', () => {
      const out = applyWaivers(reportOf(['billing', 'checkout']), [aWaiver({ consumer: 'billing' })], TODAY);
      expect(out.changes[0]).toMatchObject({ blocking: true, waivedFor: ['billing'] });
      expect(out.changes[0].waived).toBeUndefined();
    });

    it('stops blocking when every consumer it breaks is covered', () => {
      const waivers = [aWaiver({ consumer: 'billing', reason: 'a' }), aWaiver({ consumer: 'checkout', reason: 'b', expires: '2026-04-01' })];
      const out = applyWaivers(reportOf(['billing', 'checkout']), waivers, TODAY);
      expect(out.changes[0]).toMatchObject({ blocking: false, waived: { reason: 'a; b', expires: '2026-04-01' } });
      expect(out.changes[0].waivedFor).toBeUndefined();
    });

    it('does nothing without consumers, or for a consumer the change does not break', () => {
      expect(applyWaivers(aReport().change(removal).build(), [aWaiver({ consumer: 'billing' })], TODAY).summary.blocking).toBe(1);
      expect(applyWaivers(reportOf(['checkout']), [aWaiver({ consumer: 'billing' })], TODAY).changes[0].waivedFor).toBeUndefined();
    });
  });

  it('returns the report itself when there are no waivers', () => {
    const report = aReport().change().build();
    expect(applyWaivers(report, [], TODAY)).toBe(report);
  });
});
