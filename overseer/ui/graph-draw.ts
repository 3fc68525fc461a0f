// Where a graph's nodes, edges and labels go: the layout, each edge's route and its label's spot. The dearest part of a
// graph page (label placement above all), and a pure function of what is drawn, so a graph drawn again reuses it.

import { createHash } from 'node:crypto';
import { compareNames } from './compare-names.js';
import { type Point, placeLabels, pointOnCubic, sampleCubic } from './graph-labels.js';
import { findChannelY, type GraphLayout, layoutGraph, NODE_HEIGHT, NODE_WIDTH, type NodeBox } from './graph-layout.js';

interface EdgeGeometry {
  /** SVG path data from the consumer's right side to the provider's left side. */
  path: string;
  labelX?: number;
  labelY?: number;
}

interface Drawing {
  layout: GraphLayout;
  /** One per edge, in `sortEdges` order. */
  geometry: EdgeGeometry[];
}

// How far into the gap between columns an edge runs before it turns into a row channel.
const EDGE_TURN = 60;
// Drawings of the graphs asked for lately: a page seen again (the same nodes, edges and labels) skips the layout.
const drawings = new Map<string, Drawing>();
const MAX_DRAWINGS = 16;

/** The order edges are drawn and labelled in. */
export function sortEdges<T extends { from: string; to: string }>(edges: T[]): T[] {
  return edges.sort((a, b) => compareNames(a.from, b.from) || compareNames(a.to, b.to));
}

/** The layout of `names` and the route and label spot of each edge; `edges` end on `names` and keep their order. */
export function drawGraph(names: readonly string[], edges: ReadonlyArray<{ from: string; to: string; label: string }>): Drawing {
  const hash = createHash('sha256').update(names.join('\n')).update('\u0001');
  for (const e of edges) hash.update(`${e.from}\u0000${e.to}\u0000${e.label}\n`);
  const key = hash.digest('hex');
  const known = drawings.get(key);
  if (known) {
    // Most recently used last, so that the oldest is the one forgotten.
    drawings.delete(key);
    drawings.set(key, known);
    return known;
  }
  // Laid out in the order given (the layout's ties depend on it), routed and labelled in sorted order.
  const layout = layoutGraph(names, edges);
  const sorted = sortEdges([...edges]);
  const ends = sorted.map((e): [NodeBox, NodeBox] => [layout.nodes.get(e.from)!, layout.nodes.get(e.to)!]);
  const lanes = assignLanes(ends);
  const routes = ends.map(([from, to], i) => routeEdge(from, to, lanes[i]));
  const boxes = [...layout.nodes.values()].map((n) => ({ x0: n.x, y0: n.y, x1: n.x + NODE_WIDTH, y1: n.y + NODE_HEIGHT }));
  const spots = placeLabels(
    routes.map((r, i) => ({ line: r.line, spots: r.spots, text: sorted[i].label })),
    boxes,
  );
  const geometry = routes.map(
    (r, i): EdgeGeometry => ({ path: r.path, ...(spots[i] && { labelX: Math.round(spots[i][0]), labelY: Math.round(spots[i][1]) }) }),
  );
  const drawing = { layout, geometry };
  if (drawings.size >= MAX_DRAWINGS) drawings.delete(drawings.keys().next().value as string);
  drawings.set(key, drawing);
  return drawing;
}

interface Lane {
  channel: number;
  /** This edge's place among the edges that share its channel, and how many share it. */
  index: number;
  count: number;
}

function isNextColumn(from: NodeBox, to: NodeBox): boolean {
  return to.column === from.column + 1;
}

/** Edges that run along the same gap between rows get side-by-side lanes and their own label spots. */
function assignLanes(ends: [NodeBox, NodeBox][]): (Lane | undefined)[] {
  const channels = ends.map(([from, to]) => (isNextColumn(from, to) ? undefined : findChannelY((from.y + to.y) / 2 + NODE_HEIGHT / 2)));
  const counts = new Map<number, number>();
  return channels
    .map((channel) => {
      if (channel === undefined) return undefined;
      const index = counts.get(channel) ?? 0;
      counts.set(channel, index + 1);
      return { channel, index, count: 0 };
    })
    .map((lane) => lane && { ...lane, count: counts.get(lane.channel)! });
}

/**
 * From the consumer's right side into the provider's left side. Next-column edges are one curve; longer
 * (or backward) edges run along the gap between two rows, so they never pass under another node.
 */
// Label spots along a curve, from its middle outwards.
const SPOTS_T = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82, 0.1, 0.9];

function routeEdge(from: NodeBox, to: NodeBox, lane: Lane | undefined): { path: string; line: number[]; spots: Iterable<Point> } {
  const x0 = from.x + NODE_WIDTH;
  const y0 = from.y + NODE_HEIGHT / 2;
  const x3 = to.x - 8;
  const y3 = to.y + NODE_HEIGHT / 2;
  if (!lane) {
    const mid = (x0 + x3) / 2;
    const ends: [Point, Point, Point, Point] = [
      [x0, y0],
      [mid, y0],
      [mid, y3],
      [x3, y3],
    ];
    return { path: `M${x0} ${y0} C${mid} ${y0} ${mid} ${y3} ${x3} ${y3}`, line: sampleCubic(...ends), spots: curveSpots(ends) };
  }
  // Lanes 4 px apart stay inside the gap between rows for up to five edges; more share the outer lanes.
  const y = lane.channel + (Math.min(lane.index, 4) - Math.min(lane.count - 1, 4) / 2) * 4;
  const [a, b] = [x0 + EDGE_TURN, x3 - EDGE_TURN];
  const half = EDGE_TURN / 2;
  const path = `M${x0} ${y0} C${x0 + half} ${y0} ${x0 + half} ${y} ${a} ${y} L${b} ${y} C${x3 - half} ${y} ${x3 - half} ${y3} ${x3} ${y3}`;
  const line = sampleCubic([b, y], [x3 - half, y], [x3 - half, y3], [x3, y3], sampleCubic([x0, y0], [x0 + half, y0], [x0 + half, y], [a, y]));
  return { path, line, spots: laneSpots(a, b, y, (lane.index + 1) / (lane.count + 1)) };
}

/** Along a next-column curve: above it first, then below it (the baseline 15 px lower). */
function* curveSpots(ends: [Point, Point, Point, Point]): Generator<Point> {
  for (const dy of [-4, 15]) {
    for (const t of SPOTS_T) {
      const [x, y] = pointOnCubic(...ends, t);
      yield [x, y + dy];
    }
  }
}

/**
 * Along a lane's straight run, the lane's own share of it (`own`) first, then the rest: just below or above the lane,
 * further out when neighbouring lanes, 4 px apart, leave no room between them.
 */
function* laneSpots(a: number, b: number, y: number, own: number): Generator<Point> {
  for (const dy of [4, -6, 10, -12, 16, -18]) for (const t of [own, ...SPOTS_T]) yield [a + (b - a) * t, y + dy];
}
