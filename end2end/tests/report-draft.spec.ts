import { expect, test } from '@playwright/test';
import { expectAccessible, expectPath, go, jsOn, signInOfficer } from './helpers';

// A manager brings in an earlier year's figures, then writes the draft report for it, on a
// phone-sized screen, with JavaScript on and off. The two projects share one server, so each
// uses its own years, two apart: a year's CSV also holds the year before, so an import next
// door would show in the other project's blank template.

test('a manager imports an earlier year table by table; a bad file is refused line by line and kept', async ({ page }, info) => {
  const year = jsOn(info) ? 2016 : 2013;
  const label = `${year}/${String(year + 1).slice(2)}`;
  await signInOfficer(page, info, 'manager@demo.invalid', 'demo manager password');
  await go(page, info, `/officer/report?year=${year}`);
  await page.getByRole('link', { name: 'Import an earlier year’s figures' }).click();
  await expectPath(page, info, `/officer/report/import?year=${year - 1}`);
  await page.getByLabel('Financial year').selectOption(String(year));
  await page.getByRole('button', { name: 'Choose this year' }).click();
  await expectPath(page, info, `/officer/report/import?year=${year}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Import an earlier year’s figures' })).toBeVisible();
  await expectAccessible(page, info);

  // The blank template is the table's own CSV for a year with nothing in it.
  const blank = await (await page.request.get(`/officer/report/${year}/channels.csv`)).text();
  expect(blank).toContain(`Channel,${label},`);
  expect(blank).toContain('Phone,0,0,0');

  await page.getByLabel(`Table of ${label}`).selectOption('channels');
  const bad = blank.replace('Phone,0,0,0', 'Phone,about ten,0,');
  await page.getByLabel('The table’s CSV').fill(bad);
  await page.getByRole('button', { name: `Import into ${label}` }).click();
  await expect(page.getByRole('heading', { name: 'Nothing was imported: put these right and import again' })).toBeVisible();
  await expect(page.locator('#problems li').first()).toContainText(/^Line \d+: the \d{4}\/\d{2} figure for “Phone” is “about ten”/);
  await expect(page.getByLabel('The table’s CSV')).toHaveValue(/Phone,about ten,0,/);
  await expect(page.getByLabel(`Table of ${label}`)).toHaveValue('channels');
  await expectAccessible(page, info);

  // The total, if given, must add up: it is changed with the row.
  await page.getByLabel('The table’s CSV').fill(blank.replace('Phone,0,0,0', 'Phone,12,0,').replace('Contacts received,0,0,0', 'Contacts received,12,0,'));
  await page.getByRole('button', { name: `Import into ${label}` }).click();
  await expect(page.locator('#done')).toContainText(`Imported: How contact was made for ${label}.`);
  await expect(page.locator('#imported-year')).toContainText('Figures imported by');
  await expectAccessible(page, info);

  await go(page, info, `/officer/report?year=${year}`);
  await expect(page.locator('#closed-year')).toContainText('Imported by');
  await expect(page.locator('#table-channels tr', { hasText: 'Phone' }).locator('td').first()).toHaveText('12');
  await page.getByRole('link', { name: 'Trends over ten years' }).click();
  await expect(page.locator('#table-trends')).toBeVisible();
  await expectAccessible(page, info);
});

test('the draft report shows the year in the published shape and keeps what an officer writes', async ({ page }, info) => {
  const year = jsOn(info) ? 2018 : 2019;
  const label = `${year}/${String(year + 1).slice(2)}`;
  await signInOfficer(page, info, 'officer@demo.invalid', 'demo officer password');
  await go(page, info, `/officer/report?year=${year}`);
  await page.getByRole('link', { name: 'Draft report for publishing' }).click();
  await expectPath(page, info, `/officer/report/draft?year=${year}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`annual report ${label}`) })).toBeVisible();
  for (const section of ['1. Summary', '2. The complaints procedure', '3. What people told us', '4. What we learned and changed', '5. Compliments', '6. Equality', '7. The year ahead']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  await expect(page.locator('#summary .draft-missing')).toHaveText('[Not written yet.]');
  await expectAccessible(page, info);

  const words = `In ${label} children told us about their social workers more than anything else.`;
  await page.getByLabel('Summary', { exact: true }).fill(words);
  await page.getByRole('button', { name: 'Save “Summary”' }).click();
  await expectPath(page, info, new RegExp(`/officer/report/draft\\?year=${year}&saved=summary(#summary)?$`));
  await expect(page.locator('#summary p', { hasText: words })).toBeVisible();
  await expect(page.locator('#summary').getByText('Last saved by')).toBeVisible();
  await expectAccessible(page, info);

  // Printed: only the report (no header, no edit boxes, no tools).
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.officer-header')).toBeHidden();
  await expect(page.locator('.draft-edit').first()).toBeHidden();
  await expect(page.locator('#summary p', { hasText: words })).toBeVisible();
});
