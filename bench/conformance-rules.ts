// Prints docs/RULES.md from the rule table: `npm run docs:rules` (builds, then runs dist/bench/conformance-rules.js).
import { fileURLToPath } from 'node:url';
import { corpusDirOf, hasCorpus, readRules } from './conformance-corpus.js';
import { groupRules, renderRulesDoc } from './conformance-rules-doc.js';

const root = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
const dir = corpusDirOf(root, process.env);
if (!hasCorpus(dir)) {
  process.stderr.write(`no RULES.tsv in ${dir} (set OVERSEER_OASDIFF_CORPUS)\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(renderRulesDoc(groupRules(), readRules(dir)));
}
