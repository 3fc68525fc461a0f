// The dashboard's environments matrix: which version of each service runs where.
import { describe, expect, it } from 'vitest';
import type { DeploymentRecord, VerdictRecord } from '../../../overseer/store/store.js';
import { buildEnvironmentsView, findRefusedServices, ROWS_PER_PAGE, renderEnvironmentsPage } from '../../../overseer/ui/pages/environments.js';

const deployment = (service: string, version: string, environment: string, deployedAt: string): DeploymentRecord => ({
  id: 1,
  service,
  version,
  environment,
  deployedAt,
  live: 'deployed',
  replacedAt: null,
});
const verdict = (id: number, service: string, version: string, environment: string, deployable: boolean, askedAt: string): VerdictRecord => ({
  id,
  service,
  version,
  environment,
  deployable,
  askedBy: 'ci',
  askedAt,
  count: 1,
  lastAskedAt: askedAt,
  reasons: deployable ? [] : [{ code: 'breaks-consumer', severity: 'error', message: `${service} ${version} would break web 1.0.0`, consumer: 'web' }],
});

describe('environments matrix', () => {
  const data = {
    environments: ['production', 'staging'],
    // The store's page: 'idle' (registered, deployed nowhere, never refused) has no row.
    rows: ['api', 'web', 'worker'],
    shown: 3,
    total: 4,
    page: 1,
    deployments: [
      deployment('api', '1.0.0', 'production', '2026-01-01T10:00:00.000Z'),
      deployment('api', '1.1.0', 'staging', '2026-01-01T10:00:00.000Z'),
      deployment('web', '1.0.0', 'production', '2026-01-01T10:00:00.000Z'),
    ],
    // Newest first, as the store lists them.
    verdicts: [
      verdict(4, 'worker', '3.0.0', 'production', false, '2026-01-02T09:00:00.000Z'),
      verdict(3, 'api', '2.0.0', 'production', false, '2026-01-02T08:00:00.000Z'),
      verdict(2, 'api', '1.1.0', 'staging', false, '2026-01-01T09:00:00.000Z'),
      verdict(1, 'api', '2.0.0', 'production', true, '2026-01-01T08:00:00.000Z'),
    ],
  };

  it('shows each version where it runs, and the last refusal until a later deployment', () => {
    const view = buildEnvironmentsView(data);
    expect(view.rows.map((r) => r.service)).toEqual(['api', 'web', 'worker']);
    expect(view.hidden).toBe(1);
    const [api, web, worker] = view.rows;
    expect(api.cells[0]).toMatchObject({ version: '1.0.0', refused: { id: 3, href: '/verdicts/3', codes: ['breaks-consumer'] } });
    // Refused before 1.1.0 went to staging anyway, and 1.1.0 is what runs: the refusal stays visible.
    expect(api.cells[1]).toMatchObject({ version: '1.1.0', refused: { id: 2 } });
    expect(web.cells).toEqual([{ version: '1.0.0', deployedAt: '2026-01-01T10:00:00.000Z' }, {}]);
    expect(worker.cells[0]).toMatchObject({ refused: { id: 4, version: '3.0.0' } });
    expect(view.refusals.map((r) => r.id)).toEqual([4, 3, 2]);
  });

  it('drops a refusal once a deployment came after it', () => {
    const later = { ...data, deployments: [deployment('api', '2.1.0', 'production', '2026-01-03T00:00:00.000Z')] };
    expect(buildEnvironmentsView(later).rows[0].cells[0]).toEqual({ version: '2.1.0', deployedAt: '2026-01-03T00:00:00.000Z' });
  });

  it('links every refusal to its verdict page', () => {
    const page = renderEnvironmentsPage(buildEnvironmentsView(data));
    expect(page).toContain('<a class="cell-refused" href="/verdicts/3"');
    expect(page).toContain('api 2.0.0 would break web 1.0.0');
    expect(page).toMatch(/<a href="\/verdicts\/4"><strong>worker <code>3\.0\.0<\/code> to production<\/strong>/);
  });

  it('shows every version live in one cell, the newest deployed or rolling one first, with how each is live', () => {
    const rolling = { ...deployment('api', '2.0.0', 'production', '2026-01-04T00:00:00.000Z'), live: 'rolling' as const };
    const release = { ...deployment('api', '0.9.0', 'production', '2025-12-01T00:00:00.000Z'), live: 'released' as const };
    const old = deployment('api', '1.0.0', 'production', '2026-01-01T10:00:00.000Z');
    const view = buildEnvironmentsView({ ...data, verdicts: [], deployments: [release, old, rolling] });
    expect(view.rows[0].cells[0]).toEqual({
      version: '2.0.0',
      deployedAt: '2026-01-04T00:00:00.000Z',
      live: 'rolling',
      others: [
        { version: '0.9.0', live: 'released' },
        { version: '1.0.0', live: 'deployed' },
      ],
    });
    const page = renderEnvironmentsPage(view);
    expect(page).toContain(
      '<code>2.0.0</code> <span class="muted">rolling</span><br><code>0.9.0</code> <span class="muted">released</span><br><code>1.0.0</code>',
    );
  });

  it('finds the services refused somewhere by their last answer, so that they get a row where nothing runs', () => {
    expect(findRefusedServices(data.verdicts)).toEqual(['worker', 'api']);
    expect(findRefusedServices([verdict(5, 'api', '2.0.0', 'production', true, '2026-01-03T00:00:00.000Z'), ...data.verdicts])).toEqual(['worker', 'api']);
    expect(findRefusedServices([verdict(5, 'worker', '3.0.1', 'production', true, '2026-01-03T00:00:00.000Z'), ...data.verdicts])).toEqual(['api']);
  });

  it('shows the page of services the store gave, counting only those with a row, with links to the pages around', () => {
    const services = Array.from({ length: 250 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    // Every third service runs nowhere and was never refused: it has no row on any page.
    const listed = services.filter((_, i) => i % 3 !== 0 || i === 0);
    const many = {
      environments: ['production'],
      rows: listed.slice(0, ROWS_PER_PAGE),
      shown: listed.length,
      total: services.length,
      page: 1,
      deployments: listed.slice(1).map((s) => deployment(s, '1.0.0', 'production', '2026-01-01T10:00:00.000Z')),
      verdicts: [verdict(9, 'svc-000', '1.0.0', 'production', false, '2026-01-02T09:00:00.000Z')],
    };
    const first = buildEnvironmentsView(many);
    expect(first).toMatchObject({ shown: 167, hidden: 83, page: 1, pages: 2 });
    expect(first.rows[0]).toMatchObject({ service: 'svc-000', cells: [{ refused: { id: 9 } }] });
    const second = buildEnvironmentsView({ ...many, rows: listed.slice(ROWS_PER_PAGE), page: 2 });
    expect(second.rows.map((r) => r.service).at(-1)).toBe('svc-248');
    const page = renderEnvironmentsPage(second);
    expect(page).toContain('101–167 of 167 (page 2 of 2)');
    expect(page).toContain('<a rel="prev" href="/environments">← Previous</a>');
    expect(page).toContain('83 services deployed nowhere are not shown.');
    expect(renderEnvironmentsPage(first)).toContain('<a rel="next" href="/environments?page=2">Next →</a>');
  });
});
