// The dashboard's graph page: a neighbourhood of services, grouped, under a change.
import { describe, expect, it } from 'vitest';
import type { ConsumerUse } from '../../../overseer/store/store.js';
import { toGraphEdges } from '../../../overseer/ui/graph-model.js';
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
  edges: toGraphEdges([use('web', 'api'), use('worker', 'api')]),
  environment: 'production',
  focus: 'api',
  from: '1.0.0',
  to: '2.0.0',
  change: { service: 'api', from: '1.0.0', to: '2.0.0', broken: ['web'], waived: [], summary: { breaking: 1, warning: 0, info: 0, blocking: 1 } },
};

describe('graph page', () => {
  it('keeps the filters in the form, so the URL of what is shown can be pasted', () => {
    const page = renderGraphPage(buildGraphView(DATA));
    expect(page).toContain('<option value="production" selected>production</option>');
    expect(page).toContain('<input type="search" name="service" value="api"');
    expect(page).toContain('<option value="1" selected>1</option>');
    expect(page).toContain('<input name="from" value="1.0.0"');
    expect(page).toContain('<option value="service">every service (up to 500)</option>');
    const every = renderGraphPage(buildGraphView({ ...DATA, everyService: true }));
    expect(every).toContain('<option value="service" selected>every service (up to 500)</option>');
    expect(page).toContain('<title id="graph-title">Dependency graph, deployed in production: 3 services, 2 uses</title>');
    // The lead words the neighbourhood as the notice of a large one does ("within 2 uses of hub").
    expect(page).toContain('Showing what runs in <strong>production</strong>, within 1 use of <a href="/services/api">api</a>.');
  });

  it('names the consumers the change breaks and links to the diff', () => {
    const page = renderGraphPage(buildGraphView(DATA));
    expect(page).toContain('breaks 1 consumer, highlighted in red: <a href="/services/web">web</a>');
    expect(page).toContain('<a href="/services/api?from=1.0.0&amp;to=2.0.0#diff">the change</a>');
    expect(page).toMatch(/<tr class="broken"><td><a href="\/services\/web">web<\/a><\/td>/);
  });

  it('says a change whose every break its waivers accept breaks no consumer they do not accept, and names those', () => {
    const page = renderGraphPage(buildGraphView({ ...DATA, change: { ...DATA.change!, broken: [], waived: ['web'] } }));
    expect(page).toContain(
      'breaks no consumer in production that its waivers do not accept: see <a href="/services/api?from=1.0.0&amp;to=2.0.0#diff">the change</a>. Its waivers accept the break of <a href="/services/web">web</a>, not highlighted.</p>',
    );
    expect(page).not.toContain('<tr class="broken">');
  });

  it('says when a change breaks nobody, and shows problems', () => {
    const safe = renderGraphPage(buildGraphView({ ...DATA, change: { ...DATA.change!, broken: [] }, problem: 'Nothing was ever deployed to mars.' }));
    expect(safe).toContain('breaks no consumer in production');
    expect(safe).toContain('<p class="notice bad" role="alert">Nothing was ever deployed to mars.</p>');
  });

  it('says why a large registry is drawn by owner, and names the owner table by what its rows are', () => {
    const names = Array.from({ length: 301 }, (_, i) => `s${i}`);
    const ownerOf = new Map(names.map((n, i) => [n, i === 0 ? '@acme/core' : '@acme/web']));
    const page = renderGraphPage(
      buildGraphView({
        environments: [],
        serviceNames: names,
        services: names,
        edges: toGraphEdges(names.slice(1).map((n) => use(n, 's0'))),
        byOwner: true,
        ownerOf,
      }),
    );
    expect(page).toContain('<option value="">services (by owner over 300 services)</option><option value="owner" selected>owners</option>');
    expect(page).toContain('<p class="lead">301 services are more than 300 to draw one by one, so each box is an owner');
    expect(page).toContain('<summary>The same graph as a table (1 link between owners)</summary>');
    expect(page).toContain('<title id="graph-title">Dependency graph by owner, latest versions: 2 owners, 1 link</title>');
    const one = renderGraphPage(buildGraphView({ environments: [], serviceNames: ['a', 'b'], services: ['a', 'b'], edges: toGraphEdges([use('a', 'b')]) }));
    expect(one).toContain('<title id="graph-title">Dependency graph, latest versions: 2 services, 1 use</title>');
    expect(page).toContain('<th scope="col">Owner of the consumers</th><th scope="col">Owner of the providers</th><th scope="col">Uses</th>');
    // Asked for by owner on a small registry: nothing to explain.
    const asked = renderGraphPage(
      buildGraphView({
        ...DATA,
        focus: undefined,
        change: undefined,
        byOwner: true,
        ownerOf: new Map([
          ['api', '@a'],
          ['web', '@w'],
          ['worker', '@w'],
        ]),
      }),
    );
    expect(asked).toContain('<p class="lead">Each box is an owner');
  });

  it('leaves the table of a very large graph to the service pages', () => {
    const names = Array.from({ length: 320 }, (_, i) => `s${i}`);
    const page = renderGraphPage(
      buildGraphView({ environments: [], serviceNames: names, services: names, edges: toGraphEdges(names.slice(1).map((n) => use(n, 's0'))) }),
    );
    expect(page).toContain('319 uses are drawn. Pick a service above');
    expect(page).not.toContain('<details');
  });

  it('draws a neighbourhood too large to draw as its nearest services and a dashed box per owner, and says so', () => {
    // A hub used by 400 consumers, each also used by a client of its own: 801 services within two uses.
    const consumers = Array.from({ length: 400 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const clients = consumers.map((c) => `${c}-client`);
    const names = ['hub', ...consumers, ...clients];
    const uses = [...consumers.map((c) => use(c, 'hub')), ...consumers.map((c, i) => use(clients[i], c))];
    const ownerOf = new Map(names.map((n, i) => [n, `@acme/team-${i % 30}`]));
    const view = buildGraphView({ environments: [], serviceNames: names, services: names, edges: toGraphEdges(uses), focus: 'hub', hops: 2, ownerOf });
    const page = renderGraphPage(view);
    expect(page).toContain(
      '801 services are within 2 uses of <a href="/services/hub">hub</a>: too many to draw. The 120 nearest are drawn one by one; the other 681 are grouped by owner into 12 dashed boxes',
    );
    expect(view.model.nodes.filter((n) => !n.group)).toHaveLength(120);
    const boxes = view.model.nodes.filter((n) => n.group);
    expect(boxes).toHaveLength(12);
    expect(boxes.reduce((sum, n) => sum + n.group!.services, 0)).toBe(681);
    // The biggest owners get a box each, linked to their services; the smallest share the last.
    expect(page).toMatch(/<g class="node group" data-node="[^"]+" data-group="@acme\/team-\d+" data-services="\d+">\n<a href="\/\?q=%40acme%2Fteam-\d+">/);
    expect(page).toContain('data-group="other owners"');
    // Each box's uses are counted on one arrow per pair of boxes, not drawn one by one.
    expect(view.model.edges.length).toBeLessThan(400);
  });
});

describe('a grouped neighbourhood under a change', () => {
  it('keeps the red mark on the group holding a consumer the change breaks, and on its arrow to the provider', () => {
    const consumers = Array.from({ length: 200 }, (_, i) => `c-${String(i).padStart(3, '0')}`);
    const names = ['hub', ...consumers];
    const ownerOf = new Map(names.map((n, i) => [n, `@acme/team-${i % 3}`]));
    // The last consumer is past the 120 drawn one by one: it is grouped with its owner's others.
    const brokenOne = consumers.at(-1)!;
    const view = buildGraphView({
      environments: [],
      serviceNames: names,
      services: names,
      edges: toGraphEdges(consumers.map((c) => use(c, 'hub'))),
      focus: 'hub',
      hops: 1,
      ownerOf,
      change: { service: 'hub', from: '1.0.0', to: '2.0.0', broken: [brokenOne], waived: [], summary: { breaking: 1, warning: 0, info: 0, blocking: 1 } },
    });
    const box = view.model.nodes.find((n) => n.group && n.group.owner === ownerOf.get(brokenOne))!;
    expect(box.state).toBe('broken');
    expect(view.model.nodes.filter((n) => n.group && n.state === 'broken')).toHaveLength(1);
    expect(view.model.edges.find((e) => e.from === box.name && e.to === 'hub')?.broken).toBe(true);
    const page = renderGraphPage(view);
    expect(page).toContain(`<g class="node group broken" data-node="${box.name}" data-group="${box.group!.owner}"`);
    expect(page).toContain('some broken by the selected change');
  });
});
