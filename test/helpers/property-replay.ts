// Replays a failed property: fast-check prints `{ seed: S, path: "P" }` with its counterexample, and a contributor
// runs the same file again with FC_SEED=S FC_PATH=P (and -t for the test's name) to see that case first, unchanged.
import fc from 'fast-check';

const seed = process.env.FC_SEED;
const path = process.env.FC_PATH;
if (seed !== undefined && seed !== '') {
  if (!/^-?\d+$/.test(seed)) throw new Error(`FC_SEED must be the integer fast-check printed, not "${seed}"`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed), ...(path && { path }) });
}
