// The dashboard's page of one service: its versions and their diffs, and each consumer with what it uses.
import { describe, expect, it } from 'vitest';
import type { DiffReport } from '../../../contracts/model.js';
import type { ServicePageData } from '../../../overseer/ui/pages/service.js';
import { buildServicePageView, renderServicePage } from '../../../overseer/ui/pages/service.js';
import { DIFF_TABLE_MAX_BYTES, renderDiffReport } from '../../../overseer/ui/pages/service-diff.js';
import { findBrokenConsumers, findWaivedConsumers } from '../../../overseer/ui/version-diff.js';

/** The diff as the worker sends it to the page (overseer/work/tasks.ts). */
function pageOf(report: DiffReport) {
  const html = renderDiffReport('users-service', { from: '1.0.0', to: '2.0.0' }, report).text;
  return { summary: report.summary, broken: findBrokenConsumers(report), waived: findWaivedConsumers(report), html };
}

const AT = '2026-01-01T00:00:00.000Z';

function makeData(): ServicePageData {
  return {
    service: { name: 'users-service', owners: ['@acme/identity'], slack: '#identity', createdAt: AT, updatedAt: AT },
    versions: ['1.0.0', '1.1.0', '2.0.0'].map((version) => ({
      service: 'users-service',
      version,
      branches: ['main'],
      contractHash: 'a'.repeat(64),
      createdAt: AT,
    })),
    versionCount: 3,
    versionPage: { page: 1, pages: 1 },
    deployments: [{ id: 1, service: 'users-service', version: '1.0.0', environment: 'production', live: 'deployed', deployedAt: AT, replacedAt: null }],
    environments: ['production', 'staging'],
    subject: '2.0.0',
    consumers: [
      {
        consumer: 'checkout-web',
        version: '1.0.0',
        declaration: { consumer: 'checkout-web', provider: 'users-service', uses: [{ operation: 'getUser', response: ['id', 'email'] }] },
      },
      { consumer: 'billing-worker', version: '3.1.0', declaration: { consumer: 'billing-worker', provider: 'users-service', uses: '*' } },
      {
        consumer: 'orders-service',
        version: '1.0.0',
        declaration: { consumer: 'orders-service', provider: 'users-service', uses: [{ operation: 'GET /users/{id}' }] },
      },
    ],
    consumerCount: 3,
    consumerPage: { page: 1, pages: 1 },
    providers: [{ consumer: 'users-service', provider: 'audit-log', uses: [{ operation: 'POST /events', request: ['type', 'actor.id'] }] }],
    deprecated: [{ consumer: 'checkout-web', version: '1.0.0', operation: 'GET /users/{id}', part: 'response field email', sunset: '2027-01-01' }],
    verdicts: [
      {
        id: 4,
        service: 'users-service',
        version: '2.0.0',
        environment: 'production',
        deployable: false,
        askedBy: 'ci',
        askedAt: AT,
        count: 1,
        lastAskedAt: AT,
        reasons: [],
      },
    ],
  };
}

const REPORT: DiffReport = {
  base: { file: 'users-service@1.0.0' },
  revision: { file: 'users-service@2.0.0' },
  failOn: 'breaking',
  notices: [],
  consumers: [],
  summary: { breaking: 0, warning: 1, info: 0, blocking: 1 },
  changes: [
    {
      id: 'response-optional-property-removed',
      level: 'warning',
      operation: 'GET /users',
      operations: ['GET /users', 'GET /users/{id}'],
      location: '/components/schemas/User/properties/email',
      side: 'base',
      line: 68,
      message: 'response property `User.email` was removed (it was optional)',
      target: { kind: 'response', field: 'email' },
      consumers: ['checkout-web'],
      blocking: true,
    },
  ],
};

