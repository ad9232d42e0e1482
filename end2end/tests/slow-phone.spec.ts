import { CDPSession, expect, Page, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

// On a slow phone (issue 8, item 5): Chromium throttled to 1.6 Mbit/s down, 750 kbit/s up,
// 150 ms round trip and a CPU four times slower. For the start page and a question page it
// records, on a first visit (empty cache): first contentful paint, when the page's form can be
// sent (the HTML is there: every form is a plain form post), when the page's scripts have run
// (the plain script; on the question page also the islands: keep typing, sending by fetch), how long one form post takes, and the bytes transferred.
// The figures go to end2end/.tmp/slow-phone.json and the README; only the byte budgets are
// asserted (times depend on the machine). JavaScript on only (playwright.config.ts): with it
// off there is no WASM to measure.

const KB = 1024;

async function throttle(page: Page): Promise<{ cdp: CDPSession; bytes: () => number; reset: () => void }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1000 * 1000) / 8,
    uploadThroughput: (750 * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // The budgets count what is served (HTML, CSS, JS, WASM bodies as compressed), not HTTP
  // headers or the favicon; Chromium counts headers in `encodedDataLength`, so they are taken
  // off with the raw header text it reports for each response.
  let total = 0;
  const headerBytes = new Map<string, number>();
  const favicon = new Set<string>();
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    headerBytes.set(e.requestId, (e.headersText ?? '').length);
  });
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.endsWith('/favicon.svg')) favicon.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (favicon.has(e.requestId)) return;
    total += Math.max(0, e.encodedDataLength - (headerBytes.get(e.requestId) ?? 0));
  });
  return { cdp, bytes: () => total, reset: () => (total = 0) };
}

async function timings(page: Page) {
  return page.evaluate(async () => {
    const ready = () =>
      document.body.classList.contains('js-enabled') &&
      (document.querySelector('leptos-island') === null || document.body.classList.contains('islands-awake'));
    while (!ready()) await new Promise((r) => setTimeout(r, 20));
    const enhanced = performance.now();
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { fcp: Math.round(fcp), formWorks: Math.round(nav.domContentLoadedEventEnd), enhanced: Math.round(enhanced) };
  });
}

test('a first visit on a slow phone stays within the byte budgets', async ({ page }) => {
  test.setTimeout(120_000);
  const net = await throttle(page);

  await page.goto('/', { waitUntil: 'load' });
  const start = await timings(page);
  await page.waitForLoadState('networkidle');
  const startBytes = net.bytes();

  let t0 = Date.now();
  await page.getByRole('button', { name: 'Something is wrong' }).click();
  await expect(page).toHaveURL(/\/tell\/who$/);
  await page.waitForLoadState('load');
  const startPost = Date.now() - t0;

  // The question page as a first visit: same cookies (the draft), empty cache. Let everything
  // the navigation started finish first: the WASM of /tell/who is still arriving after its
  // `load` event (a module import), and counting it after the reset counted it twice (seen
  // once as 130 KB for a 79 KB page).
  await page.waitForLoadState('networkidle');
  net.reset();
  await page.reload({ waitUntil: 'load' });
  const question = await timings(page);
  await page.waitForLoadState('networkidle');
  const questionBytes = net.bytes();
  await page.getByLabel('I am a young person in care').check();
  t0 = Date.now();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(/\/tell\/what$/);
  await page.waitForLoadState('load');
  const questionPost = Date.now() - t0;

  const figures = {
    conditions: '1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, CPU x4, empty cache',
    start: { ...start, post: startPost, bytes: startBytes },
    question: { ...question, post: questionPost, bytes: questionBytes },
  };
  fs.mkdirSync(path.join(__dirname, '..', '.tmp'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', '.tmp', 'slow-phone.json'), JSON.stringify(figures, null, 2));
  console.log(`slow phone: ${JSON.stringify(figures)}`);

  // The byte budgets of issue 8 (bodies as served, as `./dev sizes` counts them): the start
  // page loads no WebAssembly.
  expect(startBytes, 'start page, first visit').toBeGreaterThan(3 * KB);
  expect(startBytes, 'start page, first visit').toBeLessThanOrEqual(55 * KB);
  expect(questionBytes, 'question page, first visit').toBeLessThanOrEqual(60 * KB);
});
