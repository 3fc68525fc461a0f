// The one place where text becomes HTML: every interpolated value is escaped unless it is already
// markup made here. Pages and the SVG graph build their output only through `html`.

const SAFE = Symbol('safe-html');

/** Markup that was built by `html` (or `raw`): interpolating it again does not escape it twice. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly text: string;
}

/** What a template may interpolate: text is escaped, markup is kept, lists are joined, empty values vanish. */
type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Trusted markup: only for constant strings written in this folder, or what `html` wrote in a worker; never for data. */
export function raw(text: string): SafeHtml {
  return { [SAFE]: true, text };
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

function renderValue(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (isSafeHtml(value)) return value.text;
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<a href="${url}">${name}</a>\`` escapes `url` and `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += renderValue(values[i]) + strings[i + 1];
  return raw(out);
}

/** Joins markup with a separator (itself escaped when it is text). */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): SafeHtml {
  const sep = renderValue(separator);
  return raw(
    parts
      .map(renderValue)
      .filter((p) => p !== '')
      .join(sep),
  );
}
