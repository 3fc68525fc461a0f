// Child process: one openapi-diff run. It parses the documents itself, so parse time
// cannot be separated from diff time (parseMs is null; reading the files is in totalMs only).
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import openapiDiff from 'openapi-diff';
import { readRunnerArgs, reportMeasured } from './runner-io.js';

type SpecFormat = 'openapi3' | 'swagger2';

function toFormat(version: string | undefined): SpecFormat {
  return version?.startsWith('2') ? 'swagger2' : 'openapi3';
}

const { oldFile, newFile, versions } = readRunnerArgs(process.argv.slice(2));

await reportMeasured(async () => {
  const [oldContent, newContent] = await Promise.all([readFile(oldFile, 'utf8'), readFile(newFile, 'utf8')]);
  const start = performance.now();
  const outcome = await openapiDiff.diffSpecs({
    sourceSpec: { content: oldContent, location: oldFile, format: toFormat(versions[0]) },
    destinationSpec: { content: newContent, location: newFile, format: toFormat(versions[1]) },
  });
  const diffMs = performance.now() - start;
  const breaking = outcome.breakingDifferencesFound ? outcome.breakingDifferences.length : 0;
  const findings = breaking + outcome.nonBreakingDifferences.length + outcome.unclassifiedDifferences.length;
  return { parseMs: null, diffMs, breaking, findings };
});
