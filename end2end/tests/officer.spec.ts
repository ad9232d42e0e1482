import { Browser, expect, Page, test, TestInfo } from '@playwright/test';
import { DEMO_TOTP_SECRET, expectAccessible, expectPath, go, jsOn, sendComplaint, signInOfficer, totp } from './helpers';

// An officer's day, on a work laptop, with JavaScript on and with it locked down (off).
test.use({ viewport: { width: 1280, height: 900 } });

async function signIn(page: Page, info: TestInfo) {
  await go(page, info, '/officer/sign-in');
  await expectAccessible(page, info);
  await signInOfficer(page, info, 'officer@demo.invalid', 'demo officer password');
}

async function record(page: Page, info: TestInfo, section: string, fill: () => Promise<void>, button: string) {
  // Each form sits in a <details>; with JavaScript on it stays open after use.
  const details = page.locator('details', { has: page.locator('summary', { hasText: section }) }).first();
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  await fill();
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState(jsOn(info) ? 'networkidle' : 'load');
  await expect(page.getByText('That was not recorded')).toHaveCount(0);
}

/** The young person's progress page, in their own browser. */
async function progress(browser: Browser, info: TestInfo, reference: string, code: string) {
  const context = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: jsOn(info), viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await page.goto('/progress');
  await page.getByLabel('Your reference').fill(reference);
  await page.getByLabel('Your secret code').fill(code);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page).toHaveURL(/\/progress\/status$/);
  const now = await page.locator('#progress-now').innerText();
  const next = await page.locator('#progress-next').innerText().catch(() => '');
  await context.close();
  return { now, next };
}

test('an officer triages a complaint into Stage 1 and takes it to close; the young person sees each step', async ({ page, browser }, info) => {
  // A young person sends a complaint; someone else presses "I don't feel safe".
  const young = await browser.newPage({ baseURL: info.project.use.baseURL, javaScriptEnabled: jsOn(info), viewport: { width: 360, height: 640 } });
  const { reference, code } = await sendComplaint(young, info);
  await young.goto('/');
  await young.getByRole('button', { name: "I don't feel safe" }).click();
  await expect(young).toHaveURL(/\/unsafe$/);
  await young.close();

  await signIn(page, info);
  await expect(page.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expect(page.locator('table.inbox tbody tr').first()).toContainText('URGENT');
  await expectAccessible(page, info);

  await page.getByLabel('Reference').fill(reference);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('table.inbox tbody tr')).toHaveCount(1);
  await page.getByRole('link', { name: reference }).click();
  await expectPath(page, info, `/officer/case/${reference}`);
  await expect(page.getByText('My social worker never calls me back.')).toBeVisible();
  await expect(page.locator('#case-status')).toHaveText('Received');
  await expectAccessible(page, info);

  await record(page, info, 'Triage decision', async () => {
    await page.getByLabel('Decision', { exact: true }).selectOption('statutory');
    await page.getByLabel('Reason for the decision').fill('A young person in care complains about their social worker: statutory.');
  }, 'Record decision');
  await expect(page.locator('#case-status')).toHaveText('Open');
  await expect(page.locator('#case-stage')).toHaveText('Stage 1 (local resolution)');
  const afterTriage = await progress(browser, info, reference, code);
  expect(afterTriage.now).toContain('step 1');

  for (const category of ['Communication', 'Delay in decision or service']) {
    await record(page, info, 'Add a concern', async () => {
      await page.getByLabel('Category').selectOption(category);
    }, 'Add concern');
  }
  await expect(page.locator('#concerns li')).toHaveCount(2);

  const dueBefore = await page.locator('#deadlines').innerText();
  await record(page, info, 'Extend the current stage', async () => {
    await page.getByLabel('New total, in working days').fill('20');
    await page.getByLabel('Reason (the complainant is told)').fill('The young person asked for an advocate.');
  }, 'Extend');
  await expect(page.locator('#deadlines')).not.toHaveText(dueBefore);
  const afterExtension = await progress(browser, info, reference, code);
  expect(afterExtension.next).not.toEqual(afterTriage.next);

  await record(page, info, 'Outcome for a concern', async () => {
    await page.getByLabel('Concern', { exact: true }).selectOption('0');
    await page.getByLabel('Outcome', { exact: true }).selectOption('upheld');
  }, 'Record outcome');
  await record(page, info, 'Outcome for a concern', async () => {
    await page.getByLabel('Concern', { exact: true }).selectOption('1');
    await page.getByLabel('Outcome', { exact: true }).selectOption('partly_upheld');
  }, 'Record outcome');
  await expect(page.locator('#concerns')).toContainText('Communication: Upheld');
  await expect(page.locator('#concerns')).toContainText('Delay in decision or service: Partly upheld');

  await record(page, info, 'Learning action', async () => {
    await page.getByLabel('What will change').fill('Social workers reply to messages within 2 working days.');
    await page.getByLabel('Who will do it').fill('Head of Service');
  }, 'Add learning action');
  await expect(page.locator('#learning')).toContainText('Head of Service');

  await record(page, info, 'Response sent', async () => {}, 'Record response');
  await record(page, info, 'Close', async () => {}, 'Close case');
  await expect(page.locator('#case-status')).toHaveText('Closed');
  await expect(page.locator('#timeline li')).not.toHaveCount(0);
  await expectAccessible(page, info);
  const afterClose = await progress(browser, info, reference, code);
  expect(afterClose.now).toContain('finished looking at your complaint');
});

