// Where CI annotations (github, sarif) put a change: on a line of a file the pull request has.

import type { DiffReport, JudgedChange } from '../model.js';
import { operationKey } from '../schema/operations.js';

export interface AnnotationSite {
  /** A repository-relative path with `/` separators. */
  file: string;
  line?: number;
}

/**
 * Revision-side changes sit on their own line. Base-side changes (removals) sit in the revision file too,
 * because the base file is usually absent from the pull request's checkout: on the line of the nearest part
 * that still exists (the parent's) when known, else of their operation there, else on the file as a whole.
 */
export function findAnnotationSite(report: DiffReport, change: JudgedChange): AnnotationSite {
  const file = toRepositoryPath(report.revision.file);
  if (change.side === 'revision') return change.line === undefined ? { file } : { file, line: change.line };
  const line = report.removalLines?.[change.location] ?? (change.operation ? report.operationLines?.[keyOfLabel(change.operation)] : undefined);
  return line === undefined ? { file } : { file, line };
}

/** `./api\\openapi.yaml` -> `api/openapi.yaml`: the form GitHub matches against the files of a pull request. */
export function toRepositoryPath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

/** `GET /users/{id}` -> `GET /users/{}`, the key of `DiffReport.operationLines`. */
export function keyOfLabel(label: string): string {
  const space = label.indexOf(' ');
  return space < 0 ? label : operationKey(label.slice(0, space), label.slice(space + 1));
}
