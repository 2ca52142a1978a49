// Offline search in a real browser, from file:// (no server), as a visitor opens a site from disk.
//
//   node search.mjs <site folder> check <query> <must-find title> <must-not-find title>
//   node search.mjs <site folder> bench [<query> ...]
//
// check: every result holds the query as a phrase (the excerpt's <mark> is the query, or the
// title holds it), title hits come before the others, <must-find title> is listed and
// <must-not-find title> (a document with the query's bigrams apart) is not.
// bench: prints, per query, the time search.js took from Enter to results shown, cold (no
// file prefetched while typing) and typed (Enter 150 ms after typing), the results shown
// and the index bytes loaded (cold). Nothing is asserted.
//
// Environment: BROWSER_TEST_CHROMIUM  browser executable (default /usr/bin/chromium)
// Prints `search: N passed, M failed` in check mode and exits non-zero on a failure.

import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [siteArg, mode, ...rest] = process.argv.slice(2);
if (!siteArg || !['check', 'bench'].includes(mode)) {
  console.error('usage: node search.mjs <site folder> check|bench ...');
  process.exit(2);
}
const SITE = resolve(siteArg);
const PAGE = pathToFileURL(`${SITE}/search/index.html`).href;
const CHROMIUM = process.env.BROWSER_TEST_CHROMIUM || '/usr/bin/chromium';
const BENCH_QUERIES = ['社区', '调研报告', '违建治理', '老旧小区', '居家养老服务', '群众', '党建引领', '网格化管理', '就业帮扶', '数字治理'];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--allow-file-access-from-files'] });

// Runs one query in a fresh page; returns the results, the time and the bytes loaded.
// `cold`: the text is set without input events, so nothing is prefetched while typing and
// the time from Enter includes loading every file (the benchmark's conservative case);
// `typed`: typed as a person does, Enter 150 ms later (the page prefetches meanwhile).
async function query(q, mode = 'fill') {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const loaded = [];
  page.on('request', (req) => {
    if (req.url().includes('/search/') && req.url().endsWith('.js')) loaded.push(req.url());
  });
  await page.goto(PAGE, { waitUntil: 'load' });
  const box = page.locator('#search-input');
  if (mode === 'cold') {
    await box.evaluate((el, v) => { el.value = v; }, q);
  } else {
    await box.fill(q);
    if (mode === 'typed') await page.waitForTimeout(150);
  }
  await box.press('Enter');
  await page.waitForFunction(() => {
    const s = document.getElementById('search-status');
    return s && (s.dataset.ms !== undefined || s.classList.contains('is-error'));
  }, null, { timeout: 20_000 });
  const out = await page.evaluate(() => ({
    ms: Number(document.getElementById('search-status').dataset.ms),
    candidatesMs: Number(document.getElementById('search-status').dataset.candidates),
    status: document.getElementById('search-status').textContent,
    results: Array.from(document.querySelectorAll('.search-result')).map((li) => ({
      title: li.querySelector('.search-result-title').textContent,
      marks: Array.from(li.querySelectorAll('.search-result-excerpt mark')).map((m) => m.textContent),
    })),
  }));
  out.loaded = loaded;
  out.bytes = out.loaded.reduce((sum, url) => sum + statSync(fileURLToPath(url)).size, 0);
  out.errors = errors;
  await page.close();
  return out;
}

if (mode === 'bench') {
  const queries = rest.length ? rest : BENCH_QUERIES;
  console.log('query              cold ms (candidates)  typed ms  results  index loaded');
  for (const q of queries) {
    const r = await query(q, 'cold');
    const t = await query(q, 'typed');
    console.log(`${q.padEnd(8, '\u3000')} ${String(r.ms).padStart(7)} (${String(r.candidatesMs).padStart(4)})        ${String(t.ms).padStart(5)}  ${String(r.results.length).padStart(7)}  ${(r.bytes / 1024).toFixed(0).padStart(6)} KB  (${r.loaded.length} files) ${r.status}`);
  }
  await browser.close();
} else {
  const [q, mustFind, mustNot] = rest;
  let passed = 0;
  let failed = 0;
  const check = (name, ok, detail) => {
    if (ok) {
      passed += 1;
      console.log(`ok    ${name}`);
    } else {
      failed += 1;
      console.log(`FAIL  ${name}\n        ${detail}`);
    }
  };
  const r = await query(q);
  const needle = q.toLowerCase();
  check('no page errors', r.errors.length === 0, r.errors.join('\n'));
  check(`${q}: results`, r.results.length > 0, r.status);
  const bad = r.results.filter((x) => !x.title.toLowerCase().includes(needle) && !x.marks.some((m) => m.toLowerCase() === needle));
  check(`${q}: every result holds the phrase`, bad.length === 0, JSON.stringify(bad));
  const firstOther = r.results.findIndex((x) => !x.title.toLowerCase().includes(needle));
  const lateTitle = firstOther < 0 ? -1 : r.results.slice(firstOther).findIndex((x) => x.title.toLowerCase().includes(needle));
  check(`${q}: title hits first`, lateTitle < 0, JSON.stringify(r.results.map((x) => x.title)));
  check(`${q}: lists ${mustFind}`, r.results.some((x) => x.title === mustFind), JSON.stringify(r.results.map((x) => x.title)));
  check(`${q}: leaves out ${mustNot} (bigrams apart)`, !r.results.some((x) => x.title === mustNot), JSON.stringify(r.results.map((x) => x.title)));
  check(`${q}: loads at most 1 MB of index`, r.bytes <= 1 << 20, `${r.bytes} bytes`);
  await browser.close();
  console.log(`search: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
