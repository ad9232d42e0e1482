import { expect, Page, test, TestInfo } from '@playwright/test';
import { expectAccessible, expectPath, jsOn, REFERENCE, signInOfficer } from './helpers';

// "I don't feel safe" is a safety alert for staff too: the case page leads with what to do now,
// offers no complaint actions, and records passing it to safeguarding and the outcome.
test.use({ viewport: { width: 1280, height: 900 } });

async function signIn(page: Page, info: TestInfo) {
  await signInOfficer(page, info, 'officer@demo.invalid', 'demo officer password');
}

async function submit(page: Page, info: TestInfo, button: string) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.waitForLoadState(jsOn(info) ? 'networkidle' : 'load');
  await expect(page.getByText('That was not recorded')).toHaveCount(0);
}

test('an officer passes a safety alert to safeguarding and records the outcome', async ({ page, browser }, info) => {
  const young = await browser.newPage({ baseURL: info.project.use.baseURL, javaScriptEnabled: jsOn(info), viewport: { width: 360, height: 640 } });
  await young.goto('/');
  await young.getByRole('button', { name: "I don't feel safe" }).click();
  await expect(young).toHaveURL(/\/unsafe$/);
  const reference = (await young.locator('body').innerText()).match(REFERENCE)![0];
  await young.close();

  await signIn(page, info);
  const alerts = page.locator('#safety-alerts');
  await expect(alerts.getByRole('heading', { name: /Safety alerts \(\d+\)/ })).toBeVisible();
  await alerts.getByRole('link', { name: reference }).click();
  await expectPath(page, info, `/officer/case/${reference}`);

  // It leads with what to do now: who to call, who covers at this hour, the deadline in hours.
  await expect(page.getByRole('heading', { name: 'Do this now: pass it to safeguarding' })).toBeVisible();
  await expect(page.locator('#safety-contact')).not.toBeEmpty();
  await expect(page.locator('#safety-out-of-hours')).not.toBeEmpty();
  await expect(page.locator('#safety-cover')).toContainText('covers');
  await expect(page.locator('#safety-due .rag')).toBeVisible();
  await expect(page.locator('#safety-status')).toHaveText('Not passed on yet');
  // No complaint actions.
  await expect(page.getByText('Triage decision')).toHaveCount(0);
  await expect(page.getByText('Ombudsman enquiry')).toHaveCount(0);
  await expectAccessible(page, info);

  // A mistake is shown and nothing is recorded.
  await page.getByRole('button', { name: 'Record passed on', exact: true }).click();
  await page.waitForLoadState(jsOn(info) ? 'networkidle' : 'load');
  await expect(page.getByText('Say who it was passed to')).toBeVisible();

  await page.getByLabel('Passed to (team and person)').fill('MASH duty social worker');
  await submit(page, info, 'Record passed on');
  await expect(page.locator('#safety-status')).toHaveText('Passed to safeguarding');
  await expect(page.locator('#safety-passed-on')).toContainText('MASH duty social worker');
  await expect(page.locator('#timeline')).toContainText('Passed to safeguarding');

  await page.getByLabel('Outcome', { exact: true }).selectOption('already_known');
  await submit(page, info, 'Record outcome');
  await expect(page.locator('#safety-status')).toHaveText('Outcome recorded');
  await expect(page.locator('#safety-outcome')).toContainText('Already known');
  await expect(page.locator('#timeline')).toContainText('Safeguarding outcome');
  await expectAccessible(page, info);
});
