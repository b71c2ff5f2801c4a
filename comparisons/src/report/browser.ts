/**
 * The headless Chromium that renders the slides' PNGs and runs the report's browser test:
 * the binary ships inside the @sparticuz/chromium npm package (so `pnpm install` alone puts
 * it on a fresh machine, with no download from anywhere but the registry), and
 * playwright-core drives it.
 * Contract: `launchChromium()` resolves with a Browser; the caller closes it.
 * Lineage: Sparticuz/chromium's README launch recipe for playwright-core. Read slides.ts next.
 */
import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

/** Launches the packaged Chromium headless; `timeoutMs` bounds the launch (a busy machine is slow). */
export async function launchChromium(timeoutMs = 120_000): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: chromium.args,
    headless: true,
    timeout: timeoutMs,
  });
}
