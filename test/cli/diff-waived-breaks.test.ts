// `overseer diff --consumers --waivers` on the walkthrough's own files: a waived change that breaks checkout-web blocks
// nothing, and the report says who it breaks and why that is accepted, not "no consumer is broken" over it.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

const consumers = ['billing-worker', 'checkout-web', 'orders-service'].map((s) => `examples/${s}/overseer.yaml`);
const diff = (...extra: string[]) => diffTo('examples/users-service/openapi.v2.yaml', ...extra);
const diffTo = (revision: string, ...extra: string[]) =>
  runCliHere([
    'diff',
    'examples/users-service/openapi.yaml',
    revision,
    '--service',
    'users-service',
    '--consumers',
    ...consumers,
    '--waivers',
    'examples/users-service/waivers.yaml',
    ...extra,
  ]);

describe('overseer diff with a waiver accepting a break of checkout-web', () => {
  it('names the waived break and its consumer in text, and exits 0', async () => {
    const { code, stdout, stderr } = await diff();
    expect(code, stderr).toBe(0);
    expect(stdout).not.toContain('no consumer is broken');
    expect(stdout).toContain(
      [
        'What blocks, by consumer',
        '  Nothing: 1 change that breaks checkout-web is waived.',
        '  ~ waived for checkout-web: GET /users/{id}: response property `User.email` was removed (it was optional) (response-optional-property-removed), waived until 2099-12-31 24:00 UTC: checkout-web stops showing the e-mail address on its receipt (agreed with @acme/checkout)',
        '',
      ].join('\n'),
    );
  });

  it('says the same in markdown', async () => {
    const { code, stdout } = await diff('--format', 'markdown');
    expect(code).toBe(0);
    expect(stdout).toContain('**What blocks, by consumer:** nothing, 1 change that breaks checkout-web is waived.');
  });

  it('still says no consumer is broken where none is', async () => {
    const { code, stdout } = await runCliHere([
      'diff',
      'examples/users-service/openapi.yaml',
      'examples/users-service/openapi.v1.1.yaml',
      '--service',
      'users-service',
      '--consumers',
      ...consumers,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('What blocks, by consumer\n  Nothing: no consumer is broken.\n');
  });

  it('names checkout-web after "waived for", not after "breaks:", on the change line and in the version advice', async () => {
    // The same revision called 1.1.0: the removal still needs a major bump (it breaks whoever reads the field), but
    // checkout-web, which reads it, accepted it.
    const dir = await mkdtemp(join(tmpdir(), 'overseer-waived-words-'));
    try {
      const revision = join(dir, 'openapi.v2.yaml');
      const text = await readFile('examples/users-service/openapi.v2.yaml', 'utf8');
      await writeFile(revision, text.replace(/^ {2}version: 2\.0\.0$/m, '  version: 1.1.0'));
      const { code, stdout } = await diffTo(revision);
      expect(code).toBe(0);
      expect(stdout).toContain(
        '(waived for checkout-web (GET /users/{id}) until 2099-12-31 24:00 UTC: checkout-web stops showing the e-mail address on its receipt (agreed with @acme/checkout))',
      );
      expect(stdout).not.toContain('breaks: checkout-web');
      expect(stdout).toContain(
        'info.version 1.0.0 -> 1.1.0 is a minor bump, but the changes need a major bump (1 change that breaks a consumer using what changed, waived for checkout-web)',
      );
      const github = await diffTo(revision, '--format', 'github');
      expect(github.stdout).toContain('Waived for checkout-web (GET /users/{id}) until 2099-12-31 24:00 UTC');
      expect(github.stdout).not.toContain('Breaks: checkout-web');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
