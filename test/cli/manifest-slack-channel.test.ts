// `slack: #orders` written unquoted, as a Slack channel is spelled everywhere else: YAML reads the `#` as a comment, so
// the manifest's channel is empty and the error has to say why, or the owner stares at a channel name that is there.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegistry } from '../e2e/registry-session.js';

const session = useRegistry({
  name: 'manifest-slack-channel',
  inDir: true,
  before: async ({ dir }) => {
    await writeFile(join(dir, 'overseer.yaml'), 'service: orders-service\nowners: ["@acme/orders"]\nslack: #orders\n');
  },
});

describe('a manifest whose slack channel is written unquoted', () => {
  it('is refused (exit 2) saying the # began a YAML comment, and how to quote it', async () => {
    const r = await session.cli('publish', '--version', '1.0.0');
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error ERR_MANIFEST_INVALID: overseer.yaml:3: slack must be a non-empty string, got an empty value: YAML reads an unquoted # as a comment, ' +
        'so quote the channel (slack: "#orders")\nRun "overseer explain ERR_MANIFEST_INVALID" for what to do.\n',
    });
  });
});
