// Writes the hostile inputs of round 18 into a folder, to measure by hand against `overseer diff` or a real
// `overseer serve` (never in tests): `npm run build && node dist/bench/hostile-contracts.js /tmp/hostile`, then the commands it prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/tmp/overseer-hostile';
mkdirSync(dir, { recursive: true });
const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
const response = (schema: unknown) => ({ 200: { description: 'ok', content: { 'application/json': { schema } } } });
const documentOf = (paths: unknown, schemas: unknown = {}) =>
  JSON.stringify({ openapi: '3.0.3', info: { title: 'users', version: '1' }, paths, components: { schemas } });

/** A cycle of `length` schemas: two cycles of prime lengths nest as deep as their product when compared. */
function cycle(length: number, leaf: string): string {
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < length; i++) {
    schemas[`S${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/S${(i + 1) % length}` }, [`z${i % 7}`]: { type: leaf } } };
  }
  return documentOf({ '/x': { get: { responses: response({ $ref: '#/components/schemas/S0' }) } } }, schemas);
}

/** YAML flow style up to `bytes`: the most operations a byte buys. */
function flow(bytes: number, description: string): string {
  const parts: string[] = [];
  let length = 60;
  for (let i = 0; length < bytes; i++) {
    const entry = `/p${i}: {get: {responses: {200: {description: ${description}}}}}`;
    parts.push(entry);
    length += entry.length + 2;
  }
  return `openapi: 3.0.3\ninfo: {title: users, version: "1"}\npaths: {${parts.join(', ')}}\n`;
}

/** 2,000 operations of 50 properties each, every type changed between the two: 100,000 changes. */
function manyChanges(leaf: string): string {
  const paths: Record<string, unknown> = {};
  for (let i = 0; i < 2000; i++) {
    const properties = Object.fromEntries(Array.from({ length: 50 }, (_, j) => [`f${j}`, { type: leaf }]));
    paths[`/p${i}`] = { get: { responses: response({ type: 'object', properties }) } };
  }
  return documentOf(paths);
}

write('cycle-97.json', cycle(97, 'string'));
write('cycle-89.json', cycle(89, 'integer'));
write('flow-a.yaml', flow(16 * 1024 * 1024 - 200, 'a'));
write('flow-b.yaml', flow(16 * 1024 * 1024 - 200, 'b'));
write('many-a.json', manyChanges('string'));
write('many-b.json', manyChanges('integer'));
const uses = Array.from(
  { length: 2000 },
  (_, op) => `    - operation: GET /p${op}\n      response: [${Array.from({ length: 25 }, (_, i) => `f${i}`).join(', ')}]`,
);
mkdirSync(join(dir, 'consumer'), { recursive: true });
write('consumer/overseer.yaml', `service: evil\nowners: [a]\nconsumes:\n  users:\n${uses.join('\n')}\n`);

console.log(`cd ${dir}
overseer diff cycle-97.json cycle-89.json                                  # exit 2: nest deeper than 256 levels
/usr/bin/time -f '%U s CPU %M KB' overseer diff flow-a.yaml flow-b.yaml   # the slowest 16 MB found: ~60 s, 2.6 GB
/usr/bin/time -f '%U s CPU' overseer diff many-a.json many-b.json --service users --consumers consumer/overseer.yaml`);
