// A test file's headless Chromium in one line: launched (or, in a run that shares one, connected) before the file's
// tests and closed after them, as three dashboard files wrote it out by hand.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { CHROMIUM_INSTALL_TIMEOUT_MS, launchChromium } from './chromium.js';

/** Registers the file's beforeAll and afterAll; the returned function gives the browser inside a test or a later hook. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  }, CHROMIUM_INSTALL_TIMEOUT_MS + 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('Chromium is not launched: read it inside a test or a hook');
    return browser;
  };
}
