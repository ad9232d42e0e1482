import { expect, test } from '@playwright/test';
import { expectPath, go, next, start } from './helpers';

// Behaviour that exists only because JavaScript is on. (With it off, the server keeps the
// answers between pages; these pages still work, as journeys.spec.ts shows.)

test('what was typed survives a reload and is cleared once sent', async ({ page }, info) => {
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('Tell us what happened').fill('Half written, then the bus went into a tunnel');
  await expect(page.getByText(/You have 4,95\d characters left/)).toBeVisible();
  await page.reload();
  await expectPath(page, info, '/tell/what');
  await expect(page.getByLabel('Tell us what happened')).toHaveValue('Half written, then the bus went into a tunnel');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('speakup.')).length);
  expect(kept).toBeGreaterThan(0);
});

test('a dropped connection loses nothing and Continue works again once back online', async ({ page, context }, info) => {
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('My social worker').check();
  await page.getByLabel('Tell us what happened').fill('Typed on the bus');
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('We could not reach the internet');
  await expect(page.getByLabel('Tell us what happened')).toHaveValue('Typed on the bus');
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectPath(page, info, '/tell/when');
});

test('pressing Shift three times leaves the page and clears the device copy', async ({ page }, info) => {
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<html lang="en"><title>Weather</title><h1>Weather</h1></html>' }),
  );
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
  await page.goto('/');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('speakup.')).length);
  expect(kept).toBe(0);
});

test('mistakes come back on the same page from the server, summary focused, nothing typed lost', async ({ page }, info) => {
  // The server checks every page, JavaScript on or off (no second copy of the rules in the
  // WebAssembly: README, "Decisions"). With JavaScript the form goes by fetch, so the answer
  // is one request and the page it names.
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('Tell us what happened').fill('Typed before the mistake');
  let saves = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/intake/save')) saves += 1;
  });
  await page.getByRole('button', { name: 'Continue' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page.locator('#f-service-error')).toContainText('Choose which service');
  await expectPath(page, info, '/tell/what');
  await expect(page.getByLabel('Tell us what happened')).toHaveValue('Typed before the mistake');
  expect(saves).toBe(1);
});

test('text typed after "I don\'t feel safe" never fills in the next person\'s form', async ({ page }, info) => {
  await go(page, info, '/');
  await page.getByRole('button', { name: "I don't feel safe" }).click();
  await expectPath(page, info, '/unsafe');
  await page.getByLabel('What is happening?').fill('Typed by the child, not sent');
  // The next person on the phone starts a complaint.
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await expect(page.getByLabel('Tell us what happened')).toHaveValue('');
  const kept = await page.evaluate(() =>
    Object.entries(localStorage).filter(([k, v]) => k.startsWith('speakup.') && v.includes('Typed by the child')),
  );
  expect(kept).toEqual([]);
});

test('what was typed after "I don\'t feel safe" is cleared from the device once sent', async ({ page }, info) => {
  await go(page, info, '/');
  await page.getByRole('button', { name: "I don't feel safe" }).click();
  await expectPath(page, info, '/unsafe');
  await page.getByLabel('What is happening?').fill('I am scared to go home.');
  await page.getByRole('button', { name: 'Send this too' }).click();
  await expect(page.getByText('Thank you. We have added this to your message.')).toBeVisible();
  await expect(page.getByLabel('What is happening?')).toHaveValue('');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('speakup.')));
  expect(kept).toEqual([]);
});

test('Shift only counts on its own: capitals and Shift+Tab never leave the page', async ({ page }, info) => {
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('Tell us what happened').click();
  for (const key of ['KeyA', 'KeyB', 'KeyC', 'Tab', 'Tab', 'Tab']) {
    await page.keyboard.down('Shift');
    await page.keyboard.press(key);
    await page.keyboard.up('Shift');
  }
  // Quick exit blanks the page in the key handler itself, so this is checked after the fact.
  await expect(page.getByLabel('Tell us what happened')).toBeVisible();
  await expectPath(page, info, '/tell/what');
});

test('Shift three times does nothing on officer pages', async ({ page }, info) => {
  await go(page, info, '/officer/sign-in');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await page.keyboard.press('Shift');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectPath(page, info, '/officer/sign-in');
});
