// A held-out pair written as two schema fragments and the document they go into (qubership-apihub's suites keep one
// `template.yaml.tpl` per place and one fragment pair per change): the document each fragment makes.

const PLACEHOLDER = '__SCHEMA__';

/** The template with its placeholder line replaced by the fragment, each non-empty line indented as that line was. */
export function renderFragment(template: string, fragment: string): string {
  const lines = template.replace(/\r\n/g, '\n').split('\n');
  const at = lines.findIndex((line) => line.trim() === PLACEHOLDER);
  if (at === -1) throw new Error(`template has no ${PLACEHOLDER} line`);
  const indent = /^\s*/.exec(lines[at])?.[0] ?? '';
  const body = fragment.replace(/\r\n/g, '\n').trimEnd();
  const inserted = body === '' ? [] : body.split('\n').map((line) => (line === '' ? line : indent + line));
  lines.splice(at, 1, ...inserted);
  return `${lines.join('\n').trimEnd()}\n`;
}
