// Prints docs/RULES.md: `npx vite-node bench/conformance-rules.ts > docs/RULES.md`
// (or `node dist/bench/conformance-rules.js` after `npm run build`).
import { fileURLToPath } from 'node:url';
import { RULE_FAMILIES } from '../contracts/index.js';
import { corpusDirOf, hasCorpus, readRules } from './conformance-corpus.js';
import { renderRulesDoc } from './conformance-rules-doc.js';

const root = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../../' : '../', import.meta.url));
const dir = corpusDirOf(root, process.env);
if (!hasCorpus(dir)) {
  process.stderr.write(`no RULES.tsv in ${dir} (set OVERSEER_OASDIFF_CORPUS)\n`);
  process.exitCode = 2;
} else {
  process.stdout.write(renderRulesDoc(RULE_FAMILIES, readRules(dir)));
}
