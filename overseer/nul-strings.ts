// A NUL (\u0000) in a JSON body's text: PostgreSQL refuses it in every text column, so an owner, a Slack channel, a
// repository or a commit holding one was a 500 there (and stored as sent on SQLite). errors.ts and the worker's
// reader (work/read-json.ts) refuse such a body as the request's fault, naming where the NUL is.

// Documents the registry parses itself: their loaders name the line a control character is on.
const DOCUMENTS = new Set(['contract', 'manifest']);

/** Where the first string holding a NUL is, as `body/owners/0` (a key holding one counts), or undefined. */
export function findNulString(body: unknown): string | undefined {
  const stack: [unknown, string][] = [[body, 'body']];
  while (stack.length > 0) {
    const [node, at] = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\0')) return at;
    } else if (node !== null && typeof node === 'object') {
      for (const [key, item] of Object.entries(node)) {
        if (key.includes('\0')) return at;
        if (at === 'body' && DOCUMENTS.has(key)) continue;
        stack.push([item, `${at}/${key}`]);
      }
    }
  }
  return undefined;
}

export function describeNulString(at: string): string {
  return `invalid request: ${at} holds a NUL character (\\u0000), which no text the registry keeps may hold`;
}
