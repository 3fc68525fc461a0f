// Hostile contracts through `overseer diff`: each is answered with exit 2 and one `error:` line naming the file and the
// problem, never a stack trace, and with bounded work; in process for every case, through the built bin for a sample.
// Big, deep, binary and linked inputs are made in a temporary folder (diff-inputs.ts): none of them is committed.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { generateHostileInputs } from './diff-inputs.js';
import { diffInProcess, diffWithBin, expectRefused } from './diff-runs.js';

let tmp = '';

interface Case {
  name: string;
  /** Relative to the fixtures, or made by `generate` in the temporary folder (`tmp:` prefix). */
  file: string;
  flags?: string[];
  error: RegExp;
}

const resolveCaseFile = (c: Case) => (c.file.startsWith('tmp:') ? path.join(tmp, c.file.slice(4)) : c.file);
const EXTERNAL = ['--allow-external-refs'];
const REFUSED_REF = /\$ref to .* is refused/;

const CASES: Case[] = [
  { name: 'a YAML alias bomb of sequences (billion laughs)', file: 'alias-bomb-sequences.yaml', error: /alias bomb/ },
  { name: 'a YAML alias bomb of mappings', file: 'alias-bomb-mappings.yaml', error: /alias bomb/ },
  { name: 'a YAML alias bomb made with merge keys', file: 'alias-bomb-merge-keys.yaml', error: /alias bomb|nested deeper/ },
  { name: 'a YAML alias bomb inside a response schema', file: 'alias-bomb-in-schema.yaml', error: /alias bomb|nested deeper/ },
  { name: 'YAML aliases that nest 70 levels deep', file: 'alias-deep-chain.yaml', error: /nested deeper than 64 levels/ },
  { name: '100 levels of YAML block mappings', file: 'tmp:deep-block.yaml', error: /nested deeper/ },
  { name: '100 levels of YAML block sequences', file: 'tmp:deep-sequences.yaml', error: /nested deeper/ },
  { name: '100 levels of YAML flow mappings', file: 'tmp:deep-flow.yaml', error: /nested deeper/ },
  { name: '100,000 levels of YAML flow sequences on one line', file: 'tmp:deep-flow-huge.yaml', error: /nested deeper/ },
  { name: '100 levels of JSON', file: 'tmp:deep.json', error: /nested deeper than 64 levels/ },
  { name: '1,000,000 levels of JSON arrays', file: 'tmp:deep-huge.json', error: /nested deeper/ },
  { name: 'a 20 MB document', file: 'tmp:large.yaml', error: /20\.\d MB, over the limit of 16\.0 MB \(--max-size raises it\)/ },
  { name: 'a document over a lowered --max-size', file: 'ok.yaml', flags: ['--max-size', '0.0001'], error: /472 bytes, over the limit of 105 bytes/ },
  { name: 'a $ref to http (cloud metadata)', file: 'ref-http.yaml', error: REFUSED_REF },
  { name: 'a $ref to https', file: 'ref-https.yaml', error: REFUSED_REF },
  { name: 'a $ref to a file: URL', file: 'ref-file-url.yaml', error: REFUSED_REF },
  { name: 'a $ref to /etc/passwd', file: 'ref-etc-passwd.yaml', error: REFUSED_REF },
  { name: 'a $ref to ../../outside.yaml', file: 'nested/deeper/ref-outside.yaml', error: REFUSED_REF },
  { name: 'a $ref to a percent-encoded ../', file: 'ref-percent-encoded.yaml', error: REFUSED_REF },
  { name: 'a protocol-relative $ref', file: 'ref-protocol-relative.yaml', error: REFUSED_REF },
  ...[
    'ref-http.yaml',
    'ref-https.yaml',
    'ref-file-url.yaml',
    'ref-etc-passwd.yaml',
    'nested/deeper/ref-outside.yaml',
    'ref-percent-encoded.yaml',
    'ref-protocol-relative.yaml',
  ].map(
    (file): Case => ({
      name: `${file} with --allow-external-refs`,
      file,
      flags: EXTERNAL,
      error: /\$ref to .* is refused: only files in the document's folder/,
    }),
  ),
  {
    name: 'a $ref through a link to /etc/passwd, with --allow-external-refs',
    file: 'tmp:linked/contract.yaml',
    flags: EXTERNAL,
    error: /refused: it leads outside the document's folder/,
  },
  {
    name: 'a $ref through a link to /dev/zero, with --allow-external-refs',
    file: 'tmp:linked/zero.yaml',
    flags: EXTERNAL,
    error: /refused: it leads outside the document's folder/,
  },
  {
    name: 'an alias bomb in a referenced file, with --allow-external-refs',
    file: 'external/ext-bomb.yaml',
    flags: EXTERNAL,
    error: /bomb-part\.yaml: .*alias bomb/,
  },
  { name: 'a cycle across referenced files, with --allow-external-refs', file: 'external/ext-cycle.yaml', flags: EXTERNAL, error: /cycle/ },
  {
    name: 'a URL in a referenced file, with --allow-external-refs',
    file: 'external/ext-url.yaml',
    flags: EXTERNAL,
    error: /url-part\.yaml: \$ref to "https:.*never URLs/,
  },
  {
    name: 'a referenced file reaching outside the folder, with --allow-external-refs',
    file: 'external/ext-escape.yaml',
    flags: EXTERNAL,
    error: /outside\.yaml" is refused/,
  },
  { name: 'a $ref to itself', file: 'ref-cycle-self.yaml', error: /cycle of references/ },
  { name: 'a cycle of three $refs', file: 'ref-cycle-three.yaml', error: /cycle of references/ },
  { name: 'path items that refer to each other', file: 'ref-cycle-path-items.yaml', error: /cycle of references/ },
  { name: 'parameters that refer to each other', file: 'ref-cycle-parameters.yaml', error: /cycle of references/ },
  { name: 'invalid UTF-8 (a lone continuation byte)', file: 'tmp:invalid-utf8.yaml', error: /:4: the file is not valid UTF-8/ },
  { name: 'invalid UTF-8 (an overlong encoding of "/")', file: 'tmp:overlong.yaml', error: /not valid UTF-8/ },
  { name: 'invalid UTF-8 (an encoded surrogate)', file: 'tmp:surrogate.json', error: /not valid UTF-8/ },
  { name: 'invalid UTF-8 (a sequence cut short at the end)', file: 'tmp:truncated.yaml', error: /not valid UTF-8/ },
  { name: 'UTF-16 with its byte order mark', file: 'tmp:utf16.yaml', error: /UTF-16, not UTF-8/ },
  { name: 'binary garbage', file: 'tmp:garbage.bin', error: /not valid UTF-8/ },
  { name: 'a NUL byte in YAML', file: 'tmp:nul.yaml', error: /not valid YAML/ },
  { name: 'duplicate keys in YAML', file: 'duplicate-keys.yaml', error: /:7: not valid YAML: duplicated mapping key/ },
  { name: 'duplicate keys in a YAML flow mapping', file: 'duplicate-keys-flow.yaml', error: /duplicated mapping key/ },
  { name: 'duplicate keys in JSON, at the top', file: 'duplicate-keys.json', error: /:7: not valid JSON for a contract: key "paths" is written twice/ },
  { name: 'duplicate keys in JSON, nested', file: 'duplicate-keys-nested.json', error: /:8: .*key "responses" is written twice/ },
  { name: 'duplicate keys in JSON, one spelled with an escape', file: 'duplicate-keys-escaped.json', error: /key "x-a" is written twice/ },
  { name: 'an empty file', file: 'empty.yaml', error: /the file is empty/ },
  { name: 'a file of blanks', file: 'blank.yaml', error: /the file is empty/ },
  { name: 'a YAML list', file: 'list.yaml', error: /the top level must be a mapping/ },
  { name: 'a JSON string', file: 'scalar.json', error: /the top level must be a mapping/ },
  { name: 'JSON null', file: 'null.json', error: /the top level must be a mapping/ },
  { name: 'openapi: 4.0.0', file: 'openapi-4.yaml', error: /unsupported OpenAPI version "4\.0\.0"/ },
  { name: 'openapi: 3.0 unquoted (a number)', file: 'openapi-number.yaml', error: /must be a string such as "3\.0\.3"/ },
  { name: "swagger: '1.2'", file: 'swagger-1.yaml', error: /unsupported Swagger version "1\.2"/ },
  { name: 'a !!js/function tag', file: 'js-function-tag.yaml', error: /unknown tag/ },
  { name: 'two YAML documents in one file', file: 'multi-document.yaml', error: /single document/ },
  { name: 'broken YAML', file: 'not-yaml.yaml', error: /not valid YAML/ },
  { name: 'broken JSON', file: 'not-json.json', error: /not valid JSON/ },
  { name: 'a directory', file: 'external', error: /external: is a folder, not a file/ },
  { name: 'a missing file', file: 'no-such-file.yaml', error: /no-such-file\.yaml: no such file/ },
];

if (existsSync('/dev/zero')) CASES.push({ name: '/dev/zero (endless, no size)', file: '/dev/zero', error: /over the limit of 16\.0 MB/ });

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'overseer-hostile-'));
  await generateHostileInputs(tmp);
}, 60_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('overseer diff, in process, refuses a hostile revision with exit 2 and one error line', () => {
  it.each(CASES)('$name', async (c) => {
    expectRefused(await diffInProcess(['ok.yaml', resolveCaseFile(c), ...(c.flags ?? [])]), c.error);
  });

  it('refuses a hostile base the same way', async () => {
    expectRefused(await diffInProcess(['alias-bomb-sequences.yaml', 'ok.yaml']), /alias bomb/);
  });
});

describe('overseer diff, through the built bin', () => {
  // A sample: starting node costs a second or two a case on a busy machine.
  const sample = ['a YAML alias bomb of mappings', 'a 20 MB document', 'a $ref to /etc/passwd', 'binary garbage', 'duplicate keys in JSON, nested'];
  it.each(sample)('%s', async (name) => {
    const c = CASES.find((x) => x.name === name)!;
    expectRefused(await diffWithBin(['ok.yaml', resolveCaseFile(c), ...(c.flags ?? [])]), c.error);
  });
});
