// The dependency graph's model and layout, before any HTML is drawn.
import { describe, expect, it } from 'vitest';
import type { ConsumerUse } from '../../../overseer/store/store.js';
import { layoutGraph, NODE_WIDTH } from '../../../overseer/ui/graph-layout.js';
import { buildGraphModel, countOperations, toGraphEdges } from '../../../overseer/ui/graph-model.js';
import { renderGraphSvg } from '../../../overseer/ui/graph-svg.js';

const use = (consumer: string, provider: string, uses: ConsumerUse['declaration']['uses']): ConsumerUse => ({
  consumer,
  version: '1.0.0',
  declaration: { consumer, provider, uses },
});

const USES = [
  use('checkout-web', 'users-service', [{ operation: 'getUser', response: ['email'] }]),
  use('checkout-web', 'orders-service', [{ operation: 'createOrder' }, { operation: 'GET /orders/{id}' }, { operation: 'createOrder', params: ['x'] }]),
  use('orders-service', 'users-service', [{ operation: 'GET /users/{userId}' }]),
  use('billing-worker', 'orders-service', '*'),
];
const SERVICES = ['billing-worker', 'checkout-web', 'orders-service', 'users-service', 'lonely-service'];

describe('dependency graph model', () => {
  it('makes a node per connected service and an edge per use, labelled with the operations used', () => {
    const model = buildGraphModel({ services: SERVICES, edges: toGraphEdges(USES) });
    expect(model.nodes.map((n) => n.name)).toEqual(['billing-worker', 'checkout-web', 'orders-service', 'users-service']);
    expect(model.edges.map((e) => [e.from, e.to, e.label])).toEqual([
      ['billing-worker', 'orders-service', 'all'],
      ['checkout-web', 'orders-service', '2 ops'],
      ['checkout-web', 'users-service', '1 op'],
      ['orders-service', 'users-service', '1 op'],
    ]);
    expect(model.isolated).toEqual(['lonely-service']);
    expect(countOperations(USES[3])).toBe('all');
  });

  it('puts consumers left of the providers they use', () => {
    const model = buildGraphModel({ services: SERVICES, edges: toGraphEdges(USES) });
    const x = Object.fromEntries(model.nodes.map((n) => [n.name, n.x]));
    expect(x['checkout-web']).toBeLessThan(x['orders-service']);
    expect(x['orders-service']).toBeLessThan(x['users-service']);
    for (const e of model.edges) expect(e.path).toMatch(/^M\d+ \d+ C/);
  });

  it('keeps only what is in scope, and a focus service with its neighbours', () => {
    const inProduction = buildGraphModel({ services: ['checkout-web', 'users-service'], edges: toGraphEdges(USES) });
    expect(inProduction.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['checkout-web>users-service']);
    const around = buildGraphModel({ services: SERVICES, edges: toGraphEdges(USES), focus: 'users-service' });
    expect(around.nodes.map((n) => n.name)).toEqual(['checkout-web', 'orders-service', 'users-service']);
    expect(around.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['checkout-web>orders-service', 'checkout-web>users-service', 'orders-service>users-service']);
  });

  it('highlights the changed provider, the consumers it breaks and their edges to it', () => {
    const model = buildGraphModel({ services: SERVICES, edges: toGraphEdges(USES), change: { service: 'users-service', broken: ['checkout-web'] } });
    const state = Object.fromEntries(model.nodes.map((n) => [n.name, n.state]));
    expect(state).toEqual({ 'billing-worker': 'plain', 'checkout-web': 'broken', 'orders-service': 'plain', 'users-service': 'changed' });
    expect(model.edges.filter((e) => e.broken).map((e) => `${e.from}>${e.to}`)).toEqual(['checkout-web>users-service']);
  });

  it('renders nodes as links and edges with data attributes and labels', () => {
    const svg = renderGraphSvg(buildGraphModel({ services: SERVICES, edges: toGraphEdges(USES), versions: new Map([['users-service', '1.2.0']]) }), 'G').text;
    expect(svg).toContain('<g class="node plain" data-service="users-service">');
    expect(svg).toContain('<a href="/services/users-service"><title>users-service 1.2.0: used by 2, uses 0</title>');
    expect(svg).toMatch(/<g class="edge" data-from="billing-worker" data-to="orders-service" data-operations="all">[\s\S]*?>all<\/text><\/g>/);
  });
});

describe('graph layout', () => {
  it('survives cycles and self-uses', () => {
    const layout = layoutGraph(
      ['a', 'b', 'c'],
      [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: 'a' },
        { from: 'a', to: 'a' },
      ],
    );
    expect([...layout.nodes.keys()].sort()).toEqual(['a', 'b', 'c']);
  });

  it('lays out a chain of 2000 services without overflowing the stack, one column each', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `s${i}`);
    const layout = layoutGraph(
      names,
      names.slice(1).map((n, i) => ({ from: n, to: names[i] })),
    );
    expect(layout.nodes.get('s0')!.x).toBeGreaterThan(layout.nodes.get('s1')!.x);
    expect(layout.width).toBeGreaterThan(2000 * NODE_WIDTH);
  });

  it('never places two nodes on one spot', () => {
    const names = Array.from({ length: 60 }, (_, i) => `s${i}`);
    const edges = names.flatMap((n, i) =>
      i < 3
        ? []
        : [
            { from: n, to: names[i % 3] },
            { from: n, to: names[(i * 7) % i] },
          ],
    );
    const spots = [...layoutGraph(names, edges).nodes.values()].map((b) => `${b.x},${b.y}`);
    expect(new Set(spots).size).toBe(names.length);
  });
});
