// Rendering a corpus run: the text summary (per-family rates, optional failing cases) and JSON.
import { type CorpusRun, rateOf, ratesByFamily } from './conformance-run.js';

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
  if (failures) {
    const failed = run.results.filter((r) => !r.pass);
    lines.push('', `failing cases (${failed.length}):`);
    for (const r of failed) {
      lines.push(`- ${r.case.case} [${r.family}; ${r.case.checksRun}; ${r.case.minLevel}+] ${r.case.base} -> ${r.case.revision}`);
      for (const reason of r.reasons) lines.push(`    ${reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
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
        reported: r.inScope,
        base: r.case.base,
        revision: r.case.revision,
      })),
    },
    null,
    2,
  )}\n`;
}
