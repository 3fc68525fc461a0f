// The manifest a test parses and the error a user sees for it, shared by the manifest tests.
import { ManifestError, parseManifest } from '../../../contracts/usage/manifest.js';
import { catchError } from '../catch-error.js';

export const FILE = 'consumers/web.yaml';

/** The error a user sees for `text`, one problem per line. */
export function errorOf(text: string, file = FILE): ManifestError {
  return catchError(ManifestError, () => parseManifest(text, file));
}
