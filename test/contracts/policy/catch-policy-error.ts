// The error a bad severity or waivers file raises, caught so that a test can read its code, message and line.
import type { PolicyError } from '../../../contracts/policy/apply.js';

export function catchPolicyError(run: () => unknown): PolicyError {
  try {
    run();
  } catch (e) {
    return e as PolicyError;
  }
  throw new Error('expected an error');
}
