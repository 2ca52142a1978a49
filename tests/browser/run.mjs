// Real-browser test of the showcase website.
//
//   node run.mjs <base URL ending in /> <site folder> [<internal base URL> <internal folder>]
//
// Drives Debian's Chromium (playwright-core, no downloaded browser) through the built site as
// a visitor would: home page, a click to the 2017 cohort and on to a group, the offline
// Chinese search (typing 违建 and following the hit), the 404 page. Every page visited must
// load without console errors, page errors, failed requests or requests leaving the base URL.
// axe-core checks accessibility (serious and critical violations fail), and the Nu Html
// Checker (vnu.jar) checks every HTML file of the site. With the internal build given too, its
// management pages (ledger, failed list, holds, a member, people, pipeline) get the same page
// checks and axe, and vnu checks all its HTML as well. On a phone 390 px wide, public and
// internal pages must not scroll sideways, no chart text may be drawn under 11 px, and each
// sideways-scrolling box shows its 「左右滑动查看」 hint exactly when it overflows. The 404
// page is also opened from disk (file://) and must keep its style and links.
//
// Environment:
//   BROWSER_TEST_OUT       folder for screenshots (for humans); none taken when unset
//   BROWSER_TEST_CHROMIUM  browser executable (default /usr/bin/chromium)
//
// Prints `browser: N passed, M failed` and exits non-zero on any failure.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const AXE = join(HERE, 'node_modules/axe-core/axe.min.js');
const VNU = join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar');

// What the sample content says; the test is about the sample.
const SITE_TITLE = '青溪街道青年干部培养成果展示';
const YEAR = '2017';
const QUERY = '违建';
const REPORT_PATH = '2017/reports/chengguan-illegal-structures/index.html';
const REPORT_TITLE = '关于青溪街道老旧小区违建治理的调研';
const MEMBER = 'p003'; // 李泽宇, 拆建组: a member with audit rows of every kind
// Phone pages photographed for people to look at (issue 15).
const SHOTS_390 = ['group', 'archive', 'internal member', 'internal holds'];

const STEP_TIMEOUT = 15_000; // any single wait in the browser
const VNU_TIMEOUT = 120_000;
const TOTAL_TIMEOUT = 240_000; // the whole run, a watchdog

const [baseArg, siteArg, internalBaseArg, internalArg] = process.argv.slice(2);
if (!baseArg || !siteArg) {
  console.error('usage: node run.mjs <base URL> <site folder>');
  process.exit(2);
}
const BASE = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
const ORIGIN = new URL(BASE).origin;
const SITE = resolve(siteArg);
const IBASE = internalBaseArg ? (internalBaseArg.endsWith('/') ? internalBaseArg : `${internalBaseArg}/`) : null;
const INTERNAL = internalArg ? resolve(internalArg) : null;
if (internalBaseArg && (!internalArg || new URL(IBASE).origin !== ORIGIN)) {
  console.error('the internal build needs a base URL on the same server and a folder');
  process.exit(2);
}
const OUT = process.env.BROWSER_TEST_OUT || '';
const CHROMIUM = process.env.BROWSER_TEST_CHROMIUM || '/usr/bin/chromium';

for (const [what, p] of [
  ['axe-core', AXE],
  ['vnu.jar', VNU],
  ['Chromium', CHROMIUM],
]) {
  if (!existsSync(p)) {
    console.error(`browser: ${what} not found at ${p}: run ./scripts/setup.sh --test first`);
    process.exit(2);
  }
}

const started = Date.now();
let passed = 0;
let failed = 0;
function pass(name, ms) {
  passed += 1;
  console.log(`ok    ${name}${ms === undefined ? '' : ` (${ms} ms)`}`);
}
function fail(name, detail) {
  failed += 1;
  console.log(`FAIL  ${name}`);
  for (const line of String(detail).split('\n')) {
    console.log(`        ${line}`);
  }
}

// --- the Nu Html Checker, started first: it runs while the browser works ---------------------

function htmlFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
  }
  return out;
}

function shortPath(p) {
  if (INTERNAL && p.startsWith(`${INTERNAL}/`)) return `internal: ${p.slice(INTERNAL.length + 1)}`;
  if (p.startsWith(`${SITE}/`)) return p.slice(SITE.length + 1);
  return p;
}

