// A one-off diff runs once, cold: V8's optimising compiler (TurboFan) spends more CPU on it than its code gives back.
import { setFlagsFromString } from 'node:v8';

/**
 * Stops V8 from optimising beyond its baseline tiers for the rest of this process. Called by the CLI's entry point
 * once both contracts are loaded: the load (js-yaml on a 4 MB file) still earns its TurboFan code, while the diff,
 * its report and exit, ~0.5 s of code each met a few hundred times, compiled on a second thread for nothing (Discord
 * 2023 -> 2024: ~130 of its ~280 ms of diff CPU, the main thread no faster). Only `--max-opt` is touched: Maglev, off
 * in Node 20 and cheap where on, may still run. Never from a long-lived process (the registry, a test worker).
 */
export function stopOptimisingTier(): void {
  setFlagsFromString('--max-opt=2');
}
