// Starts admitted requests of one kind at most one per turn of the event loop: each reads the store synchronously
// before it reaches the pool, and thirty of them admitted together held /healthz for a quarter of a second.

/** `pace(start)` runs `start` now when nothing else of its kind started this turn, else on a later turn, in order. */
export interface Pacer {
  pace(start: () => void): void;
}

export function createPacer(): Pacer {
  const waiting: (() => void)[] = [];
  // Whether a start happened since the last turn began; an immediate queued from an immediate runs on the next turn,
  // after the sockets have been read (a /healthz among them).
  let startedThisTurn = false;

  function nextTurn(): void {
    startedThisTurn = false;
    const start = waiting.shift();
    if (start) begin(start);
  }

  function begin(start: () => void): void {
    startedThisTurn = true;
    setImmediate(nextTurn);
    start();
  }

  return {
    pace(start) {
      if (startedThisTurn) waiting.push(start);
      else begin(start);
    },
  };
}
