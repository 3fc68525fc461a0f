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
  return requests.map((request, i) => {
    for (const spot of request.spots) {
      const box = boxOf(spot, request.text);
      if (placed.some((p) => overlaps(p, box))) continue;
      if (requests.some((other, j) => j !== i && crosses(other.line, box))) continue;
      placed.push(box);
      return spot;
    }
    return undefined;
  });
}

function overlaps(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function crosses(line: readonly Point[], box: Box): boolean {
  for (let k = 1; k < line.length; k++) if (segmentTouches(line[k - 1], line[k], box)) return true;
  return false;
}

// Liang–Barsky clipping: whether the segment enters the box (grown by the stroke's width).
function segmentTouches([ax, ay]: Point, [bx, by]: Point, box: Box): boolean {
  const pad = 1.5;
  const [x0, y0, x1, y1] = [box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad];
  const dx = bx - ax;
  const dy = by - ay;
  let t0 = 0;
  let t1 = 1;
  for (const [p, q] of [
    [-dx, ax - x0],
    [dx, x1 - ax],
    [-dy, ay - y0],
    [dy, y1 - ay],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) t0 = Math.max(t0, r);
    else t1 = Math.min(t1, r);
    if (t0 > t1) return false;
  }
  return true;
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
