/**
 * The console as a person uses it: Debian's Chromium driven by playwright-core, offline (every request to
 * another host than the platform's is aborted and recorded), each person in a browser context of their own.
 * Pages are checked with axe-core and photographed into docs/screenshots/ as the tests walk through them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Api } from '../../src/app.js';
import { PROJECT_ROOT } from '../../src/config/paths.js';
import { startTestApi } from './api.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(PROJECT_ROOT, 'docs', 'screenshots', 'console');
const AXE = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');

// In CI a missing browser fails the test (the launch throws): only a developer's machine may lack it.
export const browserMissing = !existsSync(CHROMIUM) && !process.env.CI;
if (browserMissing) console.warn(`Console browser tests skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
/** `describe`, or `describe.skip` on a developer's machine without Chromium. */
export const describeInBrowser = browserMissing ? describe.skip : describe;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * What the console may ask of the platform: its pages and files, the public API (GraphQL and the file routes
 * any client uses) and the sign-in routes. Anything else would be a private endpoint.
 */
const PUBLIC_PATHS = /^\/(assets\/|graphql$|imports$|exports\/|reports\/|auth\/(config|demo-users|dev-token)$)/;

/** One person's tab on the console, with what went wrong in it: foreign requests, script errors, policy refusals. */
export interface ConsoleTab {
  context: BrowserContext;
  page: Page;
  origin: string;
  /** Requests to another host, or to a path of the platform outside its public API. */
  foreignRequests: string[];
  consoleErrors: string[];
}

export async function openConsole(browser: Browser, apiUrl: string, options: { allowHosts?: string[] } = {}): Promise<ConsoleTab> {
  const origin = new URL(apiUrl).origin;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const tab: ConsoleTab = { context, page, origin, foreignRequests: [], consoleErrors: [] };
  const allowed = new Set([new URL(apiUrl).host, ...(options.allowHosts ?? [])]);
  await context.route('**/*', (route) => {
    const request = route.request();
    const url = new URL(request.url());
    const platformPath = url.host !== new URL(apiUrl).host || request.isNavigationRequest() || PUBLIC_PATHS.test(url.pathname);
    if (allowed.has(url.host) && platformPath) return route.continue();
    tab.foreignRequests.push(request.url());
    return route.abort();
  });
  page.on('console', (message) => {
    // A refused request (401, 403…) is the API's answer the page shows, not an error of the page.
    if (message.type() === 'error' && !/Failed to load resource: the server responded/.test(message.text())) tab.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => tab.consoleErrors.push(error.message));
  return tab;
}

/** Signs in on the development page as a demo account, then picks the organisation when asked for one. */
export async function signIn(tab: ConsoleTab, email: string, organisation?: string): Promise<void> {
  await tab.page.goto(`${tab.origin}/`);
  await tab.page.getByRole('button', { name: `Se connecter en tant que ${email}` }).click();
  if (organisation) await chooseOrganisation(tab, organisation);
  await tab.page.getByRole('heading', { level: 1, name: /^Bonjour/ }).waitFor();
}

export async function chooseOrganisation(tab: ConsoleTab, organisation: string): Promise<void> {
  await tab.page.getByRole('heading', { name: 'Pour quelle organisation agissez-vous ?' }).waitFor();
  await tab.page.getByRole('radio', { name: organisation }).check({ force: true });
  await tab.page.getByRole('button', { name: 'Continuer' }).click();
}

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
