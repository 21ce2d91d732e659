import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chromium from '@sparticuz/chromium';
import puppeteer, { type Browser } from 'puppeteer-core';

/**
 * Flags for a headless Chromium run as root in a sandbox with no network: no sandbox of its
 * own, no GPU, and none of the background connections (updates, sync, first-run) it would
 * otherwise try at start-up.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-quic',
  '--disable-dev-shm-usage',
  '--disable-domain-reliability',
  '--no-pings',
];

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/microneedling-triage/', import.meta.url));

/**
 * The Chromium that ships inside `@sparticuz/chromium` (brotli-compressed in the npm package, no
 * download), unpacked once per version into node_modules/.cache. It is unpacked into a fresh
 * folder first and renamed into place, so a run cut short or two runs at once never see half a
 * browser.
 */
export async function chromiumExecutable(): Promise<{ executable: string; dir: string }> {
  const packageDir = packageRoot(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(CACHE, `chromium-${version}`);
  if (!existsSync(join(dir, 'chromium'))) {
    mkdirSync(CACHE, { recursive: true });
    const staging = await mkdtemp(join(CACHE, `chromium-${version}.unpacking-`));
    // The package unpacks into the OS temporary folder; point it at the staging folder meanwhile.
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = staging;
    try {
      await chromium.executablePath(join(packageDir, 'bin'));
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
    writeFileSync(
      join(staging, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${dir}/fonts</dir>\n  <cachedir>${dir}/fonts-cache</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another run unpacked the same version first: use theirs.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(dir, 'chromium'))) throw error;
    }
  }
  return { executable: join(dir, 'chromium'), dir };
}

/** The folder of the package a resolved entry file belongs to (its package.json does not export itself). */
function packageRoot(entry: string): string {
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@sparticuz/chromium')
      return dir;
  }
  throw new Error(`no @sparticuz/chromium package above ${entry}`);
}

/** A headless Chromium with a fresh profile, and how to close it (the profile is removed). */
export interface LaunchedChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  const { executable, dir } = await chromiumExecutable();
  const userDataDir = await mkdtemp(join(tmpdir(), 'mt-chromium-profile-'));
  const browser = await puppeteer.launch({
    executablePath: executable,
    headless: 'shell',
    userDataDir,
    args: CHROMIUM_FLAGS,
    // A slow, shared machine: generous limits for the start and for each protocol call.
    timeout: 120_000,
    protocolTimeout: 120_000,
    env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