let vnuMs = 0;
const vnuStart = Date.now();
function runVnu() {
  return new Promise((done) => {
    const child = spawn(
      'java',
      ['-Xss4m', '-jar', VNU, '--errors-only', '--skip-non-html', '--format', 'json', SITE, ...(INTERNAL ? [INTERNAL] : [])],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), VNU_TIMEOUT);
    child.on('error', (e) => {
      clearTimeout(timer);
      const hint = e.code === 'ENOENT' ? ': run ./scripts/setup.sh --test first' : '';
      done({ error: `could not run java: ${e.message}${hint}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      vnuMs = Date.now() - vnuStart;
      if (signal) {
        done({ error: `vnu did not finish within ${VNU_TIMEOUT / 1000} s (${signal})` });
        return;
      }
      // vnu writes its JSON report to stderr.
      const text = stderr.trim() || stdout.trim();
      let messages;
      try {
        messages = text ? JSON.parse(text).messages : [];
      } catch {
        done({ error: `vnu exited ${code} with unreadable output:\n${text.slice(0, 4000)}` });
        return;
      }
      done({ code, messages });
    });
  });
}

function vnuReport(result) {
  const count = htmlFiles(SITE).length + (INTERNAL ? htmlFiles(INTERNAL).length : 0);
  const name = `vnu: every HTML file is valid (${count} files${INTERNAL ? ', public and internal' : ''})`;
  if (result.error) {
    fail(name, result.error);
    return;
  }
  const errors = result.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  if (errors.length === 0 && result.code === 0) {
    pass(name, vnuMs);
    return;
  }
  const lines = errors.map((m) => {
    const file = m.url ? shortPath(fileURLToPath(m.url)) : '(site)';
    const at = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? 0}` : '';
    const extract = m.extract ? `\n    ${m.extract.replace(/\s+/g, ' ').trim()}` : '';
    return `${file}${at}: ${m.message}${extract}`;
  });
  if (lines.length === 0) lines.push(`vnu exited ${result.code} without messages`);
  fail(name, `${errors.length} error(s)\n${lines.join('\n')}`);
}

// --- the browser ---------------------------------------------------------------------------

const vnuPromise = runVnu();
let browser = null;

const watchdog = setTimeout(async () => {
  fail('whole run', `did not finish within ${TOTAL_TIMEOUT / 1000} s`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exit(1);
}, TOTAL_TIMEOUT);

// Problems seen by the page since the last step ended: console errors, uncaught exceptions,
// failed or refused requests, error responses.
let problems = [];
// URLs for which a 404 is the expected answer (the 404-page step).
const expected404 = new Set();

function rel(url) {
  if (IBASE && url.startsWith(IBASE)) return `internal: ${url.slice(IBASE.length) || '(home)'}`;
  return url.startsWith(BASE) ? url.slice(BASE.length) || '(home)' : url;
}

async function newPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT);
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location()?.url || '';
    if (expected404.has(where) && /\b404\b/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${where ? ` (${rel(where)})` : ''}`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText || 'failed';
    // Leaving a page cancels what is still loading (the favicon, typically): not a fault of
    // the site. A missing file shows up as its HTTP status, a refused one as a blocked route.
    if (why === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${rel(req.url())} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !expected404.has(res.url())) {
      problems.push(`HTTP ${res.status()} for ${rel(res.url())}`);
    }
  });
  return page;
}

// One named check: runs `fn`, then fails if it threw or the page reported any problem.
async function step(name, fn) {
  problems = [];
  let error = null;
  const t0 = Date.now();
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const seen = problems;
  problems = [];
  if (error || seen.length) {
    const lines = [];
    if (error) {
      // Playwright colours its call logs; keep the report plain.
      const text = (error.message || String(error)).replace(/\u001b\[[0-9;]*m/g, '');
      lines.push(text.split('\n').filter((l) => l.trim()).slice(0, 400).join('\n'));
    }
    lines.push(...seen);
    fail(name, lines.join('\n'));
    return false;
  }
  pass(name, Date.now() - t0);
  return true;
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

// Checks that hold on every page: Chinese document, one non-empty h1, every stylesheet,
// script, image and link target inside the base URL (sub-path hosting), stylesheets and
// images actually loaded.
async function checkPage(page, what, base = BASE) {
  const info = await page.evaluate(() => {
    const abs = (sel, attr) =>
      [...document.querySelectorAll(sel)].map((e) => e[attr]).filter((u) => u && !u.startsWith('data:'));
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
      cjk: (document.body.innerText.match(/[\u4e00-\u9fff]/g) || []).length,
      refs: [
        ...abs('link[href]', 'href'),
        ...abs('script[src]', 'src'),
        ...abs('img[src]', 'src'),
        ...abs('a[href]', 'href'),
      ],
      sheetsMissing: [...document.querySelectorAll('link[rel=stylesheet]')]
        .filter((l) => !l.sheet)
        .map((l) => l.href),
      imagesBroken: [...document.querySelectorAll('img')]
        .filter((i) => i.complete && i.naturalWidth === 0)
        .map((i) => i.currentSrc || i.src),
    };
  });
  expect(/^zh\b/i.test(info.lang), `${what}: <html lang> is "${info.lang}", expected zh-…`);
  expect(info.title.includes(SITE_TITLE), `${what}: title "${info.title}" lacks the site title`);
  expect(info.h1.length === 1 && info.h1[0], `${what}: expected one non-empty h1, found ${JSON.stringify(info.h1)}`);
  expect(info.cjk >= 10, `${what}: hardly any Chinese text (${info.cjk} characters)`);
  const outside = info.refs.filter((u) => /^https?:/.test(u) && !u.startsWith(base));
  expect(outside.length === 0, `${what}: references outside ${base}:\n${[...new Set(outside)].join('\n')}`);
  expect(info.sheetsMissing.length === 0, `${what}: stylesheets not loaded: ${info.sheetsMissing.join(', ')}`);
  expect(info.imagesBroken.length === 0, `${what}: images not loaded: ${info.imagesBroken.join(', ')}`);
  return info;
}

// Whether the page shows `url` (ignoring the query and fragment).
function at(page, url) {
  return page.url().split(/[?#]/)[0] === url;
}

async function clickTo(page, locator, urlPattern, what) {
  const n = await locator.count();
  expect(n > 0, `no link for ${what}`);
  const target = locator.first();
  await target.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL(urlPattern, { waitUntil: 'load' }), target.click()]);
}

const axeResults = [];
async function axe(page, what) {
  await step(`axe: ${what}`, async () => {
    const has = await page.evaluate(() => typeof window.axe === 'object');
    if (!has) await page.addScriptTag({ path: AXE });
    const r = await page.evaluate(async () => {
      const res = await window.axe.run(document, { resultTypes: ['violations'] });
      return res.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
      }));
    });
    axeResults.push({ what, url: page.url(), violations: r });
    const lines = [];
    for (const v of r) {
      lines.push(`[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
      for (const n of v.nodes.slice(0, 10)) {
        lines.push(`    ${n.target}`);
        if (n.summary) lines.push(`      ${n.summary.replace(/\n\s*/g, ' / ')}`);
      }
      if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
    }
    const bad = r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) throw new Error(`${bad.length} serious/critical violation(s) on ${rel(page.url())}\n${lines.join('\n')}`);
    if (lines.length) console.log(`      (minor/moderate on ${rel(page.url())})\n      ${lines.join('\n      ')}`);
  });
}

