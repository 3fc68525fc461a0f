// Text -> a JSON value, and which OpenAPI it says it is: YAML or JSON told apart, syntax errors and duplicate JSON keys
// refused with their line, and a version field that names no supported OpenAPI refused with what to write instead.
import yaml from 'js-yaml';
import { ContractError } from '../errors.js';
import { findDuplicateJsonKey } from './json.js';
import type { SpecVersion } from './load.js';
import { loadYaml } from './yaml-narrow.js';
import { yamlSchema } from './yaml-schema.js';

export function detectFormat(text: string): 'yaml' | 'json' {
  return /^\s*[{[]/.test(text.slice(0, 256)) ? 'json' : 'yaml';
}

/** JSON.parse keeps the last of two equal keys without a word; a contract must not say two things. */
export function refuseDuplicateKey(text: string, file: string): ContractError {
  const found = findDuplicateJsonKey(text);
  const what = found ? `key "${found.key}"` : 'a key';
  return new ContractError('ERR_CONTRACT_SYNTAX', file, `not valid JSON for a contract: ${what} is written twice in the same object`, found?.line);
}

export function parseText(text: string, format: 'yaml' | 'json', file: string): unknown {
  try {
    if (format === 'json') return JSON.parse(text);
    return loadYaml(text, file, yamlSchema());
  } catch (e) {
    if (e instanceof RangeError) throw new ContractError('ERR_CONTRACT_TOO_DEEP', file, 'the document is nested too deeply to read');
    if (e instanceof yaml.YAMLException) {
      if (/nesting exceeded/.test(e.reason))
        throw new ContractError(
          'ERR_CONTRACT_TOO_DEEP',
          file,
          `the document is nested deeper than the parser allows (${e.reason})`,
          e.mark ? e.mark.line + 1 : undefined,
        );
      const line = e.mark ? e.mark.line + 1 : undefined;
      throw new ContractError('ERR_CONTRACT_SYNTAX', file, `not valid YAML: ${e.reason}`, line, e.mark ? e.mark.column + 1 : undefined);
    }
    throw new ContractError('ERR_CONTRACT_SYNTAX', file, `not valid JSON: ${(e as Error).message}`, jsonErrorLine(text, e as Error));
  }
}

function jsonErrorLine(text: string, e: Error): number | undefined {
  const m = /position (\d+)/.exec(e.message);
  if (!m) return undefined;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function detectVersion(source: Record<string, any>, file: string): SpecVersion {
  if (typeof source.swagger === 'string' || typeof source.swagger === 'number') {
    // `swagger: 2.0` unquoted in YAML is the number 2.
    if (String(source.swagger).startsWith('2.') || source.swagger === 2) return '2.0';
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, `unsupported Swagger version "${source.swagger}" (2.0 is supported)`);
  }
  if (typeof source.openapi === 'string') {
    if (source.openapi.startsWith('3.0')) return '3.0';
    if (source.openapi.startsWith('3.1')) return '3.1';
    throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, `unsupported OpenAPI version "${source.openapi}" (2.0, 3.0 and 3.1 are supported)`);
  }
  if (typeof source.openapi === 'number') {
    // `openapi: 3.0` unquoted in YAML is the number 3: which 3.x was meant cannot be told.
    throw new ContractError(
      'ERR_CONTRACT_NOT_OPENAPI',
      file,
      `the "openapi" field must be a string such as "3.0.3", not the number ${source.openapi} (put it in quotes)`,
    );
  }
  throw new ContractError('ERR_CONTRACT_NOT_OPENAPI', file, 'not an OpenAPI document: no "openapi" or "swagger" version field at the top level');
}
