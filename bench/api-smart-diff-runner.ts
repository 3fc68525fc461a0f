// Child process: one api-smart-diff run. It takes parsed objects, so we parse first
// (JSON.parse for .json, js-yaml for YAML) and time that, reading included, as parseMs.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { apiDiff } from 'api-smart-diff';
import yaml from 'js-yaml';
import { readRunnerArgs, reportMeasured } from './runner-io.js';

async function parseFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  return file.endsWith('.json') ? JSON.parse(text) : yaml.load(text);
}

const { oldFile, newFile, versions } = readRunnerArgs(process.argv.slice(2));

await reportMeasured(async () => {
  const start = performance.now();
  const before = await parseFile(oldFile);
  const after = await parseFile(newFile);
  const parsed = performance.now();
  const diffs = apiDiff(before, after);
  const diffMs = performance.now() - parsed;
  const breaking = diffs.filter((d) => d.type === 'breaking').length;
  // Swagger 2.0 has no rule set in api-smart-diff: it falls back to a generic JSON-Schema compare.
  const note = versions[0]?.startsWith('2') ? 'Swagger 2.0 unsupported: generic JSON compare' : undefined;
  return { parseMs: parsed - start, diffMs, breaking, findings: diffs.length, ...(note ? { note } : {}) };
});
