// The paths one Server Object serves an API under. Its variables name every server it stands for (each `enum` value,
// OpenAPI's Server Variable Object), not the `default` alone: reading the default only made a call under another value
// an operation the API does not have. What is expanded is bounded, so a server of many variables cannot explode.

/** At most this many paths per server: a product larger than it is cut down to each value with the others at default. */
const MAX_SERVER_PATHS = 64;

interface Variable {
  name: string;
  /** The default first, then the enum's other values; empty when the variable names none (left as written). */
  values: string[];
}

/** `https://api.acme.dev/{version}` with `version: {default: v1, enum: [v1, v2]}` -> `/v1`, `/v2`. */
export function pathsOfServer(template: string, variables: unknown): string[] {
  const isPath = template.startsWith('/') && !template.startsWith('//');
  // Variables in the scheme or the host change no path: they stay at their defaults.
  const authority = isPath ? 0 : (/^[^/]*\/\/[^/]*/.exec(template)?.[0].length ?? 0);
  const declared = readVariables(variables);
  const inPath = declared.filter((v) => v.values.length > 1 && template.indexOf(`{${v.name}}`, authority) >= 0);
  const paths = new Set<string>();
  for (const chosen of chooseValues(inPath)) {
    const path = pathOfUrl(substitute(template, declared, chosen), isPath);
    if (path !== '') paths.add(path);
  }
  return [...paths];
}

function readVariables(variables: unknown): Variable[] {
  if (!variables || typeof variables !== 'object') return [];
  return Object.entries(variables as Record<string, unknown>).map(([name, variable]) => {
    const { default: fallback, enum: listed } = (variable ?? {}) as { default?: unknown; enum?: unknown };
    const values = [fallback, ...(Array.isArray(listed) ? listed : [])].filter((v): v is string => typeof v === 'string');
    return { name, values: [...new Set(values)] };
  });
}

/** Each choice maps a variable to a value other than its first; the first choice is every variable at its default. */
function chooseValues(variables: readonly Variable[]): Map<string, string>[] {
  const product = variables.reduce((n, v) => n * v.values.length, 1);
  if (product <= MAX_SERVER_PATHS)
    return variables.reduce<Map<string, string>[]>((choices, v) => choices.flatMap((c) => v.values.map((value) => new Map(c).set(v.name, value))), [new Map()]);
  const oneAtATime = [new Map<string, string>()];
  for (const v of variables) for (const value of v.values.slice(1)) oneAtATime.push(new Map([[v.name, value]]));
  return oneAtATime.slice(0, MAX_SERVER_PATHS);
}

function substitute(template: string, variables: readonly Variable[], chosen: ReadonlyMap<string, string>): string {
  const byName = new Map(variables.map((v) => [v.name, v.values[0]]));
  return template.replace(/\{([^}]*)\}/g, (whole, name: string) => chosen.get(name) ?? byName.get(name) ?? whole);
}

/**
 * The path of a server URL: absolute, scheme-relative (`//host/v1`, as swagger2openapi writes one), with a scheme left
 * a variable (`{scheme}://host/v1`), or a path alone, which stays one when a variable left empty by default makes it
 * begin with `//` (`/{tenant}/v1`).
 */
function pathOfUrl(url: string, isPath: boolean): string {
  const path = isPath ? url : url.replace(/^[^/]*\/\/[^/]*/, '');
  return path.startsWith('/') ? path.replace(/[?#].*$/, '') : '';
}