test('an officer records a Stage 2 request and declines it for a lawful reason; the young person is told in plain words', async ({ page, browser }, info) => {
  await page.setViewportSize({ width: 360, height: 640 });
  const young = await browser.newPage({ baseURL: info.project.use.baseURL, javaScriptEnabled: jsOn(info), viewport: { width: 360, height: 640 } });
  const { reference, code } = await sendComplaint(young, info);
  await young.close();

  await signIn(page, info);
  await go(page, info, `/officer/case/${reference}`);
  // The next step comes first and is already open: triage.
  await expect(page.locator('#next-step summary')).toHaveText('Triage decision');
  await record(page, info, 'Triage decision', async () => {
    await page.getByLabel('Decision', { exact: true }).selectOption('statutory');
    await page.getByLabel('Reason for the decision').fill('A young person in care complains about their social worker.');
  }, 'Record decision');
  await expect(page.locator('#next-step summary')).toHaveText('Acknowledged');
  await record(page, info, 'Acknowledged', async () => {}, 'Record acknowledgement');
  await record(page, info, 'Add a concern', async () => {
    await page.getByLabel('Category').selectOption('Communication');
  }, 'Add concern');
  await record(page, info, 'Outcome for a concern', async () => {
    await page.getByLabel('Concern', { exact: true }).selectOption('0');
    await page.getByLabel('Outcome', { exact: true }).selectOption('not_upheld');
  }, 'Record outcome');
  await record(page, info, 'Response sent', async () => {}, 'Record response');
  // Declining is not offered before anyone asks for Stage 2.
  await expect(page.locator('#open-steps')).not.toContainText('Stage 2 declined');

  await record(page, info, 'Stage 2 asked for', async () => {
    await page.getByLabel('Who asked').selectOption('in_care');
    await page.getByLabel('What they are still unhappy with').fill('My social worker still does not call me back.');
  }, 'Record Stage 2 request');
  await expect(page.locator('#next-step summary')).toContainText('Stage 2 accepted');
  await record(page, info, 'Stage 2 declined', async () => {
    await page.getByLabel('Reason (as the statutory guidance allows)').selectOption('court_proceedings');
    await page.getByLabel('Detail (as in the letter)').fill('Contact is being decided by the family court.');
  }, 'Record decline');
  await expect(page.locator('#stage2-request')).toContainText('Declined: The subject of court or tribunal proceedings');
  // What can no longer be done waits under "Other actions", with the reason.
  await page.locator('#other-actions > summary').click();
  await expect(page.locator('#other-actions')).toContainText('there is no investigation');
  await expectAccessible(page, info);

  const told = await progress(browser, info, reference, code);
  expect(told.now).toContain('We have decided not to look at your complaint again (step 2)');
  expect(told.next).toContain('Ombudsman');
  expect(told.now).not.toContain('family court');
});

test('a manager reads the yearly report, switches to the publishable view and can download each table', async ({ page }, info) => {
  await signInOfficer(page, info, 'manager@demo.invalid', 'demo manager password');
  await page.getByRole('link', { name: 'Yearly report' }).click();
  await expectPath(page, info, '/officer/report');
  await expect(page.getByRole('heading', { level: 1, name: /Children's complaints report \d{4}\/\d{2}/ })).toBeVisible();
  await expect(page.getByText('Internal view: exact counts.')).toBeVisible();
  await expect(page.locator('#table-handling')).toBeVisible();
  await expect(page.getByRole('link', { name: /Download this table \(CSV\)/ }).first()).toHaveAttribute('href', /\.csv$/);
  await expectAccessible(page, info);
  await page.getByLabel('View').selectOption('publishable');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/view=publishable/);
  await expect(page.getByText('Publishable view: any count from 1 to 4 is shown as <5')).toBeVisible();
  await expect(page.getByRole('link', { name: /Download this table \(CSV\)/ }).first()).toHaveAttribute('href', /view=publishable$/);
});

test('the password alone does not sign in: a wrong code is refused, the right one works', async ({ page }, info) => {
  await go(page, info, '/officer/sign-in');
  await page.getByLabel('Email address').fill('auditor@demo.invalid');
  await page.getByLabel('Password').fill('demo auditor password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectPath(page, info, '/officer/two-factor');
  await expectAccessible(page, info);
  await go(page, info, '/officer');
  await expectPath(page, info, '/officer/sign-in');
  await go(page, info, '/officer/two-factor');
  const right = totp(DEMO_TOTP_SECRET);
  await page.getByLabel('Code', { exact: true }).fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectPath(page, info, '/officer/two-factor?e=code');
  await expect(page.getByText('That code did not work').first()).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill(totp(DEMO_TOTP_SECRET));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expectPath(page, info, '/officer');
});
