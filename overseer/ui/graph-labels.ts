// Where each edge's label goes: the first spot along its own curve whose box touches neither a label already placed
// nor another edge. Curves that cross in one gap leave few such spots; an edge with none is drawn without a label
// (the edge table and the service pages give its count). Pure, on polylines sampled from the curves.

export type Point = [number, number];

export interface LabelRequest {
  /** The edge's curve as a polyline. */
  line: Point[];
  /** Candidate label spots (text centre, baseline), best first. */
  spots: Point[];
  text: string;
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

// 12 px text with its 4 px white halo: about 7 px a character, 11 px above the baseline and 3 below.
function boxOf([x, y]: Point, text: string): Box {
  const half = (text.length * 7) / 2 + 2;
  return { x0: x - half, y0: y - 12, x1: x + half, y1: y + 4 };
}

export function placeLabels(requests: readonly LabelRequest[]): (Point | undefined)[] {
  // Labels placed so far and every curve's segments, filed by grid cell: a spot is tested only against what lies in
  // the cells its box covers, so the cost grows with the edges near a spot, not with all edges squared.
  const labels = new Grid<Box>();
  const segments = new Grid<Segment>();
  requests.forEach((r, owner) => {
    for (let k = 1; k < r.line.length; k++) {
      const [a, b] = [r.line[k - 1], r.line[k]];
      segments.add({ owner, a, b }, { x0: Math.min(a[0], b[0]), y0: Math.min(a[1], b[1]), x1: Math.max(a[0], b[0]), y1: Math.max(a[1], b[1]) });
    }
  });
  return requests.map((request, i) => {
    for (const spot of request.spots) {
      const box = boxOf(spot, request.text);
      if (labels.some(box, (p) => overlaps(p, box))) continue;
      if (segments.some(grow(grow(box)), (s) => s.owner !== i && segmentTouches(s.a, s.b, box))) continue;
      labels.add(box, box);
      return spot;
    }
    return undefined;
  });
}

interface Segment {
  owner: number;
  a: Point;
  b: Point;
}

const CELL = 64;

/** Items by the square cells their bounds cover. */
class Grid<T> {
  private readonly cells = new Map<number, T[]>();

  add(item: T, bounds: Box): void {
    this.visit(bounds, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(item);
      else this.cells.set(key, [item]);
      return false;
    });
  }

  /** Whether an item filed in a cell that `bounds` covers passes `test`. */
  some(bounds: Box, test: (item: T) => boolean): boolean {
    return this.visit(bounds, (key) => this.cells.get(key)?.some(test) ?? false);
  }

  private visit(bounds: Box, onCell: (key: number) => boolean): boolean {
    const [cx0, cx1] = [Math.floor(bounds.x0 / CELL), Math.floor(bounds.x1 / CELL)];
    const [cy0, cy1] = [Math.floor(bounds.y0 / CELL), Math.floor(bounds.y1 / CELL)];
    for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) if (onCell(cx * 1_000_003 + cy)) return true;
    return false;
  }
}

const PAD = 1.5;

function grow(box: Box): Box {
  return { x0: box.x0 - PAD, y0: box.y0 - PAD, x1: box.x1 + PAD, y1: box.y1 + PAD };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

// Liang–Barsky clipping: whether the segment enters the box (grown by the stroke's width). Written without arrays:
// it runs millions of times for a large neighbourhood.
function segmentTouches([ax, ay]: Point, [bx, by]: Point, box: Box): boolean {
  const x0 = box.x0 - PAD;
  const y0 = box.y0 - PAD;
  const x1 = box.x1 + PAD;
  const y1 = box.y1 + PAD;
  // Both ends on one outer side: no crossing, and most segments end here.
  if ((ax < x0 && bx < x0) || (ax > x1 && bx > x1) || (ay < y0 && by < y0) || (ay > y1 && by > y1)) return false;
  const dx = bx - ax;
  const dy = by - ay;
  const range = { t0: 0, t1: 1 };
  return clip(-dx, ax - x0, range) && clip(dx, x1 - ax, range) && clip(-dy, ay - y0, range) && clip(dy, y1 - ay, range);
}

function clip(p: number, q: number, range: { t0: number; t1: number }): boolean {
  if (p === 0) return q >= 0;
  const r = q / p;
  if (p < 0) range.t0 = Math.max(range.t0, r);
  else range.t1 = Math.min(range.t1, r);
  return range.t0 <= range.t1;
}

/** Points along a cubic Bézier, `steps` segments. */
export function sampleCubic(p0: Point, p1: Point, p2: Point, p3: Point, steps = 24): Point[] {
  const out: Point[] = [];
  for (let s = 0; s <= steps; s++) out.push(pointOnCubic(p0, p1, p2, p3, s / steps));
  return out;
}

export function pointOnCubic(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const f = (i: 0 | 1) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [f(0), f(1)];
}
