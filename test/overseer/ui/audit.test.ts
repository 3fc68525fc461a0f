// The dashboard's audit page: can-i-deploy questions and answers, and notifications where the store has them.
import { describe, expect, it } from 'vitest';
import type { Store, VerdictRecord } from '../../../overseer/store/store.js';
import { findNotificationReader, readNotification } from '../../../overseer/ui/notifications.js';
import { buildAuditView, renderAuditPage } from '../../../overseer/ui/pages/audit.js';

const refused: VerdictRecord = {
  id: 7,
  service: 'users-service',
  version: '2.0.0',
  environment: 'production',
  deployable: false,
  askedBy: 'ci-token',
  askedAt: '2026-01-02T08:00:00.000Z',
  count: 1,
  lastAskedAt: '2026-01-02T08:00:00.000Z',
  reasons: [
    { code: 'breaks-consumer', severity: 'error', message: 'breaks checkout-web' },
    { code: 'breaks-consumer', severity: 'error', message: 'breaks billing' },
    { code: 'field-missing', severity: 'warning', message: 'just a warning' },
  ],
};
const allowed: VerdictRecord = { ...refused, id: 6, version: '1.1.0', deployable: true, reasons: [] };

describe('audit page', () => {
  it('lists verdicts with their answer and error codes, linked to their pages', () => {
    const view = buildAuditView({ environments: ['production'], verdicts: [refused, allowed] });
    expect(view.counts).toEqual({ deployable: 1, refused: 1, undecided: 0 });
    expect(view.verdicts[0]).toMatchObject({ href: '/verdicts/7', codes: ['breaks-consumer'] });
    const page = renderAuditPage(view);
    expect(page).toContain('<a href="/verdicts/7">Verdict #7</a>');
    expect(page).toContain('No notifications recorded');
  });

  it('shows a record that stands for repeated identical asks with its count and both times; an undecided ask apart', () => {
    const undecided: VerdictRecord = {
      ...refused,
      id: 9,
      version: '9.9.9',
      reasons: [{ code: 'version-unknown', severity: 'error', message: 'users-service 9.9.9 is not known to the registry' }],
    };
    const repeated = { ...refused, id: 8, askedAt: '2026-01-02T06:00:00.000Z', count: 3, lastAskedAt: '2026-01-02T09:00:00.000Z' };
    const view = buildAuditView({ environments: ['production'], verdicts: [repeated, undecided, allowed] });
    expect(view.counts).toEqual({ deployable: 1, refused: 1, undecided: 1 });
    expect(view.verdicts.map((v) => [v.id, v.decision, v.count])).toEqual([
      [8, 'refused', 3],
      [9, 'undecided', 1],
      [6, 'deployable', 1],
    ]);
    const page = renderAuditPage(view);
    expect(page).toContain('<span class="badge warning">undecided</span>');
    expect(page).toContain('×3');
    expect(page).toContain('<time datetime="2026-01-02T09:00:00.000Z">');
    expect(page).toContain('asked 3 times since <time datetime="2026-01-02T06:00:00.000Z">');
  });

  it('says the gate was never asked only when nothing is filtered, and names the filter that matched nothing', () => {
    expect(renderAuditPage(buildAuditView({ environments: [], verdicts: [] }))).toContain(
      'The gate has not been asked yet: every overseer can-i-deploy is recorded here.',
    );
    const filtered = renderAuditPage(buildAuditView({ environments: ['production'], service: 'pets', environment: 'production', verdicts: [] }));
    expect(filtered).toContain('No recorded verdict is about service pets in environment production: the gate was not asked about it');
    expect(filtered).not.toContain('has not been asked yet');
    const header = renderAuditPage(buildAuditView({ environments: ['production'], verdicts: [refused] }));
    expect(header).toContain('<th scope="col">Service and version</th>');
  });

  it('shows notifications when the store records them', () => {
    const view = buildAuditView({
      environments: [],
      verdicts: [],
      notifications: [
        readNotification({
          id: 3,
          status: 'failed',
          channel: 'slack',
          target: '#identity',
          event: 'deploy-refused',
          attempts: 5,
          lastError: 'HTTP 500',
          verdictId: 7,
        }),
      ],
    });
    const page = renderAuditPage(view);
    expect(page).toContain('<span class="badge failed">failed</span>');
    expect(page).toContain('HTTP 500');
    expect(page).toContain('<a href="/verdicts/7">verdict #7</a>');
    expect(page).not.toContain('No notifications recorded');
  });
});

describe('notifications, feature-detected', () => {
  it('finds no reader on a store without listNotifications', () => {
    expect(findNotificationReader({} as Store)).toBeUndefined();
  });

  it('calls listNotifications on the store when it exists', async () => {
    const store = {
      rows: [{ status: 'delivered' }],
      listNotifications(this: { rows: unknown[] }, q: { limit: number }) {
        return Promise.resolve(this.rows.slice(0, q.limit));
      },
    };
    const reader = findNotificationReader(store as unknown as Store);
    expect(await reader!({ limit: 10 })).toEqual([{ status: 'delivered' }]);
  });

  it('reads records of unknown shape without failing', () => {
    expect(readNotification(null)).toEqual({ status: 'unknown', channel: '—', target: '—', event: '—' });
    expect(readNotification({ state: 'pending', kind: 'webhook', url: 'https://x', eventType: 'published', createdAt: '2026-01-01T00:00:00Z' })).toEqual({
      status: 'pending',
      channel: 'webhook',
      target: 'https://x',
      event: 'published',
      at: '2026-01-01T00:00:00Z',
    });
  });
});
