// Facts about this machine and the tools' versions, for the header of the report.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { ToolName } from './args.js';
import type { BenchMeta } from './report.js';

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return 'not installed';
  }
}

function toolVersion(tool: ToolName, root: string): string {
  return packageVersion(tool === 'ours' ? root : join(root, 'node_modules', tool));
}

export function describeMachine(root: string, tools: readonly ToolName[], runs: number, timeoutMs: number, command: string): BenchMeta {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGB: os.totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg()[0] ?? 0,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command,
    runs,
    timeoutS: timeoutMs / 1000,
    toolVersions: Object.fromEntries(tools.map((t) => [t, toolVersion(t, root)])),
  };
}