describe('service page', () => {
  it('lists versions newest first, each linked to its diff with the one before', () => {
    const view = buildServicePageView(makeData());
    expect(view.versions.map((v) => [v.version, v.deployedIn, v.diffHref])).toEqual([
      ['2.0.0', [], '/services/users-service?from=1.1.0&to=2.0.0#diff'],
      ['1.1.0', [], '/services/users-service?from=1.0.0&to=1.1.0#diff'],
      ['1.0.0', ['production'], undefined],
    ]);
    expect(view.form).toMatchObject({ versions: ['2.0.0', '1.1.0', '1.0.0'] });
  });

  it('shows each consumer with exactly the operations, parameters and fields it uses', () => {
    const page = renderServicePage(buildServicePageView(makeData()));
    expect(page).toContain('<h2 id="consumers">Consumers (3, latest versions)</h2>');
    expect(page).toMatch(/data-consumer="checkout-web"[\s\S]*?<code>getUser<\/code>[\s\S]*?<code>id<\/code>, <code>email<\/code>/);
    expect(page).toMatch(/data-consumer="billing-worker"[\s\S]*?Uses <strong>everything<\/strong>/);
    expect(page).toMatch(/data-consumer="orders-service"[\s\S]*?the whole operation/);
    expect(page).toMatch(/data-provider="audit-log"[\s\S]*?<code>type<\/code>, <code>actor\.id<\/code>/);
    expect(page).toContain('response field email');
    expect(page).toContain('2027-01-01');
    expect(page).toContain('<a href="/verdicts/4">#4</a>');
    expect(page).toContain('<a href="/graph?service=users-service">users-service and its neighbours</a>');
  });

  it('answers each recent verdict as the audit page does: a version nobody published is undecided, not refused', () => {
    const verdict = (id: number, version: string, code: 'version-unknown' | 'breaks-consumer') => ({
      ...makeData().verdicts[0]!,
      id,
      version,
      reasons: [{ code, severity: 'error' as const, message: `${code} of ${version}` }],
    });
    const data = { ...makeData(), verdicts: [verdict(6, '9.9.9', 'version-unknown'), verdict(5, '2.0.0', 'breaks-consumer')] };
    const page = renderServicePage(buildServicePageView(data));
    const answers = [...page.matchAll(/<a href="\/verdicts\/(\d+)">#\d+<\/a><\/td><td><span class="badge [a-z]+">([a-z]+)<\/span>/g)].map(
      (m) => `#${m[1]} ${m[2]}`,
    );
    expect(answers).toEqual(['#6 undecided', '#5 refused']);
  });

  it('shows a diff as the CLI reports it: level, rule, every operation reached, where, who breaks', () => {
    const page = renderServicePage(buildServicePageView({ ...makeData(), diff: { from: '1.0.0', to: '2.0.0', page: pageOf(REPORT) } }));
    expect(page).toContain('Blocking: 1 change breaks a consumer. 0 breaking, 1 warning, 0 info; 1 blocking.');
    expect(page).toMatch(/<tr data-rule="response-optional-property-removed" data-level="warning">/);
    expect(page).toContain('<code>GET /users</code><br><span class="muted">also <code>GET /users/{id}</code></span>');
    expect(page).toContain('(base line 68)');
    expect(page).toMatch(/<option value="1\.0\.0" selected>1\.0\.0<\/option>/);
  });

  it('stops a diff of thousands of changes at a page of 512 KB and says how many are left out, and where to see them', () => {
    const consumers = Array.from({ length: 120 }, (_, i) => `consumer-${String(i).padStart(3, '0')}`);
    const changes = Array.from({ length: 4000 }, (_, i) => ({
      ...REPORT.changes[0],
      location: `/components/schemas/Item${i}/properties/${'field'.repeat(20)}`,
      consumers: i === 0 ? consumers : ['checkout-web'],
    }));
    const report = { ...REPORT, changes, summary: { breaking: 0, warning: 4000, info: 0, blocking: 4000 } };
    const page = renderServicePage(buildServicePageView({ ...makeData(), diff: { from: '1.0.0', to: '2.0.0', page: pageOf(report) } }));
    const shown = page.match(/<tr data-rule=/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(100);
    expect(shown).toBeLessThan(4000);
    expect(page.length).toBeLessThan(DIFF_TABLE_MAX_BYTES + 64 * 1024);
    expect(page).toContain(
      `This diff has 4000 changes: the first ${shown} are shown, as many as fit in 512 KB of page. Compare users-service 1.0.0 and 2.0.0 with <code>overseer diff</code> on the two files to see every change.`,
    );
    expect(page).toContain('/components/schemas/Item0/properties/');
    expect(page).not.toContain('/components/schemas/Item3999/properties/');
    // A change that breaks a hub's consumers names the first fifty.
    expect(page).toContain('<a href="/services/consumer-049">consumer-049</a> <span class="muted">and 70 more</span>');
    expect(page).not.toContain('consumer-050');
  });

  it('says why there is no diff', () => {
    const page = renderServicePage(
      buildServicePageView({ ...makeData(), diff: { from: '1.0.0', to: '9.0.0', problem: 'users-service has no version 9.0.0.' } }),
    );
    expect(page).toContain('<p class="notice bad" role="alert">users-service has no version 9.0.0.</p>');
  });
});
