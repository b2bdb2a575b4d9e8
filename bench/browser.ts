/**
 * Debian's Chromium driven by playwright-core, as the browser tests (test/support/console.ts) and the console's
 * benchmark use it: offline (every request to another host than the platform's, or to a path of the platform
 * outside its public API, is aborted and recorded), each person in a browser context of their own.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

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

