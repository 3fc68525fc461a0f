// Rendering a corpus run: the text summary (per-family rates, optional failing cases) and JSON.
import { CONFORMANCE_NOTES, type NoteKind } from './conformance-notes.js';
import { type CaseResult, type CorpusRun, rateOf, ratesByFamily } from './conformance-run.js';

const percent = (r: number) => `${(r * 100).toFixed(1)}%`;

export function renderText(run: CorpusRun, failures: boolean): string {
  const lines: string[] = [];
  const total = rateOf(run.results);
  lines.push(`oasdiff conformance: ${total.passed}/${total.total} cases pass (${percent(total.rate)}); sunset dates judged against ${run.today}`);
  lines.push('');
  const byFamily = ratesByFamily(run.results);
  const width = Math.max(...byFamily.map(([f]) => f.length), 6);
  lines.push(`${'family'.padEnd(width)}  pass / total  rate`);
  for (const [family, r] of byFamily) lines.push(`${family.padEnd(width)}  ${String(r.passed).padStart(4)} / ${String(r.total).padEnd(5)}  ${percent(r.rate)}`);
  const failed = run.results.filter((r) => !r.pass);
  lines.push('', failedSummary(failed));
  if (failures) {
    lines.push('', `failing cases (${failed.length}):`);
    for (const r of failed) {
      lines.push(`- ${r.case.case} [${r.family}; ${r.case.checksRun}; ${r.case.minLevel}+] ${r.case.base} -> ${r.case.revision}`);
      for (const reason of r.reasons) lines.push(`    ${reason}`);
      const note = CONFORMANCE_NOTES[r.case.case];
      lines.push(note ? `    ${KIND_TEXT[note.kind]}: ${note.why}` : '    no note in bench/conformance-notes.ts: a miss to fix');
    }
  }
  return `${lines.join('\n')}\n`;
}

const KIND_TEXT: Record<NoteKind, string> = {
  disagree: 'we disagree',
  beyond: 'we see more',
  gap: 'not built yet',
  row: 'the row contradicts RULES.tsv',
};

/** The failing cases by the reason bench/conformance-notes.ts gives, and those it gives none (misses to fix). */
function failedSummary(failed: CaseResult[]): string {
  const counts = new Map<string, number>();
  for (const r of failed) {
    const kind = CONFORMANCE_NOTES[r.case.case]?.kind;
    const text = kind ? KIND_TEXT[kind] : 'misses still to fix';
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const parts = [...counts].map(([text, n]) => `${n} ${text}`);
  return `${failed.length} failing: ${parts.length > 0 ? parts.join(', ') : 'none'} (bench/conformance-notes.ts says why)`;
}

export function renderJson(run: CorpusRun): string {
  const total = rateOf(run.results);
  return `${JSON.stringify(
    {
      today: run.today,
      ...total,
      families: Object.fromEntries(ratesByFamily(run.results)),
      cases: run.results.map((r) => ({
        case: r.case.case,
        family: r.family,
        pass: r.pass,
        reasons: r.reasons,
        ...(r.pass ? {} : { note: CONFORMANCE_NOTES[r.case.case] ?? null }),
        reported: r.inScope,
        base: r.case.base,
        revision: r.case.revision,
      })),
    },
    null,
    2,
  )}\n`;
}
