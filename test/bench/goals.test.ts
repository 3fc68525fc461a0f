// The startup row and the Swagger 2.0 comparison say plainly whether issue #19's budgets are met.
import { describe, expect, it } from 'vitest';
import type { Pair } from '../../bench/manifest.js';
import { formatStartup, pickStartupPair } from '../../bench/startup.js';
import { formatSwagger2Parity, pickSwagger2Pair } from '../../bench/swagger2-parity.js';

const pair = (api: string, bytes: number, sizeClass: string, version = '3.0.0'): Pair => ({
  api,
  label: `${api} a → b`,
  oldFile: `/c/${api}/a.json`,
  newFile: `/c/${api}/b.json`,
  oldVersion: version,
  newVersion: version,
  oldBytes: bytes,
  newBytes: bytes,
  sizeClass,
});

describe('bench goals', () => {
  it('takes the smallest small pair for the startup row, and none when no pair is small', () => {
    const pairs = [pair('museum', 22_000, 'small'), pair('petstore', 5_400, 'small'), pair('stripe', 3_700_000, 'large')];
    expect(pickStartupPair(pairs)?.api).toBe('petstore');
    expect(pickStartupPair([pair('stripe', 3_700_000, 'large')])).toBeNull();
  });

  it('prints the CLI beside bare node and says by how much the 150 ms budget is met or missed', () => {
    const petstore = pair('petstore', 5_400, 'small');
    const within = formatStartup({ pair: petstore, runs: 5, bareNodeMs: 100, cliMs: 220 });
    expect(within).toContain("| bare `node -e ''` | 100 | 0 | 1.0× |");
    expect(within).toContain('| `overseer diff` of the small pair | 220 | 120 | 2.2× |');
    expect(within).toContain('within the 150 ms budget');
    expect(formatStartup({ pair: petstore, runs: 5, bareNodeMs: 100, cliMs: 300 })).toContain('over the 150 ms budget by 50 ms');
  });

  it('compares the largest Swagger 2.0 pair with its 3.0 form against the 2× budget', () => {
    const pairs = [pair('alertmanager', 8_000, 'small', '2.0'), pair('kubernetes', 3_000_000, 'large', '2.0'), pair('stripe', 3_700_000, 'large')];
    const k8s = pickSwagger2Pair(pairs)!;
    expect(k8s.api).toBe('kubernetes');
    expect(formatSwagger2Parity({ pair: k8s, runs: 3, swagger2Ms: 1500, openapi3Ms: 1000 })).toContain('1.5×, within the 2× budget');
    expect(formatSwagger2Parity({ pair: k8s, runs: 3, swagger2Ms: 2500, openapi3Ms: 1000 })).toContain('over the 2× budget (2.5×)');
  });
});
