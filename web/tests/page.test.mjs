// The page in a real browser: Debian's chromium driven by playwright-core, offline.
//
// Run by crates/dossier/tests/serve_browser.rs, which starts `dossier serve` on a temporary
// home, ingests a report that names Kharkiv and Izium plus hostile documents, and passes:
//   DOSSIER_URL    the server's base URL (http://127.0.0.1:PORT)
//   SEED_DOC       id of the report whose claims must show
//   HOSTILE_DOCS   ids of documents full of <script>, onerror= and javascript:, comma-separated
//   DOSSIER_TOKEN  the write token, to test uploads from the page (optional)
//   CHROMIUM       the browser (default /usr/bin/chromium)
// Prints one line per check and exits non-zero on the first failure.

import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.DOSSIER_URL;
const seedDoc = process.env.SEED_DOC;
const hostileDocs = (process.env.HOSTILE_DOCS || '').split(',').filter(Boolean);
if (!base || !seedDoc) {
  console.error('DOSSIER_URL and SEED_DOC must be set');
  process.exit(2);
}
const KHARKIV = '706483';
const IZIUM = '707292';

function check(condition, what, detail = '') {
  if (!condition) throw new Error(`FAILED: ${what}${detail ? ` — ${detail}` : ''}`);
  console.log(`ok - ${what}`);
}

const userDataDir = mkdtempSync(join(tmpdir(), 'dossier-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
  viewport: { width: 1400, height: 1000 },
});

