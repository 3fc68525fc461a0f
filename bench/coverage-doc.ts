// docs/COVERAGE.md from the coverage matrix: one table per object, a line per keyword and change, with the rules
// that judge it and their levels as the rule table has them, or why no rule needs to.
import { COVERAGE, type CoverageCell, type KeywordCoverage, type Level, type ObjectCoverage, RULES, rulesOfCell } from '../contracts/index.js';

const LEVELS: readonly Level[] = ['breaking', 'warning', 'info'];
const escapeCell = (text: string) => text.replace(/\|/g, '\\|');

export function renderCoverageDoc(objects: readonly ObjectCoverage[] = COVERAGE): string {
  const keywords = objects.flatMap((o) => o.keywords);
  const cells = keywords.flatMap((k) => k.cells ?? []);
  const gaps = objects.flatMap((o) => o.keywords.flatMap((k) => (k.cells ?? []).filter((c) => 'gap' in c).map(() => `${o.object}.${k.keyword}`)));
  const out: string[] = [
    '# Coverage',
    '',
    '<!-- Generated from contracts/rules/coverage/ by `npm run docs:coverage` (test/contracts/rules/coverage.test.ts checks it is current). -->',
    '',
    'Every keyword of the OpenAPI 2.0, 3.0 and 3.1 objects a change can hide in, by side (request: what a client sends; ' +
      'response: what it reads) and by change, with the rules that judge it and their default levels, or why no rule needs to.',
    'The keyword list is checked, not trusted: `test/contracts/rules/coverage.test.ts` reads every property of these objects from the official ' +
      'OpenAPI JSON schemas (and the JSON Schema 2020-12 vocabularies for 3.1 schemas) and fails naming each keyword without a row here; ' +
      'for schema keywords it also makes the change and fails when the diff does not report the rules named.',
    '',
    `${objects.length} objects, ${keywords.length} keyword rows, ${cells.length} changes with a side: ` +
      `${cells.length - gaps.length} judged, ${gaps.length} not judged yet${gaps.length > 0 ? ` (${[...new Set(gaps)].join(', ')})` : ''}.`,
    '',
    'A keyword with no line for a change (a `description` changed, a response header that becomes required) is one whose other changes cannot break an existing client: the last column says why.',
    '',
  ];
  for (const object of objects) out.push(...renderObject(object));
  return out.join('\n');
}

function renderObject(object: ObjectCoverage): string[] {
  const out = [
    `## ${object.object}`,
    '',
    object.note,
    '',
    '| keyword | versions | side | change | rules (level), or why none |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const k of object.keywords) {
    for (const cell of k.cells ?? []) out.push(line(k, cell.side, cell.change, describeCell(cell)));
    if (k.reason) out.push(line(k, '', k.cells?.length ? 'other' : 'any', escapeCell(k.reason)));
  }
  out.push('');
  if (object.otherVersions) out.push(...renderOtherVersions(object));
  return out;
}

/** The keywords of another version's object, by the version of the document that writes them. */
function renderOtherVersions(object: ObjectCoverage): string[] {
  const out = [
    `### Written in a ${object.object} Object of another version`,
    '',
    'A keyword is read by the version of the document that holds it: written where that version has no such keyword, it is read as no reader of the version reads it.',
    '',
    '| keyword | written in | side | change | rules (level), or why none |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const k of object.otherVersions ?? []) {
    for (const cell of k.cells ?? []) out.push(line(k, cell.side, cell.change, describeCell(cell)));
    if (k.reason) out.push(line(k, '', k.cells?.length ? 'other' : 'any', escapeCell(k.reason)));
  }
  out.push('');
  return out;
}

function line(k: KeywordCoverage, side: string, change: string, what: string): string {
  return `| \`${k.keyword}\` | ${k.versions.join(', ')} | ${side} | ${change} | ${what} |`;
}

function describeCell(cell: CoverageCell): string {
  if ('gap' in cell) return `**not judged**: ${escapeCell(cell.gap)}`;
  const ids = rulesOfCell(cell);
  return LEVELS.flatMap((level) => {
    const at = ids.filter((id) => RULES.get(id)?.level === level);
    return at.length ? [`${level}: ${at.map((id) => `\`${id}\``).join(', ')}`] : [];
  }).join('; ');
}
