// The backup commands' flags as a busy engineer types them: `--output`, the name most tools use, for export's `--out`.

import { describe, expect, it } from 'vitest';
import { runCliHere } from '../e2e/in-process.js';

describe('overseer export --output', () => {
  it('exits 2 naming --out, and writes nothing', async () => {
    const r = await runCliHere(['export', '--db', 'data/none.db', '--output', 'backup.jsonl']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: expect.stringMatching(/^error: unknown option --output \(did you mean --out\?\)\n/) });
  });
});
