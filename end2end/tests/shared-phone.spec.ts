import { expect, test } from '@playwright/test';
import { expectAccessible, expectPath, go, jsOn, next, sendComplaint, start } from './helpers';
import fs from 'node:fs';

// Safe on a shared phone: once a message is sent and its confirmation shown, the next person on
// the device can reach none of it (JavaScript on and off).

test('after sending, the copy downloads from the confirmation page, then nothing can be seen again', async ({ page }, info) => {
  const { reference, code } = await sendComplaint(page, info);
  await expect(page.getByText('This page only shows once.')).toBeVisible();
  await expectAccessible(page, info);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download a copy of what you sent' }).click(),
  ]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  expect(text).toContain(reference);
  expect(text).toContain(code);
  expect(text).toContain('My social worker never calls me back.');

  // Reload, go back, reopen: no words, no reference, no code.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'There is nothing to show here' })).toBeVisible();
  for (const url of ['/tell/done', '/tell/copy', '/tell/what', '/tell/check']) {
    await go(page, info, url);
    const body = await page.locator('body').innerText();
    expect(body, url).not.toContain(reference);
    expect(body, url).not.toContain(code);
    expect(body, url).not.toContain('never calls me back');
  }
  await page.goBack();
  await page.goBack();
  const body = await page.locator('body').innerText();
  expect(body).not.toContain(code);
  expect(body).not.toContain('never calls me back');
  if (jsOn(info)) {
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('speakup.')));
    expect(kept).toEqual([]);
  }
});

test('"Finish and clear this device" on the confirmation page ends everything', async ({ page, context }, info) => {
  await sendComplaint(page, info);
  await page.getByRole('button', { name: 'Finish and clear this device' }).click();
  await expectPath(page, info, '/');
  const cookies = (await context.cookies()).map((c) => c.name);
  expect(cookies).toEqual([]);
  await page.goBack();
  await expect(page.locator('#progress-code')).toHaveCount(0);
});

test('quick exit leaves nothing behind that says the child left quickly', async ({ page }, info) => {
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<html lang="en"><title>Weather</title><h1>Weather</h1></html>' }),
  );
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('Tell us what happened').fill('Something private');
  await page.getByRole('button', { name: 'Leave this page quickly' }).click();
  await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
  await page.goBack();
  await page.waitForLoadState('load');
  const body = await page.locator('body').innerText();
  expect(body).not.toContain('Something private');
  expect(body).not.toMatch(/pressed|left quickly/i);
  await go(page, info, '/?expired=1');
  expect(await page.locator('main').innerText()).not.toMatch(/pressed|quickly/i);
});
