// Where each edge's label goes: the first spot along its own curve whose box touches no service's box, no label
// already placed and no other edge. Curves that cross in one gap leave few such spots; an edge with none is drawn without a label
// (the edge table and the service pages give its count). Pure, on polylines sampled from the curves.

export type Point = [number, number];

interface LabelRequest {
  /** The edge's curve as a polyline, its points' coordinates in one flat list: x0, y0, x1, y1, ... */
  line: readonly number[];
  /** Candidate label spots (text centre, baseline), best first; made one at a time, as most labels take the first. */
  spots: Iterable<Point>;
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

/** Each request's label spot; `blocked` are the services' boxes, which a label on their border would seem part of. */
export function placeLabels(requests: readonly LabelRequest[], blocked: readonly Box[]): (Point | undefined)[] {
  // Labels placed so far and every curve's segments, filed by grid cell: a spot is tested only against what lies in
  // the cells its box covers, so the cost grows with the edges near a spot, not with all edges squared.
  const labels = new Grid<Box>();
  for (const box of blocked) labels.add(box, box);
  const segments = new SegmentIndex(requests);
  return requests.map((request, i) => {
    for (const spot of request.spots) {
      const box = boxOf(spot, request.text);
      if (labels.some(box, (p) => overlaps(p, box))) continue;
      if (segments.touchesOther(box, i)) continue;
      labels.add(box, box);
      return spot;
    }
    return undefined;
  });
}

const CELL = 64;

function visitCells(bounds: Box, onCell: (key: number) => boolean): boolean {
  const [cx0, cx1] = [Math.floor(bounds.x0 / CELL), Math.floor(bounds.x1 / CELL)];
  const [cy0, cy1] = [Math.floor(bounds.y0 / CELL), Math.floor(bounds.y1 / CELL)];
  for (let cx = cx0; cx <= cx1; cx++) for (let cy = cy0; cy <= cy1; cy++) if (onCell(cx * 1_000_003 + cy)) return true;
  return false;
}

/** Items by the square cells their bounds cover. */
class Grid<T> {
  private readonly cells = new Map<number, T[]>();

  add(item: T, bounds: Box): void {
    visitCells(bounds, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(item);
      else this.cells.set(key, [item]);
      return false;
    });
  }

  /** Whether an item filed in a cell that `bounds` covers passes `test`. */
  some(bounds: Box, test: (item: T) => boolean): boolean {
    return visitCells(bounds, (key) => this.cells.get(key)?.some(test) ?? false);
  }
}

// Segments filed together: a cell entry per run of this many segments of one curve, not one per segment.
const RUN = 6;

/**
 * Every curve's segments, filed by cell in runs of RUN (a large neighbourhood has tens of thousands of segments, and
 * filing each cost more than all the tests), each run tested segment by segment, once per spot however many cells
 * it lies in.
 */
class SegmentIndex {
  private readonly lines: (readonly number[])[] = [];
  /** Per run: its curve and its first and last point. */
  private readonly runs: number[] = [];
  private readonly cells = new Map<number, number[]>();
  private readonly tested: Int32Array;
  private query = 0;

  constructor(requests: readonly LabelRequest[]) {
    requests.forEach((r, owner) => {
      this.lines.push(r.line);
      const points = r.line.length / 2;
      for (let first = 0; first + 1 < points; first += RUN) this.add(owner, first, Math.min(first + RUN, points - 1));
    });
    this.tested = new Int32Array(this.runs.length / 3);
  }

  private add(owner: number, first: number, last: number): void {
    const id = this.runs.length / 3;
    this.runs.push(owner, first, last);
    const line = this.lines[owner];
    const bounds = { x0: line[first * 2], y0: line[first * 2 + 1], x1: line[first * 2], y1: line[first * 2 + 1] };
    for (let k = first + 1; k <= last; k++) {
      const [x, y] = [line[k * 2], line[k * 2 + 1]];
      if (x < bounds.x0) bounds.x0 = x;
      if (x > bounds.x1) bounds.x1 = x;
      if (y < bounds.y0) bounds.y0 = y;
      if (y > bounds.y1) bounds.y1 = y;
    }
    visitCells(bounds, (key) => {
      const list = this.cells.get(key);
      if (list) list.push(id);
      else this.cells.set(key, [id]);
      return false;
    });
  }

  /** Whether a segment of another curve than `owner`'s enters `box` (grown by the stroke's width). */
  touchesOther(box: Box, owner: number): boolean {
    const query = ++this.query;
    const { runs, lines, tested } = this;
    return visitCells(grow(grow(box)), (key) => {
      const list = this.cells.get(key);
      if (!list) return false;
      for (const id of list) {
        if (tested[id] === query || runs[id * 3] === owner) continue;
        tested[id] = query;
        const line = lines[runs[id * 3]];
        for (let k = runs[id * 3 + 1]; k < runs[id * 3 + 2]; k++) {
          if (segmentTouches(line[k * 2], line[k * 2 + 1], line[k * 2 + 2], line[k * 2 + 3], box)) return true;
        }
      }
      return false;
    });
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
function segmentTouches(ax: number, ay: number, bx: number, by: number, box: Box): boolean {
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

/** Points along a cubic Bézier, `steps` segments, appended to `out` as x, y numbers. */
export function sampleCubic(p0: Point, p1: Point, p2: Point, p3: Point, out: number[] = [], steps = 24): number[] {
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const u = 1 - t;
    out.push(u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0]);
    out.push(u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1]);
  }
  return out;
}

export function pointOnCubic(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const u = 1 - t;
  const f = (i: 0 | 1) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [f(0), f(1)];
}
