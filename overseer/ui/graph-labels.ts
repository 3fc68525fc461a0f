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
  const placed: Box[] = [];
  // Each spot is tested against every other curve: a curve whose bounds miss the box is skipped without walking its
  // segments, which keeps a neighbourhood of a thousand edges in milliseconds rather than seconds.
  const bounds = requests.map((r) => boundsOf(r.line));
  return requests.map((request, i) => {
    for (const spot of request.spots) {
      const box = boxOf(spot, request.text);
      if (placed.some((p) => overlaps(p, box))) continue;
      if (requests.some((other, j) => j !== i && overlaps(bounds[j], grow(box)) && crosses(other.line, box))) continue;
      placed.push(box);
      return spot;
    }
    return undefined;
  });
}

const PAD = 1.5;

function grow(box: Box): Box {
  return { x0: box.x0 - PAD, y0: box.y0 - PAD, x1: box.x1 + PAD, y1: box.y1 + PAD };
}

function boundsOf(line: readonly Point[]): Box {
  const xs = line.map((p) => p[0]);
  const ys = line.map((p) => p[1]);
  // Closed bounds: a segment lying on the edge of a grown box still touches it.
  return { x0: Math.min(...xs) - 0.01, y0: Math.min(...ys) - 0.01, x1: Math.max(...xs) + 0.01, y1: Math.max(...ys) + 0.01 };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function crosses(line: readonly Point[], box: Box): boolean {
  for (let k = 1; k < line.length; k++) if (segmentTouches(line[k - 1], line[k], box)) return true;
  return false;
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
