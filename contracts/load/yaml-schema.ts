// The one YAML schema of every reader here (contracts, manifests, waivers): YAML 1.2 core, so `x-sunset: 2025-01-01`
// stays a string (no timestamp type), with `<<` merge keys. The merge type must be listed as implicit: as explicit
// (`extend([merge])`), `<<` is read as a plain key and nothing is merged.
import yaml, { type Schema, type Type } from 'js-yaml';

let coreWithMerge: Schema | undefined;

export function yamlSchema(): Schema {
  const merge = (yaml as unknown as { types: { merge: Type } }).types.merge;
  coreWithMerge ??= yaml.CORE_SCHEMA.extend({ implicit: [merge] });
  return coreWithMerge;
}
