// The dashboard's verdict page: a recorded can-i-deploy answer and its reasons.
import { describe, expect, it } from 'vitest';
import type { VerdictRecord } from '../../../overseer/store/store.js';
import { buildVerdictView, renderVerdictPage } from '../../../overseer/ui/pages/verdict.js';

const verdict: VerdictRecord = {
  id: 12,
  service: 'users-service',
  version: '2.0.0',
  environment: 'production',
  deployable: false,
  askedBy: 'anonymous',
  askedAt: '2026-01-02T08:00:00.000Z',
  count: 1,
  lastAskedAt: '2026-01-02T08:00:00.000Z',
  reasons: [
    { code: 'field-missing', severity: 'warning', message: 'a warning', consumer: 'billing', provider: 'users-service' },
    {
      code: 'breaks-consumer',
      severity: 'error',
      message: 'users-service 2.0.0 would break checkout-web 1.0.0: GET /users/{id}: response property `email` was removed',
      consumer: 'checkout-web',
      consumerVersion: '1.0.0',
      provider: 'users-service',
      providerVersion: '2.0.0',
      changes: [
        {
          id: 'response-property-removed',
          level: 'warning',
          operation: 'GET /users/{id}',
          location: '/components/schemas/User/properties/email',
          side: 'base',
          line: 68,
          message: 'response property `email` was removed',
          target: { kind: 'response', field: 'email' },
        },
      ],
    },
  ],
};

describe('verdict page', () => {
  it('puts errors first, with links to both services and to the graph of the change', () => {
    const view = buildVerdictView(verdict);
    expect(view.reasons.map((r) => r.code)).toEqual(['breaks-consumer', 'field-missing']);
    expect(view.reasons[0].graphHref).toBe('/graph?environment=production&service=users-service&to=2.0.0');
    const page = renderVerdictPage(view);
    expect(page).toContain('The gate refused this deploy for 1 reason.');
    expect(page).toContain('<a href="/services/checkout-web">checkout-web</a> <code>1.0.0</code>');
    expect(page).toContain('response property `email` was removed');
    expect(page).toContain('<code class="location">/components/schemas/User/properties/email</code> <span class="muted">(base line 68)</span>');
    expect(page).toContain('<title>Verdict #12: users-service 2.0.0 to production, refused · Overseer</title>');
  });

  it('says when the gate let a version through', () => {
    const page = renderVerdictPage(buildVerdictView({ ...verdict, deployable: true, reasons: [] }));
    expect(page).toContain('The gate said this version could be deployed.');
    expect(page).toContain('No reason: nothing stands in the way.');
  });
});
