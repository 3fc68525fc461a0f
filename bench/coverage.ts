// Prints docs/COVERAGE.md from the coverage matrix: `npm run docs:coverage` (builds, then runs dist/bench/coverage.js).
import { renderCoverageDoc } from './coverage-doc.js';

process.stdout.write(renderCoverageDoc());
