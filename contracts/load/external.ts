// With --allow-external-refs: `$ref`s to files beside the document are inlined (bundled), never
// URLs and never files outside the document's folder, symbolic links included. Each file is read
// and parsed by the loader itself, with the document's own bounds, before the bundler sees it:
// the bundler walks what it is given, and an alias bomb in a referenced file would never end.

import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContractError } from '../errors.js';
import type { RefSite } from './inspect.js';
import { describeReadFailure } from './read-failure.js';
import { describeSizes } from './size.js';

interface ExternalOptions {
  baseDir: string;
  maxBytes: number;
  /** Parses and bounds one referenced file (the same checks as the document). */
  parseFile(bytes: Uint8Array, file: string): unknown;
}

export async function bundleExternalRefs(
  source: Record<string, any>,
  file: string,
  refs: RefSite[],
  lineOf: (pointer: string) => number | undefined,
  options: ExternalOptions,
): Promise<Record<string, any>> {
  const { baseDir } = options;
  for (const site of refs) {
    // Percent-escapes are decoded by the bundler: `%2e%2e/` is `../` and is judged as such.
    const target = decodeSafely(site.ref.split('#')[0]);
    const refused = isUrlRef(target) || !isInside(baseDir, path.resolve(baseDir, target));
    if (refused) {
      throw new ContractError(
        'ERR_CONTRACT_EXTERNAL_REF',
        file,
        `$ref to "${site.ref}" is refused: only files in the document's folder may be referenced, never URLs`,
        lineOf(site.pointer),
      );
    }
  }
  const root = await realpath(baseDir);
  const named = namedTargets(baseDir, refs, lineOf);
  // The bundler wraps what its plugins throw; the loader's own error is kept to be thrown as is.
  let failure: ContractError | undefined;
  const keep = (e: ContractError): never => {
    failure ??= e;
    throw e;
  };
  try {
    // Loaded here, not at the top: it brings ajv and its own schemas, which a plain diff never needs.
    const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
    const bundled = await SwaggerParser.bundle(
      path.join(baseDir, path.basename(file)),
      structuredClone(source) as any,
      {
        resolve: {
          http: false,
          file: {
            order: 1,
            canRead: true,
            read: async (f: { url: string }) => readInside(decodeFileUrl(f.url), root, file, options.maxBytes, named).catch((e) => keep(wrapError(e, file))),
          },
        },
        parse: {
          json: false,
          yaml: false,
          text: false,
          binary: false,
          contract: {
            order: 1,
            canParse: true,
            parse: (f: { url: string; data: Uint8Array }) => {
              try {
                return options.parseFile(f.data, decodeFileUrl(f.url));
              } catch (e) {
                return keep(wrapError(e, file));
              }
            },
          },
        },
      } as any,
    );
    return bundled as unknown as Record<string, any>;
  } catch (e) {
    if (failure) throw failure;
    throw new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, `cannot resolve an external $ref: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** `https://…`, `file:…`, `//host/…`: never followed. */
export function isUrlRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//');
}

interface NamedTarget {
  /** The first `$ref` of the document naming the file, as written, and its line. */
  ref: string;
  line?: number;
  baseDir: string;
}

/** Each file the document's own `$ref`s name, by absolute path: a file that is not there is reported at the line naming it. */
function namedTargets(baseDir: string, refs: RefSite[], lineOf: (pointer: string) => number | undefined): Map<string, NamedTarget> {
  const out = new Map<string, NamedTarget>();
  for (const site of refs) {
    const target = path.resolve(baseDir, decodeSafely(site.ref.split('#')[0]));
    if (!out.has(target)) out.set(target, { ref: site.ref, line: lineOf(site.pointer), baseDir });
  }
  return out;
}

/** Reads a referenced file if it really lives in the folder (after following links) and is a regular file of bounded size. */
async function readInside(p: string, root: string, file: string, maxBytes: number, named: Map<string, NamedTarget>): Promise<Uint8Array> {
  const refuse = (why: string) => new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, `$ref to "${p}" is refused: ${why}`);
  let real: string;
  try {
    real = await realpath(p);
  } catch (e) {
    throw describeMissing(p, e, file, named.get(p));
  }
  if (!isInside(root, real)) throw refuse(`it leads outside the document's folder (to ${real})`);
  const info = await stat(real);
  if (!info.isFile()) throw refuse('it is not a regular file');
  if (info.size > maxBytes) throw refuse(`it is ${describeSizes(info.size, maxBytes).join(', over the limit of ')}`);
  return readFile(real);
}

// A missing file is no refusal: the $ref as written, at its line, and the file as the user would look for it (a typo
// away from one beside it is named), not "cannot read it (ENOENT)" about an absolute path.
function describeMissing(p: string, error: unknown, file: string, site: NamedTarget | undefined): ContractError {
  const relative = path.relative(site?.baseDir ?? path.dirname(p), p);
  const why = `${relative}: ${describeReadFailure(relative, error, site?.baseDir ?? path.dirname(p))}`;
  const ref = site ? `$ref "${site.ref}" names a file that cannot be read: ${why}` : `a $ref names a file that cannot be read: ${why}`;
  return new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, ref, site?.line);
}

function wrapError(e: unknown, file: string): ContractError {
  return e instanceof ContractError ? e : new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, `cannot read an external $ref: ${(e as Error).message}`);
}

function decodeFileUrl(url: string): string {
  return decodeSafely(url.replace(/^file:\/\//, ''));
}

function decodeSafely(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
