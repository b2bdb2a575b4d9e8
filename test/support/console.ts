/**
 * The console as a person uses it: Debian's Chromium driven by playwright-core, offline (every request to
 * another host than the platform's is aborted and recorded), each person in a browser context of their own.
 * Pages are checked with axe-core and photographed into docs/screenshots/ as the tests walk through them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { CHROMIUM, launchBrowser, openConsole, signIn, type ConsoleTab } from '../../bench/browser.js';
import { startTestApi } from './api.js';

export { chooseOrganisation, signIn, type ConsoleTab } from '../../bench/browser.js';

const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots', 'console');
const AXE = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');

// In CI a missing browser fails the test (the launch throws): only a developer's machine may lack it.
export const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`Console browser tests skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
/** `describe`, or `describe.skip` on a developer's machine without Chromium. */
export const describeInBrowser = browserMissing ? describe.skip : describe;

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  // Run as a script of the page's own: the console's policy lets no other script tag in.
  await page.evaluate(AXE);
  const violations = await page.evaluate<Violation[]>(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    .then((result) => result.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** Checks the page with axe-core and photographs it into docs/screenshots/console/NAME.png, `mask` painted over (a secret). */
export async function checkPage(tab: ConsoleTab, name: string, options: { mask?: Locator[] } = {}): Promise<void> {
  await tab.page.waitForLoadState('networkidle');
  expect(await accessibilityViolations(tab.page)).toEqual([]);
  await mkdir(SCREENSHOTS, { recursive: true });
  await tab.page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, mask: options.mask });
}

export interface ConsoleSuite {
  readonly api: Api;
  readonly browser: Browser;
  /** A new person's tab, signed in as that account (acting for that organisation) when one is named. */
  open(email?: string, organisation?: string): Promise<ConsoleTab>;
}

/**
 * A describe block's API and browser, started before its tests and stopped after them; every tab it opened is
 * checked after each test: no request outside the public API, no script error, no refusal of the page's policy.
 */
export function consoleSuite(options: { env?: () => Record<string, string>; allowHosts?: () => string[] } = {}): ConsoleSuite {
  let api: Api | undefined;
  let browser: Browser | undefined;
  const tabs: ConsoleTab[] = [];
  beforeAll(async () => {
    api = await startTestApi({ env: options.env?.() });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  afterEach(() => {
    for (const tab of tabs) expect({ foreign: tab.foreignRequests, errors: tab.consoleErrors }).toEqual({ foreign: [], errors: [] });
  });
  return {
    get api() {
      return api!;
    },
    get browser() {
      return browser!;
    },
    async open(email, organisation) {
      const tab = await openConsole(browser!, api!.url, { allowHosts: options.allowHosts?.() });
      tabs.push(tab);
      if (email) await signIn(tab, email, organisation);
      return tab;
    },
  };
}
