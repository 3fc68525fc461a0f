// A real headless Chromium for page tests: Debian's `chromium` package, installed on first use when we
// are root (CI, fresh machines), once even when several test files start at the same time. A test run
// launches one browser for every file (test/helpers/global-shared.ts); each file connects to it.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM_PATH = '/usr/bin/chromium';
/** How long an install may take: apt-get update plus a ~100 MB download. */
export const CHROMIUM_INSTALL_TIMEOUT_MS = 10 * 60_000;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// mkdir is atomic: the process that creates the folder installs, the others wait for it to go away.
const LOCK_DIR = path.join(tmpdir(), 'overseer-chromium-install.lock');
const POLL_MS = 500;

function logProgress(message: string): void {
  process.stderr.write(`[chromium] ${message}\n`);
}

/** The Chromium executable, installed with apt-get when missing and we are root; throws otherwise. */
export async function ensureChromium(): Promise<string> {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM_PATH} is missing and this is not root: install Debian's chromium package (sudo apt-get install -y chromium)`);
  }
  const deadline = Date.now() + CHROMIUM_INSTALL_TIMEOUT_MS;
  while (!existsSync(CHROMIUM_PATH)) {
    if (await takeLock()) {
      try {
        if (!existsSync(CHROMIUM_PATH)) await installChromium();
      } finally {
        await rm(LOCK_DIR, { recursive: true, force: true });
      }
      break;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for another process to install chromium (lock ${LOCK_DIR})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get finished but ${CHROMIUM_PATH} is still missing`);
  return CHROMIUM_PATH;
}

async function takeLock(): Promise<boolean> {
  try {
    await mkdir(LOCK_DIR);
    await writeFile(path.join(LOCK_DIR, 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await clearStaleLock();
    return false;
  }
}

// A lock left by a process that died mid-install would block every later run.
async function clearStaleLock(): Promise<void> {
  const pid = Number(await readFile(path.join(LOCK_DIR, 'pid'), 'utf8').catch(() => 'NaN'));
  if (!Number.isInteger(pid) || isAlive(pid)) return;
  logProgress(`removing a stale install lock left by process ${pid}`);
  await rm(LOCK_DIR, { recursive: true, force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function installChromium(): Promise<void> {
  logProgress(`${CHROMIUM_PATH} is missing: installing Debian's chromium package (apt-get update && apt-get install -y chromium)`);
  const started = Date.now();
  await runLogged('apt-get', ['update']);
  await runLogged('apt-get', ['install', '-y', 'chromium']);
  logProgress(`installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function runLogged(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    logProgress(`$ ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logProgress(`  ${line.trimEnd()}`);
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    const timer = setTimeout(() => child.kill('SIGTERM'), CHROMIUM_INSTALL_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/**
 * Launches headless Chromium. Playwright gives every launched browser a fresh temporary user-data-dir
 * (and removes it on close); it refuses a `--user-data-dir` argument to `launch`, so none is passed.
 */
export async function launchChromium(): Promise<Browser> {
  // Connected, not launched, when the run shares one browser: `close()` then only disconnects this file.
  const shared = await providedByGlobalSetup('chromiumEndpoint');
  if (shared) return chromium.connect(shared);
  const executablePath = await ensureChromium();
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** Imported when called, not at the top: the global setup imports this file too, outside any test, where vitest's runtime is absent. */
async function providedByGlobalSetup(key: 'chromiumEndpoint'): Promise<string | undefined> {
  const { inject } = await import('vitest');
  return inject(key);
}
