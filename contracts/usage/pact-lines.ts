// Where each interaction of a Pact file starts: its line is what `declared at pacts/web-users.json:12` names, as a
// manifest entry's line is, so a refusal about a consumer known from its pacts points at the interaction to look at.

/**
 * The 1-based line of each element of the top-level `interactions` array, in order, read from the JSON text itself
 * (JSON.parse keeps no places). One pass, strings skipped; empty when the text has no such array.
 */
export function findInteractionLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  // The key just read at depth 1, and whether the array open at depth 2 is `interactions`, awaiting its next element.
  let key: string | undefined;
  let inside = false;
  let awaiting = false;
  // An element starts at the first character after `[` or a `,` of the array that is no white space.
  const start = () => {
    if (!inside || !awaiting || depth !== 2) return;
    lines.push(line);
    awaiting = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    else if (c === '"') {
      const end = skipString(text, i);
      if (depth === 1) key = text.slice(i + 1, end);
      start();
      i = end;
    } else if (c === '{' || c === '[') {
      start();
      depth++;
      if (depth === 2 && c === '[' && key === 'interactions') inside = awaiting = true;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 1) inside = false;
    } else if (c === ',' && inside && depth === 2) awaiting = true;
    else if (c !== ' ' && c !== '\t' && c !== '\r') start();
  }
  return lines;
}

/** The index of the quote closing the string opened at `start`. */
function skipString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length;
}
