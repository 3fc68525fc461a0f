// The heaviest contract a byte buys, for the benches and tests of the worker pool's bounds: one YAML flow mapping of
// `/pN: {get: ...}` entries, which takes a thread minutes and gigabytes at 15 MB (bench/hostile-contracts.ts).

export function flowContract(bytes: number): string {
  const head = 'openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {';
  const parts: string[] = [];
  let length = head.length;
  for (let i = 0; length < bytes; i++) {
    const entry = `/p${i}: {get: {responses: {200: {description: ok}}}}`;
    parts.push(entry);
    length += entry.length + 2;
  }
  return `${head}${parts.join(', ')}}\n`;
}
