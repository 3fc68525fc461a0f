// `overseer diff` reads a large YAML revision on a second thread: what comes back is what the main thread would have
// read, and anything that thread cannot do (a small file, no idle core, a broken file) is left to the main thread.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readYamlOnSecondThread } from '../../cli/yaml-elsewhere.js';
import { ContractError, DEFAULT_MAX_BYTES, loadContract } from '../../contracts/index.js';
import { parseYamlJson } from '../../contracts/load/yaml-json.js';
import { loadYaml } from '../../contracts/load/yaml-narrow.js';
import { yamlSchema } from '../../contracts/load/yaml-schema.js';
import { readAlike } from '../helpers/yaml-compare.js';

let dir: string;
const idle = () => true;
const busy = () => false;

/** A valid contract of about `paths` x 1 KB, with a shared response (an alias) and curly quotes. */
function largeContract(paths: number, extra = ''): string {
  const lines = ['openapi: 3.0.3', 'info: {title: “Large”, version: "1"}', 'paths:'];
  for (let i = 0; i < paths; i++) {
    lines.push(`  /items${i}:`, '    get:', `      description: ${'the ’item’ and its parts, '.repeat(30)}`, '      responses:');
    lines.push(i === 0 ? "        '200': &ok {description: ok}" : "        '200': *ok");
  }
  return `${lines.join('\n')}\n${extra}`;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'overseer-yaml-thread-'));
  writeFileSync(path.join(dir, 'large.yaml'), largeContract(1400));
  writeFileSync(path.join(dir, 'large-broken.yaml'), largeContract(1400, 'components: [\n'));
  writeFileSync(path.join(dir, 'large.json'), JSON.stringify({ openapi: '3.0.3', pad: 'x'.repeat(1 << 20) }));
  writeFileSync(path.join(dir, 'small.yaml'), largeContract(3));
  mkdirSync(path.join(dir, 'folder.yaml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readYamlOnSecondThread', () => {
  it('reads a large YAML file on another thread: its very bytes, and the tree js-yaml reads, shared objects and all', async () => {
    const file = path.join(dir, 'large.yaml');
    expect(readFileSync(file).byteLength).toBeGreaterThan(1 << 20);
    const answer = await readYamlOnSecondThread(file, DEFAULT_MAX_BYTES, idle);
    expect(Buffer.from(answer!.bytes).equals(readFileSync(file))).toBe(true);
    expect(answer!.yaml!.links.length).toBeGreaterThan(0);
    const back = { data: parseYamlJson(answer!.yaml!) };
    const direct = { data: loadYaml(readFileSync(file, 'utf8'), file, yamlSchema()) };
    expect(readAlike(back, direct) && readAlike(direct, back)).toBe(true);
  });

  it('starts no thread for a small file, a JSON file, a folder, a missing file, a file over the limit, or without an idle core', () => {
    const large = path.join(dir, 'large.yaml');
    expect(readYamlOnSecondThread(path.join(dir, 'small.yaml'), DEFAULT_MAX_BYTES, idle)).toBeUndefined();
    expect(readYamlOnSecondThread(path.join(dir, 'large.json'), DEFAULT_MAX_BYTES, idle)).toBeUndefined();
    expect(readYamlOnSecondThread(path.join(dir, 'folder.yaml'), DEFAULT_MAX_BYTES, idle)).toBeUndefined();
    expect(readYamlOnSecondThread(path.join(dir, 'missing.yaml'), DEFAULT_MAX_BYTES, idle)).toBeUndefined();
    expect(readYamlOnSecondThread(large, 1 << 20, idle)).toBeUndefined();
    expect(readYamlOnSecondThread(large, DEFAULT_MAX_BYTES, busy)).toBeUndefined();
  });

  it('sends back the bytes of a file it cannot read as YAML, and no tree', async () => {
    const file = path.join(dir, 'large-broken.yaml');
    const answer = await readYamlOnSecondThread(file, DEFAULT_MAX_BYTES, idle);
    expect(Buffer.from(answer!.bytes).equals(readFileSync(file))).toBe(true);
    expect(answer!.yaml).toBeUndefined();
  });
});

describe('loadContract with the revision read on a second thread', () => {
  const answered: boolean[] = [];
  const onSecondThread = {
    readYamlElsewhere: (file: string, maxBytes: number) =>
      readYamlOnSecondThread(file, maxBytes, idle)?.then((answer) => {
        answered.push(answer !== undefined);
        return answer;
      }),
  };

  it('loads the contract, its warnings and its lines as the main thread does', async () => {
    const file = path.join(dir, 'large.yaml');
    const [here, there] = await Promise.all([loadContract(file), loadContract(file, onSecondThread)]);
    expect(readAlike({ data: there.doc }, { data: here.doc }) && readAlike({ data: here.doc }, { data: there.doc })).toBe(true);
    expect(there.warnings).toEqual(here.warnings);
    expect(there.locate('/paths/~1items900/get/responses/200')).toEqual(here.locate('/paths/~1items900/get/responses/200'));
    expect(answered.at(-1)).toBe(true);
  });

  it('says what is wrong with a broken file as the main thread does, at the same line', async () => {
    const file = path.join(dir, 'large-broken.yaml');
    const failure = (options = {}) =>
      loadContract(file, options).then(
        () => undefined,
        (e: unknown) => e as ContractError,
      );
    const [here, there] = await Promise.all([failure(), failure(onSecondThread)]);
    expect(there).toBeInstanceOf(ContractError);
    expect(there?.message).toBe(here?.message);
    expect(there?.message).toMatch(/not valid YAML/);
    expect([there?.code, there?.line]).toEqual([here?.code, here?.line]);
    expect(answered.at(-1)).toBe(true);
  });
});
