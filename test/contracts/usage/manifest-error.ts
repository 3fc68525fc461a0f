// The manifest a test parses and the error a user sees for it, shared by the manifest tests.
import { ManifestError, parseManifest } from '../../../contracts/usage/manifest.js';

export const FILE = 'consumers/web.yaml';

/** The error a user sees for `text`, one problem per line. */
export function errorOf(text: string, file = FILE): ManifestError {
  try {
    parseManifest(text, file);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected a ManifestError');
}
