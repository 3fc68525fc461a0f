// `overseer diff --consumers DIR`: a folder of consumer manifests often holds other files too (a README, a copy of a
// contract). Named as a folder, only its manifests are read and the rest is named as skipped; named as files or a
// glob, every file is still read as a manifest, so that a broken one is never passed over.

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/cli-process.js';
import { runCliHere } from '../e2e/in-process.js';

let dir: string;
const diff = (...consumers: string[]) =>
  runCliHere(['diff', 'base.yaml', 'revision.yaml', '--service', 'users-service', '--consumers', ...consumers], { cwd: dir });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-consumers-folder-'));
  await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.yaml'), join(dir, 'base.yaml'));
  await copyFile(join(REPO_ROOT, 'examples/users-service/openapi.v2.yaml'), join(dir, 'revision.yaml'));
  await mkdir(join(dir, 'consumers/nested'), { recursive: true });
  await copyFile(join(REPO_ROOT, 'examples/checkout-web/overseer.yaml'), join(dir, 'consumers/checkout-web.yaml'));
  await writeFile(join(dir, 'consumers/nested/overseer.yaml'), 'service: audit-job\nowners: ["@acme/audit"]\nconsumes:\n  users-service:\n    - GET /users\n');
  await copyFile(join(REPO_ROOT, 'examples/checkout-web/openapi.yaml'), join(dir, 'consumers/openapi.yaml'));
  await writeFile(join(dir, 'consumers/README.md'), '# Who uses users-service\n');
  await writeFile(join(dir, 'consumers/contract.json'), JSON.stringify({ openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {} }));
  await mkdir(join(dir, 'empty'));
  await writeFile(join(dir, 'empty/NOTES.txt'), 'nothing here\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--consumers naming a folder', () => {
  it('reads the manifests in it and below, names what it skipped, and judges the change against them', async () => {
    const r = await diff('consumers');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      'note: consumers: read 2 manifests; skipped consumers/README.md (not YAML or JSON), consumers/contract.json and consumers/openapi.yaml (OpenAPI contracts, not manifests)\n',
    );
    expect(r.stdout).toContain('checkout-web');
    expect(r.stdout).toContain('audit-job');
  });

  it('reads a folder given with a trailing slash the same way', async () => {
    const r = await diff('consumers/');
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('note: consumers/: read 2 manifests; skipped ')).toBe(true);
  });

  it('fails (exit 2) when the folder holds no manifest at all, rather than judging against nobody', async () => {
    const r = await diff('empty');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'error ERR_MANIFEST_NOT_FOUND: no consumer manifest in the folder empty (skipped empty/NOTES.txt: not YAML or JSON)\nRun "overseer explain ERR_MANIFEST_NOT_FOUND" for what to do.\n',
    );
  });
});

describe('--consumers naming files', () => {
  it('still reads every file named, so that a file that is no manifest is an error, not passed over', async () => {
    const r = await diff('consumers/*');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('consumers/README.md:1: the manifest is empty');
  });
});
