// The text js-yaml reads between two nodes holds no content, only indicators (`-`, `?`, `:`, `,`, brackets),
// comments, properties and document markers. Which indicators stand there tells a key from its value and counts
// sequence items, which js-yaml's node events do not say.

/** `readGap` answers with these bits, plus SEPARATOR times the number of `-` and `,` separators. */
export const COLON = 1;
export const QUESTION = 2;
/** A `,`, `}` or `]`: the flow entry before it ended. */
export const CLOSES = 4;
/** A block sequence's `-`. */
export const DASH = 8;
const SEPARATOR = 16;

export const separators = (gap: number): number => Math.floor(gap / SEPARATOR);

const LF = 0x0a;
const CR = 0x0d;

// js-yaml ends its copy of the text with a NUL: past the end reads as blank.
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === LF || c === CR || c === 0 || Number.isNaN(c);
const isBreak = (c: number): boolean => c === LF || c === CR;
const isFlowIndicator = (c: number): boolean => c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
const endsProperty = (c: number): boolean => isBlank(c) || isFlowIndicator(c);

/** The indicators between `from` and `to`, as bits and a count (numbers, not objects: a manifest has thousands). */
export function readGap(input: string, from: number, to: number): number {
  let gap = 0;
  for (let i = from; i < to; i++) {
    const c = input.charCodeAt(i);
    if (isBlank(c)) continue;
    if (c === 0x23) i = skipUntil(input, i, to, isBreak);
    else if (c === 0x26 || c === 0x21) i = skipProperty(input, i, to);
    else if (c === 0x3a) gap |= COLON;
    else if (c === 0x3f && isBlank(input.charCodeAt(i + 1))) gap |= QUESTION;
    else if (c === 0x2d && isBlank(input.charCodeAt(i + 1))) gap = (gap | DASH) + SEPARATOR;
    else if (c === 0x2c) gap = (gap | CLOSES) + SEPARATOR;
    else if (c === 0x7d || c === 0x5d) gap |= CLOSES;
  }
  return gap;
}

/** The line of each block sequence `-` between `from` (on line `line`) and `to`: items with no node of their own. */
export function dashLines(input: string, from: number, to: number, line: number): number[] {
  const lines: number[] = [];
  walkLines(input, from, to, line, (i, at) => {
    if (input.charCodeAt(i) === 0x2d && isBlank(input.charCodeAt(i + 1))) lines.push(at);
  });
  return lines;
}

/** The line of the `---` that starts a document, if one stands between `from` (on line `line`) and `to`. */
export function markerLine(input: string, from: number, to: number, line: number): number | undefined {
  let marker: number | undefined;
  walkLines(input, from, to, line, (i, at) => {
    const lineStart = i === 0 || isBreak(input.charCodeAt(i - 1));
    if (lineStart && input.startsWith('---', i) && isBlank(input.charCodeAt(i + 3))) marker ??= at;
  });
  return marker;
}

/** The name of the alias written between `start` and `end`, or undefined if the node there is not an alias. */
export function aliasName(input: string, start: number, end: number): string | undefined {
  let i = start;
  for (; i < end; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x23) i = skipUntil(input, i, end, isBreak);
    else if (!isBlank(c)) break;
  }
  if (i >= end || input.charCodeAt(i) !== 0x2a) return undefined;
  return input.slice(i + 1, skipUntil(input, i, end, endsProperty) + 1);
}

/** Calls `visit` with each character outside comments and properties, and its line. */
function walkLines(input: string, from: number, to: number, line: number, visit: (i: number, line: number) => void): void {
  let at = line;
  for (let i = from; i < to; i++) {
    const c = input.charCodeAt(i);
    if (c === LF || (c === CR && input.charCodeAt(i + 1) !== LF)) at++;
    else if (c === 0x23) i = skipUntil(input, i, to, isBreak);
    else if (c === 0x26 || c === 0x21) i = skipProperty(input, i, to);
    else visit(i, at);
  }
}

/** An anchor (`&name`) or a tag (`!name`, `!<verbatim>`) starting at `i`: the index of its last character. */
function skipProperty(input: string, i: number, to: number): number {
  if (input.charCodeAt(i) === 0x21 && input.charCodeAt(i + 1) === 0x3c) return skipUntil(input, i, to, (c) => c === 0x3e) + 1;
  return skipUntil(input, i, to, input.charCodeAt(i) === 0x21 ? isBlank : endsProperty);
}

/** The index of the last character before the first one after `i` (and before `to`) that `stop` accepts. */
function skipUntil(input: string, i: number, to: number, stop: (c: number) => boolean): number {
  let j = i + 1;
  while (j < to && !stop(input.charCodeAt(j))) j++;
  return j - 1;
}