let failed = false;
try {
  const offsite = [];
  const host = new URL(base).host;
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.host === host) return route.continue();
    offsite.push(url.href);
    return route.abort();
  });
  // Runs before the page's scripts (injected by the browser, not subject to the page's CSP).
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  const page = context.pages()[0] || (await context.newPage());
  const dialogs = [];
  const pageErrors = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));

  const response = await page.goto(base, { waitUntil: 'load' });
  const csp = response.headers()['content-security-policy'] || '';
  check(csp.includes("script-src 'self'"), 'the page is served with a CSP allowing only its own scripts', csp);

  // The claim board shows the report's claims.
  const seedCards = page.locator(`.claim-card[data-document="${seedDoc}"]`);
  await seedCards.first().waitFor({ timeout: 15000 });
  const seedCount = await seedCards.count();
  check(seedCount >= 3, 'the claim board shows the report\'s claims', `${seedCount} cards`);
  const speakers = await seedCards.locator('.speaker-name').allTextContents();
  check(speakers.some((s) => s && s !== 'unattributed'), 'claims show their speakers', speakers.join(' | '));
  const stances = await seedCards.evaluateAll((cards) => cards.map((c) => c.dataset.stance));
  check(stances.every((s) => ['asserted', 'hedged', 'unverified', 'disputed', 'refuted'].includes(s)), 'claims show their stance', stances.join(','));

  // Clicking a claim opens its document with the claim's span highlighted.
  const card = seedCards.first();
  const claimText = (await card.locator('.claim-content').textContent()).trim();
  await card.click();
  const marked = page.locator('#doc-text .mark.claim.selected');
  await marked.first().waitFor({ timeout: 10000 });
  const markedText = (await marked.allTextContents()).join('');
  check(markedText.length > 0 && claimText.includes(markedText.trim().slice(0, 40)), 'the clicked claim\'s span is highlighted in the document', `"${markedText}" vs "${claimText}"`);
  check(await marked.first().isVisible(), 'the highlighted span is scrolled into view');
  const docText = await page.locator('#doc-text').textContent();
  check(docText.includes(markedText), 'the highlight sits inside the document text');
  check((await page.locator('#doc-text .mark.speaker').count()) > 0, 'speakers are marked in the text');

  // The map: offline outlines and markers for Kharkiv and Izium.
  for (const [name, id] of [['Kharkiv', KHARKIV], ['Izium', IZIUM]]) {
    const marker = page.locator(`#map path.place-marker[data-geonameid="${id}"]`);
    await marker.first().waitFor({ timeout: 10000 });
    check((await marker.count()) === 1, `the map has a marker for ${name}`);
  }
  const outlines = await page.locator('#map path:not(.place-marker)').count();
  check(outlines > 100, 'the map draws country outlines without a tile server', `${outlines} paths`);

  // A place filter in another spelling (Izyum) narrows the board to claims about Izium.
  await page.fill('#filters input[name=place]', 'Izyum');
  await page.click('#filters button[type=submit]');
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('.claim-card')];
    return cards.length > 0 && cards.every((c) => (c.querySelector('.claim-places')?.textContent || '').match(/Iz[yi]?[iu]m|Izyum/));
  }, null, { timeout: 10000 });
  check(true, 'filtering by place "Izyum" shows only claims about Izium');
  await page.click('#filters button[type=reset]');
  await seedCards.first().waitFor({ timeout: 10000 });

  // Hostile documents: rendered as text, nothing runs.
  for (const id of hostileDocs) {
    const hostile = page.locator(`.claim-card[data-document="${id}"]`);
    await hostile.first().waitFor({ timeout: 10000 });
    await hostile.first().click();
    await page.waitForFunction((docId) => document.querySelector('#doc-meta')?.textContent.includes(docId), id, { timeout: 10000 });
    const text = await page.locator('#doc-text').textContent();
    check(/<script|onerror|javascript:/i.test(text), `hostile document ${id.slice(0, 8)} shows its markup as text`);
    await page.locator('#doc-text .mark.claim').first().click();
  }
  if (hostileDocs.length) {
    await page.waitForTimeout(300); // let any event handler that was wrongly created fire
    const injected = await page.evaluate(() => ({
      scripts: document.querySelectorAll('#claims script, #document script, #claims img, #document img, #claims iframe, #document iframe').length,
      jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
      handlers: [...document.querySelectorAll('#claims *, #document *')].filter((n) => [...n.attributes].some((a) => a.name.startsWith('on'))).length,
      pwned: window.__pwned ?? null,
    }));
    check(injected.scripts === 0, 'no script, img or iframe element came from stored text', JSON.stringify(injected));
    check(injected.jsLinks === 0, 'no javascript: link exists in the page');
    check(injected.handlers === 0, 'no event-handler attribute came from stored text');
    check(injected.pwned === null, 'no hostile code ran (window.__pwned unset)', String(injected.pwned));
    check(dialogs.length === 0, 'no dialog opened', dialogs.join(' | '));
  }

  // Uploading from the page: refused with a wrong token, stored with the right one.
  const token = process.env.DOSSIER_TOKEN;
  if (token) {
    const upload = {
      name: 'page-upload.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('"The ferry resumed service on Monday," said Olena Petrenko, a port official in Odesa.\n'),
    };
    await page.setInputFiles('#upload input[name=file]', upload);
    await page.fill('#upload input[name=token]', 'wrong');
    await page.click('#upload button[type=submit]');
    await page.waitForFunction(() => /Not ingested/.test(document.querySelector('#upload-result').textContent), null, { timeout: 10000 });
    check(true, 'an upload with a wrong token is refused');
    await page.fill('#upload input[name=token]', token);
    await page.click('#upload button[type=submit]');
    await page.waitForFunction(() => /inserted/.test(document.querySelector('#upload-result').textContent), null, { timeout: 15000 });
    await page.locator('.claim-card', { hasText: 'ferry resumed service' }).first().waitFor({ timeout: 10000 });
    check(true, 'an upload from the page is stored and its claim appears on the board');
  }

  const violations = await page.evaluate(() => window.__cspViolations);
  check(violations.length === 0, 'the page itself breaks no CSP rule', violations.join(' | '));
  check(pageErrors.length === 0, 'no uncaught error in the page', pageErrors.join(' | '));
  check(offsite.length === 0, 'no request left the machine', offsite.join(' '));
} catch (err) {
  failed = true;
  console.error(err.message || err);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
