// A dump edited on purpose, as `overseer import` meets it: a format-8 dump made to say format 6 with its checksum line
// taken out imported with a warning, and one whose checksum was computed again after the edit imported silently. An
// older format is now read only with --allow-old-format, and with OVERSEER_DUMP_KEY a dump must carry the HMAC-SHA-256
// export made with the same key. The real CLI in process, on SQLite files.

import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../overseer/store/sqlite/index.js';
import { runCliHere } from '../e2e/in-process.js';
import { sealDump, seedRegistry } from '../overseer/store/dump-seed.js';

const KEY = 'b7e1c2d3a4f5061728394a5b6c7d8e9f';
const OTHER_KEY = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

describe('overseer import of a dump edited on purpose', () => {
  let dir: string;
  const overseer = (args: string[], env: Record<string, string> = {}) => runCliHere(args, { cwd: dir, env });
  const lines = async (file: string) => (await readFile(join(dir, file), 'utf8')).trimEnd().split('\n');
  /** The dump with its first deployment's environment renamed, as someone hiding where a version runs would. */
  const edited = (dump: string[]) =>
    dump.map((line) => (line.includes('"kind":"deployment"') ? line.replace('"environment":"production"', '"environment":"staging"') : line));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'overseer-edited-dump-'));
    const source = openSqliteStore(join(dir, 'registry.db'));
    await seedRegistry(source);
    await source.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a format-8 dump made to say format 6, its checksum line taken out, unless told it is old', async () => {
    expect((await overseer(['export', '--db', 'registry.db', '--out', 'backup.jsonl'])).code).toBe(0);
    const dump = await lines('backup.jsonl');
    const header = JSON.parse(dump[0]!) as { format: number };
    expect(header.format).toBe(8);
    const downgraded = [JSON.stringify({ ...header, format: 6 }), ...dump.slice(1, -1)];
    await writeFile(join(dir, 'old.jsonl'), `${downgraded.join('\n')}\n`);

    const refused = await overseer(['import', 'old.jsonl', '--db', 'restored.db']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'error ERR_DUMP_OLD_FORMAT: old.jsonl: line 1: dump format 6 is older than the format 8 this Overseer writes, and lacks what came since (among it, from format 7, the checksum that finds an edited line)',
    );
    expect(refused.stderr).toContain('imported only with --allow-old-format, once you know an older Overseer wrote it');
    expect(existsSync(join(dir, 'restored.db'))).toBe(false);

    // The operator who knows an older Overseer wrote it says so, and hears what such a dump cannot prove.
    const allowed = await overseer(['import', 'old.jsonl', '--db', 'restored.db', '--allow-old-format']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toContain('warning: a format 6 dump has no checksum (dumps carry one from format 7)');
    expect(allowed.stderr).toContain(
      'warning: a format 6 dump keeps no revoked tokens (dumps hold them from format 8): a token revoked before this import is refused as unknown',
    );
  });

  it('with OVERSEER_DUMP_KEY, refuses an edit sealed again with a new SHA-256, and a dump stripped of its signature', async () => {
    const signedExport = await overseer(['export', '--db', 'registry.db', '--out', 'signed.jsonl'], { OVERSEER_DUMP_KEY: KEY });
    expect(signedExport.code).toBe(0);
    expect(signedExport.stdout).toContain('to signed.jsonl, signed with OVERSEER_DUMP_KEY\n');
    const dump = await lines('signed.jsonl');
    expect(JSON.parse(dump.at(-1)!)).toEqual({
      kind: 'checksum',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      hmacSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // Edited, its SHA-256 computed again: without the key, that alone was all import checked.
    const resealed = sealDump(edited(dump));
    expect(resealed).not.toEqual(dump);
    await writeFile(join(dir, 'resealed.jsonl'), `${resealed.join('\n')}\n`);
    const stripped = await overseer(['import', 'resealed.jsonl', '--db', 'a.db'], { OVERSEER_DUMP_KEY: KEY });
    expect(stripped.code).toBe(2);
    expect(stripped.stderr).toContain('error ERR_DUMP_SIGNATURE: resealed.jsonl: the dump carries no signature, and OVERSEER_DUMP_KEY is set');

    // Edited, its signature kept: the signature no longer matches its lines.
    const kept = sealDump(edited(dump)).slice(0, -1);
    const withOldSignature = [...kept, JSON.stringify({ ...JSON.parse(sealDump(edited(dump)).at(-1)!), hmacSha256: JSON.parse(dump.at(-1)!).hmacSha256 })];
    await writeFile(join(dir, 'forged.jsonl'), `${withOldSignature.join('\n')}\n`);
    const forged = await overseer(['import', 'forged.jsonl', '--db', 'b.db'], { OVERSEER_DUMP_KEY: KEY });
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain("error ERR_DUMP_SIGNATURE: forged.jsonl: the dump's signature is not the one OVERSEER_DUMP_KEY gives its lines");

    // Made to say format 6 and told it is old: with the key, a dump without a signature is still refused.
    await writeFile(join(dir, 'old.jsonl'), `${[JSON.stringify({ ...JSON.parse(dump[0]!), format: 6 }), ...dump.slice(1, -1)].join('\n')}\n`);
    const old = await overseer(['import', 'old.jsonl', '--db', 'c.db', '--allow-old-format'], { OVERSEER_DUMP_KEY: KEY });
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('error ERR_DUMP_SIGNATURE: old.jsonl: the dump carries no signature');

    const otherKey = await overseer(['import', 'signed.jsonl', '--db', 'd.db'], { OVERSEER_DUMP_KEY: OTHER_KEY });
    expect(otherKey.stderr).toContain('error ERR_DUMP_SIGNATURE');
    for (const db of ['a.db', 'b.db', 'c.db', 'd.db']) expect(existsSync(join(dir, db)), db).toBe(false);

    const restored = await overseer(['import', 'signed.jsonl', '--db', 'restored.db'], { OVERSEER_DUMP_KEY: KEY });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(', its signature checked with OVERSEER_DUMP_KEY)\n');
    expect(restored.stderr).toBe('');
  });

  it('imports a signed dump without the key, warning that its signature went unchecked, and refuses a short key', async () => {
    expect((await overseer(['export', '--db', 'registry.db', '--out', 'signed.jsonl'], { OVERSEER_DUMP_KEY: KEY })).code).toBe(0);
    const unchecked = await overseer(['import', 'signed.jsonl', '--db', 'restored.db']);
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stderr).toContain('warning: the dump is signed, but OVERSEER_DUMP_KEY is not set: only its SHA-256 was checked');
    const short = await overseer(['export', '--db', 'registry.db', '--out', 'short.jsonl'], { OVERSEER_DUMP_KEY: 'secret' });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('OVERSEER_DUMP_KEY must be at least 32 characters (openssl rand -hex 32), not 6');
  });
});
