import { describe, expect, it } from 'vitest';
import type { ConsumerUse } from '../../../overseer/store/store.js';
import { buildGraphView, type GraphData, renderGraphPage } from '../../../overseer/ui/pages/graph.js';

const use = (consumer: string, provider: string): ConsumerUse => ({
  consumer,
  version: '1.0.0',
  declaration: { consumer, provider, uses: [{ operation: 'GET /x' }] },
});

const DATA: GraphData = {
  environments: ['production', 'staging'],
  serviceNames: ['api', 'web', 'worker'],
  services: ['api', 'web', 'worker'],
  uses: [use('web', 'api'), use('worker', 'api')],
  environment: 'production',
  focus: 'api',
  from: '1.0.0',
  to: '2.0.0',
  change: { service: 'api', from: '1.0.0', to: '2.0.0', broken: ['web'], summary: { breaking: 1, warning: 0, info: 0, blocking: 1 } },
};

describe('graph page', () => {
  it('keeps the filters in the form, so the URL of what is shown can be pasted', () => {
    const page = renderGraphPage(buildGraphView(DATA));
    expect(page).toContain('<option value="production" selected>production</option>');
    expect(page).toContain('<input type="search" name="service" value="api"');
    expect(page).toContain('<option value="1" selected>1</option>');
    expect(page).toContain('<input name="from" value="1.0.0"');
    expect(page).toContain('<title id="graph-title">Dependency graph, deployed in production: 3 services, 2 uses</title>');
  });

  it('names the consumers the change breaks and links to the diff', () => {
    const page = renderGraphPage(buildGraphView(DATA));
    expect(page).toContain('breaks 1 consumer, highlighted in red: <a href="/services/web">web</a>');
    expect(page).toContain('<a href="/services/api?from=1.0.0&amp;to=2.0.0#diff">the change</a>');
    expect(page).toMatch(/<tr class="broken"><td><a href="\/services\/web">web<\/a><\/td>/);
  });

  it('says when a change breaks nobody, and shows problems', () => {
    const safe = renderGraphPage(buildGraphView({ ...DATA, change: { ...DATA.change!, broken: [] }, problem: 'Nothing was ever deployed to mars.' }));
    expect(safe).toContain('breaks no consumer in production');
    expect(safe).toContain('<p class="notice bad" role="alert">Nothing was ever deployed to mars.</p>');
  });

  it('leaves the table of a very large graph to the service pages', () => {
    const names = Array.from({ length: 320 }, (_, i) => `s${i}`);
    const page = renderGraphPage(buildGraphView({ environments: [], serviceNames: names, services: names, uses: names.slice(1).map((n) => use(n, 's0')) }));
    expect(page).toContain('319 uses are drawn. Pick a service above');
    expect(page).not.toContain('<details');
  });
});
