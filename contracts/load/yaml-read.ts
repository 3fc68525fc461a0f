// Manifests and waiver files read with js-yaml, the parser that reads contracts: one YAML parser in the CLI and the
// Action. The lines, duplicate keys and bounds that plain data cannot give come from its node events (yaml-nodes.ts).
// Imported as load.ts imports it: js-yaml ships one file for `import` and another for `require`, and loading it both
// ways would put two copies in the CLI's process and in the Action's bundle.
import yaml, { type LoadOptions, type State } from 'js-yaml';
import { YamlNodes } from './yaml-nodes.js';
import { yamlSchema } from './yaml-schema.js';

/** Keys are strings, sequence items their 0-based index. */
export type YamlPath = readonly (string | number)[];

/** A key written twice in the same mapping. */
export interface DuplicateKey {
  doc: number;
  path: (string | number)[];
  line: number;
  firstLine: number;
}

export interface YamlLines {
  /** 1-based line of `path` in document `doc`, else of its nearest ancestor found, else of the document's start. */
  lineOf(path: YamlPath, doc?: number): number;
  duplicates: DuplicateKey[];
}

export interface YamlLimits {
  /** Alias nodes (`*name`) in the whole text. */
  maxAliases: number;
  /** Nodes written in the text (keys and other scalars, mappings, sequences, aliases). */
  maxNodes: number;
  /** Mappings and sequences inside one another. */
  maxDepth: number;
  /** Nodes of the data once every alias is replaced by what it names: the size a reader really holds. */
  maxExpandedNodes: number;
}

/** Far above any real manifest or waiver file, far below what would hold the process. */
export const YAML_LIMITS: YamlLimits = { maxAliases: 1000, maxNodes: 200_000, maxDepth: 64, maxExpandedNodes: 500_000 };

/** The text is not YAML (`limit` undefined), or goes over one of the bounds (`limit` names it). */
export class YamlReadError extends Error {
  readonly line?: number;
  readonly limit?: keyof YamlLimits;

  constructor(message: string, line: number | undefined, limit?: keyof YamlLimits) {
    super(message);
    this.name = 'YamlReadError';
    if (line !== undefined) this.line = line;
    if (limit !== undefined) this.limit = limit;
  }
}

interface YamlRead {
  /** Each document's data (null for an empty one). */
  docs: unknown[];
  lines: YamlLines;
}

/** Options js-yaml takes that its type definitions do not list yet. */
interface BoundedLoadOptions extends LoadOptions {
  maxDepth: number;
  maxTotalMergeKeys: number;
}

/** Parses every document of `text` (YAML 1.2 core schema, merge keys on), refusing a bound as soon as it is passed. */
export function readYaml(text: string, limits: YamlLimits = YAML_LIMITS): YamlRead {
  const nodes = new YamlNodes(limits, {
    limit: (limit, line) => refuse(limits, limit, line),
    invalid: (message, line) => {
      throw new YamlReadError(`not valid YAML: ${message}`, line);
    },
  });
  const options: BoundedLoadOptions = {
    schema: yamlSchema(),
    // Duplicate keys are reported with both lines, not thrown at the first: `json` makes js-yaml keep the last one.
    json: true,
    listener: (event, state) => nodes.event(event, state as State & { anchor: string | null }),
    // Backstops only: the nodes check depth and expanded size first (js-yaml's depth counts a level more around a
    // flow collection, scalar or alias written in a block).
    maxDepth: limits.maxDepth + 3,
    maxTotalMergeKeys: limits.maxExpandedNodes,
  };
  try {
    // A byte-order mark is dropped here, not by js-yaml, so that the positions the nodes see are those of `source`.
    const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    return { docs: yaml.loadAll(source, null, options), lines: nodes.lines() };
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const line = error.mark ? error.mark.line + 1 : undefined;
    if (/nesting exceeded maxDepth/.test(error.reason)) refuse(limits, 'maxDepth', line);
    if (/maxTotalMergeKeys/.test(error.reason)) refuse(limits, 'maxExpandedNodes', line);
    throw new YamlReadError(`not valid YAML: ${error.reason}`, line);
  }
}

const LIMIT_TEXT: Record<keyof YamlLimits, (n: number) => string> = {
  maxAliases: (n) => `uses more than ${n} YAML aliases`,
  maxNodes: (n) => `holds more than ${n} YAML nodes`,
  maxDepth: (n) => `is nested deeper than ${n} levels`,
  maxExpandedNodes: (n) => `expands to more than ${n} nodes once its aliases are replaced by what they name`,
};

function refuse(limits: YamlLimits, limit: keyof YamlLimits, line: number | undefined): never {
  throw new YamlReadError(`the file ${LIMIT_TEXT[limit](limits[limit])} (limit ${limit} = ${limits[limit]})`, line, limit);
}
