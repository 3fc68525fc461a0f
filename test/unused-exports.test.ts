// The architecture test's export scanner on a small tree: it must name an unused type, interface and re-export, and
// spare what another file takes by name, by alias, through a barrel, or through a namespace import.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listUnusedExports } from './helpers/unused-exports.js';

const root = mkdtempSync(path.join(tmpdir(), 'unused-exports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return Object.keys(files).map((f) => path.join(...f.split('/')));
}

describe('listUnusedExports', () => {
  it('names types, interfaces and re-exports nobody imports, and spares those taken by name, alias or barrel', () => {
    const files = tree({
      'lib/shapes.ts': [
        '// shapes',
        'export type Taken = { a: number };',
        'export interface Lonely { b: string }',
        'export type Passed = number;',
        'export type Dropped = string;',
        'export function area(): Taken { return { a: 1 }; }',
      ].join('\n'),
      'lib/index.ts': "// barrel\nexport { area, type Passed as Renamed, type Dropped } from './shapes.js';\n",
      'app/use.ts':
        "// user\nimport type { Taken } from '../lib/shapes.js';\nimport { area, type Renamed } from '../lib/index.js';\nexport const x: Taken | Renamed = area();\n",
      'app/main.ts': "// entry\nimport * as use from './use.js';\nuse.x;\n",
    });
    expect(listUnusedExports(root, files).sort()).toEqual([`${path.join('lib', 'index.ts')}: Dropped`, `${path.join('lib', 'shapes.ts')}: Lonely`].sort());
  });
});
