// Vitest global setup of the integration files: one PostgreSQL cluster and one headless Chromium for the whole run,
// each started only when a file of the run uses it (a file then makes databases or a browser context of its own).
// Both start at once: they used to start one after the other, each in a project of its own.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_ARGS, ensureChromium } from './chromium.js';
import { startOwnPostgres } from './postgres.js';

// Read from the files, so that a new test that starts either is counted by itself; the engine's tests never do.
function anyCalls(files: readonly string[], call: string): boolean {
  return files.some((file) => !/[\\/]test[\\/]contracts[\\/]/.test(file) && readFileSync(file, 'utf8').includes(call));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The files of this run, collected before global setups run. A file that finds nothing provided starts its own.
  const files = project.vitest.state.getPaths();
  const [cluster, browser] = await Promise.allSettled([
    anyCalls(files, 'startPostgres(') || anyCalls(files, 'usePostgres(') ? startOwnPostgres() : undefined,
    anyCalls(files, 'launchChromium(') || anyCalls(files, 'useChromium(')
      ? ensureChromium().then((executablePath) => chromium.launchServer({ executablePath, args: CHROMIUM_ARGS }))
      : undefined,
  ]);
  const stop = async () => {
    await Promise.all([cluster.status === 'fulfilled' && cluster.value?.stop(), browser.status === 'fulfilled' && browser.value?.close()]);
  };
  // One that failed to start fails the run; the other is not left running.
  const failed = [cluster, browser].find((started) => started.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  if (cluster.status === 'fulfilled' && cluster.value) project.provide('postgresUrl', cluster.value.url);
  if (browser.status === 'fulfilled' && browser.value) project.provide('chromiumEndpoint', browser.value.wsEndpoint());
  return stop;
}
