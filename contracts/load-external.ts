// With --allow-external-refs: `$ref`s to files beside the document are inlined (bundled), never
// URLs and never files outside the document's folder.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { ContractError } from './errors.js';
import type { RefSite } from './load-inspect.js';

export async function bundleExternalRefs(
  source: Record<string, any>,
  file: string,
  baseDir: string,
  refs: RefSite[],
  lineOf: (pointer: string) => number | undefined,
): Promise<Record<string, any>> {
  for (const site of refs) {
    const target = site.ref.split('#')[0];
    const refused = /^[a-z][a-z0-9+.-]*:/i.test(target) || !isInside(baseDir, path.resolve(baseDir, target));
    if (refused) {
      throw new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, `$ref to "${site.ref}" is refused: only files in the document's folder may be referenced, never URLs`, lineOf(site.pointer));
    }
  }
  try {
    const bundled = await SwaggerParser.bundle(path.join(baseDir, path.basename(file)), structuredClone(source) as any, {
      resolve: {
        http: false,
        file: {
          order: 1,
          canRead: true,
          read: async (f: { url: string }) => {
            const p = decodeURIComponent(f.url.replace(/^file:\/\//, ''));
            if (!isInside(baseDir, p)) throw new Error(`${p} is outside ${baseDir}`);
            return readFile(p);
          },
        },
      },
    } as any);
    return bundled as unknown as Record<string, any>;
  } catch (e) {
    throw new ContractError('ERR_CONTRACT_EXTERNAL_REF', file, `cannot resolve an external $ref: ${(e as Error).message.split('\n')[0]}`);
  }
}

function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
