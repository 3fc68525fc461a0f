// A consumer given to `diff --consumers` in several manifests: versions of it live in different places (production
// runs one, staging the next), which the gate judges each. Offline a manifest is all that names a version, so each is
// judged on its own and a finding says which manifest it is about; the Action's, from the registry, which version.

import type { ContractDiff } from '../diff.js';
import { findImpact } from '../impact.js';
import type { LoadedContract } from '../load/load.js';
import type { Change, Declaration, Manifest } from '../model.js';
import { addRemovedWhileUsed } from './removed-while-used.js';

/** Per change, for each consumer given in several manifests, the files of those whose uses it breaks. */
export function findManifestsBroken(
  diff: ContractDiff,
  provider: string,
  manifests: readonly Manifest[],
  baseContract?: LoadedContract,
): Map<Change, Record<string, string[]>> {
  const out = new Map<Change, Record<string, string[]>>();
  for (const [name, versions] of groupVersions(manifests, provider)) {
    for (const manifest of versions) {
      const declarations = manifest.declarations.filter((d) => d.provider === provider);
      const { consumersOf } = findImpact(diff, declarations);
      if (baseContract) addRemovedWhileUsed(consumersOf, diff, baseContract, declarations);
      for (const [change, broken] of consumersOf) {
        if (!broken.includes(name)) continue;
        const files = out.get(change) ?? {};
        files[name] = [...(files[name] ?? []), nameVersion(manifest)];
        out.set(change, files);
      }
    }
  }
  return out;
}

/** The manifest of each declaration of a consumer given in several manifests (the provider's own uses aside). */
export function fileOfVersions(manifests: readonly Manifest[], provider: string): Map<Declaration, VersionOf> {
  const out = new Map<Declaration, VersionOf>();
  for (const versions of groupVersions(manifests, provider).values()) {
    for (const manifest of versions) {
      const of = manifest.file !== undefined ? { file: manifest.file, name: manifest.file } : { version: manifest.version!, name: nameVersion(manifest) };
      for (const d of manifest.declarations) out.set(d, of);
    }
  }
  return out;
}

/** A version of a consumer: the manifest file it was read from, or the version the registry listed (the Action's). `name` says which. */
type VersionOf = ({ file: string } | { version: string }) & { name: string };

// A manifest read from a file is named by its file; one the registry listed (the Action's) by its version.
function nameVersion(manifest: Manifest): string {
  return manifest.file ?? `version ${manifest.version}`;
}

function groupVersions(manifests: readonly Manifest[], provider: string): Map<string, Manifest[]> {
  const by = new Map<string, Manifest[]>();
  for (const m of manifests) {
    if (m.service !== provider && (m.file !== undefined || m.version !== undefined)) by.set(m.service, [...(by.get(m.service) ?? []), m]);
  }
  return new Map([...by].filter(([, versions]) => versions.length > 1));
}