async function main() {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: STEP_TIMEOUT * 2,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  // Offline site: anything that is not on the test server is refused and reported.
  await context.route(
    (url) => url.origin !== ORIGIN,
    (route) => {
      problems.push(`request outside the site: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  const page = await newPage(context);

  await step('home page: title, Chinese text, assets under the sub-path', async () => {
    const res = await page.goto(BASE, { waitUntil: 'load' });
    expect(res && res.status() === 200, `home answered ${res && res.status()}`);
    const info = await checkPage(page, 'home');
    expect(info.title.startsWith('首页'), `home title is "${info.title}"`);
  });
  if (at(page, BASE) && OUT) {
    await step('home page screenshot', async () => {
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: join(OUT, 'home.png'), fullPage: true });
      console.log(`      screenshot: ${join(OUT, 'home.png')}`);
    });
  }
  if (at(page, BASE)) await axe(page, 'home');

  let groupUrl = null;
  const cohortUrl = `${BASE}${YEAR}/index.html`;
  await step(`click through to the ${YEAR} cohort`, async () => {
    if (!at(page, BASE)) await page.goto(BASE, { waitUntil: 'load' });
    await clickTo(
      page,
      page.locator(`main a[href$="${YEAR}/index.html"]`),
      new RegExp(`/${YEAR}/index\\.html$`),
      `the ${YEAR} cohort in the home page's main content`,
    );
    expect(page.url() === cohortUrl, `landed on ${page.url()}`);
    const info = await checkPage(page, 'cohort');
    expect(info.h1[0].includes(YEAR), `cohort h1 "${info.h1[0]}" lacks ${YEAR}`);
    const h2 = await page.locator('main h2').count();
    expect(h2 > 0, 'cohort page has no h2 sections');
  });
  if (at(page, cohortUrl)) {
    await axe(page, 'cohort');
    await step('click through to a group', async () => {
      await clickTo(
        page,
        page.locator(`main a[href*="groups/"][href$="/index.html"]`),
        new RegExp(`/${YEAR}/groups/[^/]+/index\\.html$`),
        'a group in the cohort page',
      );
      groupUrl = page.url();
      const info = await checkPage(page, 'group');
      const crumbs = await page.locator('main a[href$="index.html"]').allTextContents();
      expect(crumbs.some((t) => t.includes(YEAR)), 'group page has no link back to its cohort');
      const h2 = await page.locator('main h2').allTextContents();
      expect(h2.length > 0, `group page "${info.h1[0]}" has no h2 sections`);
    });
    if (groupUrl && at(page, groupUrl)) await axe(page, 'group');
  }

  const reportUrl = `${BASE}${REPORT_PATH}`;
  let hit = null;
  await step(`search: typing ${QUERY} lists the report`, async () => {
    await page.goto(`${BASE}search/index.html`, { waitUntil: 'load' });
    await checkPage(page, 'search');
    const box = page.locator('main input[type=search]');
    expect((await box.count()) === 1, 'search page has no single search box');
    await box.click();
    await box.pressSequentially(QUERY, { delay: 30 });
    await box.press('Enter');
    const link = page.locator(`main a[href$="${REPORT_PATH}"]`).first();
    await link.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    const href = await link.evaluate((a) => a.href);
    expect(href === reportUrl, `search hit links to ${href}, expected ${reportUrl}`);
    hit = link;
  });
  await axe(page, hit ? 'search (with results)' : 'search');
  if (hit) {
    await step('search: the hit opens the report', async () => {
      await Promise.all([page.waitForURL(reportUrl, { waitUntil: 'load' }), hit.click()]);
      const info = await checkPage(page, 'report');
      expect(info.h1[0] === REPORT_TITLE, `report h1 is "${info.h1[0]}", expected "${REPORT_TITLE}"`);
      expect(info.title.startsWith(REPORT_TITLE), `report <title> is "${info.title}"`);
    });
  }

  const more = [
    ['report', REPORT_PATH],
    ['honours', `${YEAR}/honours/index.html`],
    ['reports list', `${YEAR}/reports/index.html`],
    ['archive', 'archive/index.html'],
  ];
  for (const [what, path] of more) {
    await step(`${what} page loads cleanly`, async () => {
      const res = await page.goto(`${BASE}${path}`, { waitUntil: 'load' });
      expect(res && res.status() === 200, `${path} answered ${res && res.status()}`);
      await checkPage(page, what);
    });
    if (at(page, `${BASE}${path}`)) await axe(page, what);
  }

  // A missing page deep below the sub-path: the host answers 404 with the site's 404 page,
  // whose links and assets must still resolve.
  const missing = `${BASE}${YEAR}/no/such/page.html`;
  expected404.add(missing);
  await step('404 page for a missing address', async () => {
    const res = await page.goto(missing, { waitUntil: 'load' });
    expect(res && res.status() === 404, `missing page answered ${res && res.status()}`);
    const info = await checkPage(page, '404');
    expect(info.h1[0].includes('未找到'), `404 h1 is "${info.h1[0]}"`);
    await clickTo(
      page,
      page.locator('main a[href$="index.html"]'),
      (url) => url.href !== missing && url.href.endsWith('index.html'),
      'a way back from the 404 page',
    );
    expect(page.url().startsWith(BASE) && page.url() !== missing, `404 link went to ${page.url()}`);
    await checkPage(page, 'page reached from 404');
  });
  if (!at(page, missing)) await page.goto(missing, { waitUntil: 'load' }).catch(() => {});
  if (at(page, missing)) await axe(page, '404');

  if (IBASE) {
    const internalPages = [
      ['internal home', ''],
      ['internal ledger', `${YEAR}/ledger/index.html`],
      ['internal failed list', `${YEAR}/failed/index.html`],
      ['internal holds', 'holds/index.html'],
      ['internal people', 'people/index.html'],
      ['internal pipeline', 'pipeline/index.html'],
    ];
    for (const [what, path] of internalPages) {
      await step(`${what} page loads cleanly`, async () => {
        const res = await page.goto(`${IBASE}${path}`, { waitUntil: 'load' });
        expect(res && res.status() === 200, `internal ${path} answered ${res && res.status()}`);
        await checkPage(page, what, IBASE);
      });
      if (at(page, `${IBASE}${path}`)) await axe(page, what);
    }
    await step('internal: click from the ledger to a member', async () => {
      await page.goto(`${IBASE}${YEAR}/ledger/index.html`, { waitUntil: 'load' });
      await clickTo(
        page,
        page.locator('main a[href*="members/"][href$="/index.html"]'),
        new RegExp(`/${YEAR}/members/[^/]+/index\\.html$`),
        'a member in the ledger',
      );
      await checkPage(page, 'internal member', IBASE);
    });
    if (/\/members\/[^/]+\/index\.html$/.test(page.url())) await axe(page, 'internal member');
  }

  // A phone 390 px wide: no page scrolls sideways (wide tables and charts scroll inside their
  // own box, with a 「左右滑动查看」 hint shown only when the box overflows), and no chart
  // text is drawn under 11 px on screen (charts keep a legible min-width and scroll).
  const PHONE_W = 390;
  const phone = await browser.newContext({
    viewport: { width: PHONE_W, height: 800 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    serviceWorkers: 'block',
  });
  await phone.route(
    (url) => url.origin !== ORIGIN,
    (route) => {
      problems.push(`request outside the site: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
  const small = await newPage(phone);
  const phonePages = [
    ['home', BASE, ''],
    ['cohort', BASE, `${YEAR}/index.html`],
    ['group', BASE, groupUrl ? groupUrl.slice(BASE.length) : null],
    ['report', BASE, REPORT_PATH],
    ['honours', BASE, `${YEAR}/honours/index.html`],
    ['archive', BASE, 'archive/index.html'],
  ];
  if (IBASE) {
    phonePages.push(
      ['internal ledger', IBASE, `${YEAR}/ledger/index.html`],
      ['internal member', IBASE, `${YEAR}/members/${MEMBER}/index.html`],
      ['internal holds', IBASE, 'holds/index.html'],
      ['internal people', IBASE, 'people/index.html'],
      ['internal person', IBASE, `people/${MEMBER}/index.html`],
      ['internal pipeline', IBASE, 'pipeline/index.html'],
      ['internal cohort', IBASE, `${YEAR}/index.html`],
    );
  }
  let chartsSeen = 0;
  let hintsSeen = 0;
  for (const [what, base, path] of phonePages) {
    if (path === null) continue;
    await step(`phone ${PHONE_W} px: ${what} fits the screen, charts legible, scroll hints`, async () => {
      await small.goto(`${base}${path}`, { waitUntil: 'load' });
      // Lazy images: bring each chart into view so it loads before measuring.
      for (const img of await small.locator('.chart img').all()) {
        await img.scrollIntoViewIfNeeded();
        await img.evaluate((i) => (i.complete ? null : new Promise((ok) => i.addEventListener('load', ok, { once: true }))));
      }
      const r = await small.evaluate(async () => {
        const vw = document.documentElement.clientWidth;
        const wide = [...document.body.querySelectorAll('*')]
          .filter((e) => {
            const b = e.getBoundingClientRect();
            return b.width > 0 && b.right > vw + 1;
          })
          .filter((e) => {
            // Only report the outermost offenders whose overflow is not clipped by a parent.
            for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
              const o = getComputedStyle(p).overflowX;
              if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return false;
            }
            return true;
          })
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ')[0]}` : ''} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`);
        // Charts are SVG files in <img>: read each file's text sizes and viewBox, and scale
        // by the size the image is drawn at.
        const charts = [];
        for (const img of document.querySelectorAll('main .chart img[src$=".svg"]')) {
          const text = await (await fetch(img.currentSrc || img.src)).text();
          const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
          const vb = (svg.getAttribute('viewBox') || '').split(/\s+/).map(Number);
          const w = vb.length === 4 && vb[2] > 0 ? vb[2] : Number(svg.getAttribute('width'));
          const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size') || 16));
          const scale = img.getBoundingClientRect().width / w;
          charts.push({ src: img.getAttribute('src'), smallest: Math.min(...sizes) * scale, texts: sizes.length });
        }
        // Every sideways box: the hint shows exactly when the box overflows.
        const boxes = [...document.querySelectorAll('.table-wrap, .chart-scroll')].map((b) => ({
          label: b.getAttribute('aria-label') || b.className,
          overflows: b.scrollWidth > b.clientWidth + 1,
          hint: parseFloat(getComputedStyle(b, '::before').height) || 0,
          hintText: getComputedStyle(b, '::before').content,
        }));
        return { vw, sw: document.documentElement.scrollWidth, wide, charts, boxes };
      });
      expect(r.vw === PHONE_W, `${what}: viewport is ${r.vw} px, expected ${PHONE_W}`);
      expect(
        r.sw <= PHONE_W,
        `${what}: page is ${r.sw} px wide on a ${r.vw} px screen; widest: ${r.wide.join(', ') || '?'}`,
      );
      for (const c of r.charts) {
        expect(c.texts > 0, `${what}: chart ${c.src} has no text`);
        expect(
          c.smallest >= 11 - 0.01,
          `${what}: chart ${c.src} draws text at ${c.smallest.toFixed(1)} px (< 11 px) on a ${PHONE_W} px screen`,
        );
      }
      chartsSeen += r.charts.length;
      for (const b of r.boxes) {
        expect(b.hintText.includes('左右滑动查看'), `${what}: box "${b.label}" has no scroll hint text`);
        expect(
          b.overflows === b.hint > 1,
          `${what}: box "${b.label}" ${b.overflows ? 'overflows but hides' : 'fits but shows'} the scroll hint (hint ${b.hint} px)`,
        );
        if (b.overflows) hintsSeen += 1;
      }
    });
    if (OUT && SHOTS_390.includes(what) && small.url().startsWith(base)) {
      await step(`phone ${PHONE_W} px screenshot: ${what}`, async () => {
        mkdirSync(OUT, { recursive: true });
        const file = join(OUT, `phone-${what.replace(/\s+/g, '-')}.png`);
        await small.screenshot({ path: file, fullPage: true });
        console.log(`      screenshot: ${file}`);
      });
    }
  }
  await step(`phone ${PHONE_W} px: charts and overflowing boxes were checked at all`, async () => {
    expect(chartsSeen >= 3, `only ${chartsSeen} chart(s) measured`);
    expect(hintsSeen >= 1, 'no overflowing table or chart seen: the hint check proved nothing');
  });

  // The 404 page opened from disk (file://): its stylesheet and links work without a server.
  await step('404 page opened from disk keeps its style and links', async () => {
    const local = await browser.newContext({ locale: 'zh-CN' });
    try {
      const p = await local.newPage();
      await p.goto(pathToFileURL(join(SITE, '404.html')).href, { waitUntil: 'load' });
      const info = await p.evaluate(() => ({
        sheets: [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => Boolean(l.sheet)),
        home: document.querySelector('main a[href$="index.html"]')?.href || '',
        nav: getComputedStyle(document.querySelector('.site-nav')).display,
        h1: document.querySelector('h1')?.textContent || '',
      }));
      expect(info.sheets.length > 0 && info.sheets.every(Boolean), `stylesheet not loaded from disk: ${JSON.stringify(info.sheets)}`);
      expect(info.h1.includes('未找到'), `404 h1 is "${info.h1}"`);
      const want = pathToFileURL(join(SITE, 'index.html')).href;
      expect(info.home === want, `first link goes to ${info.home}, expected ${want}`);
    } finally {
      await local.close();
    }
  });

  await browser.close();
  browser = null;
}

try {
  await main();
} catch (e) {
  fail('browser run', e.stack || e.message || String(e));
} finally {
  if (browser) await browser.close().catch(() => {});
}

vnuReport(await vnuPromise);

const all = axeResults.flatMap((r) => r.violations.map((v) => `${v.impact} ${v.id} (${r.what})`));
if (all.length) console.log(`axe findings: ${all.join('; ')}`);
clearTimeout(watchdog);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
