import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  expectPath,
  go,
  jsOn,
  next,
  REFERENCE,
  sendComplaint,
  start,
} from './helpers';

test('a young person in care makes a complaint and gets a reference', async ({ page }, info) => {
  await go(page, info, '/');
  await expect(page.getByRole('heading', { level: 1, name: 'Speak Up' })).toBeVisible();
  await expect(page.getByText('Childline is free')).toBeVisible();
  await expectAccessible(page, info);

  await start(page, info, 'Something is wrong');
  await expectAccessible(page, info);
  // Continue without an answer: an error summary linked to the field.
  await next(page, info);
  await expectPath(page, info, '/tell/who');
  const summary = page.getByRole('alert').filter({ hasText: 'There is a problem' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: /Choose who you are/ })).toHaveAttribute('href', '#f-who');
  await expectAccessible(page, info);
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);

  await expectPath(page, info, '/tell/what');
  await expectAccessible(page, info);
  // The back link goes to the page before, with the answer kept.
  await page.getByRole('link', { name: 'Back' }).click();
  await expectPath(page, info, '/tell/who');
  await expect(page.getByLabel('I am a young person in care')).toBeChecked();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByLabel('My social worker').check();
  await page.getByLabel('Tell us what happened').fill('My social worker never calls me back.');
  await next(page, info);

  await expectPath(page, info, '/tell/when');
  await expectAccessible(page, info);
  await page.getByLabel('More than a year ago', { exact: true }).check();
  await page.getByLabel(/why are you telling us now/).fill('I was scared before.');
  await next(page, info);

  await expectPath(page, info, '/tell/help');
  await expectAccessible(page, info);
  await page.getByLabel('Yes', { exact: true }).check();
  await next(page, info);

  await expectPath(page, info, '/tell/contact');
  await expectAccessible(page, info);
  await page.getByLabel('Text message').check();
  await next(page, info);
  await expect(page.getByRole('alert').getByRole('link', { name: /Enter a phone number/ })).toBeVisible();
  await page.getByLabel('Phone number').fill('07700 900123');
  await next(page, info);

  await expectPath(page, info, '/tell/about-you');
  await expectAccessible(page, info);
  await page.getByLabel('13 to 15').check();
  await page.getByLabel('I prefer not to say').nth(1).check();
  await next(page, info);

  await expectPath(page, info, '/tell/check');
  await expectAccessible(page, info);
  await expect(page.getByText('My social worker never calls me back.')).toBeVisible();
  // A change link goes to the page and comes back to the check page.
  await page.getByRole('link', { name: 'Change what happened' }).click();
  await expectPath(page, info, '/tell/what?change=1');
  await page.getByLabel('Tell us what happened').fill('My social worker never calls me back. Not once.');
  await next(page, info);
  await expectPath(page, info, '/tell/check');
  await expect(page.getByText('Not once.')).toBeVisible();

  await next(page, info, 'Send');
  await expectPath(page, info, '/tell/done');
  await expect(page.getByRole('heading', { name: 'Message sent' })).toBeVisible();
  await expect(page.locator('#reference')).toHaveText(REFERENCE);
  await expect(page.getByText(/We will reply by (Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ 20\d\d/)).toBeVisible();
  await expect(page.getByText('We will find you an advocate')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Download a copy of what you sent' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print this page' })).toBeVisible({ visible: jsOn(info) });
  await expectAccessible(page, info);

  // Back and send again: nothing of the message is shown again, and no second one is made.
  const reference = await page.locator('#reference').innerText();
  await page.goto('/tell/check');
  // The draft ended with the send: the same page anyone without answers sees.
  await expect(page.getByRole('heading', { name: 'We could not find your answers' })).toBeVisible();
  await expect(page.getByText(reference)).toHaveCount(0);
  await expect(page.getByText('Not once.')).toHaveCount(0);
});

test('an advocate sends a complaint on a young person\'s behalf', async ({ page }, info) => {
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am helping a young person (advocate or professional)').check();
  await next(page, info);
  await expectPath(page, info, '/tell/behalf');
  await expectAccessible(page, info);
  await page.getByLabel('Their name').fill('Jordan');
  await page.getByLabel('What the young person says, in their own words').fill('I want to see my mum.');
  await page.getByLabel("They can't tell us", { exact: true }).check();
  await next(page, info);
  await expect(page.getByRole('alert').getByRole('link', { name: /without their agreement/ })).toBeVisible();
  await expect(page.getByLabel('Their name')).toHaveValue('Jordan');
  await page.getByLabel(/why are you sending it/).fill('Jordan is 4 and cannot read.');
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await expect(page.getByRole('heading', { name: 'What happened to the young person?' })).toBeVisible();
  await page.getByLabel('My foster home').check();
  await page.getByLabel('Tell us what happened').fill('No family time for eight weeks.');
  await next(page, info);
  await page.getByLabel('In the last year').check();
  await next(page, info);
  await page.getByLabel('No', { exact: true }).check();
  await next(page, info);
  await expectPath(page, info, '/tell/contact');
  await page.getByLabel('Your name').fill('Alex Advocate, Advocacy Service');
  await page.getByLabel('Email', { exact: true }).check();
  await page.getByLabel('Email address').fill('alex@example.org');
  await next(page, info);
  await next(page, info, 'Skip these questions');
  await expectPath(page, info, '/tell/check');
  await expect(page.getByText('I want to see my mum.')).toBeVisible();
  await expect(page.getByText('No family time for eight weeks.')).toBeVisible();
  await next(page, info, 'Send');
  await expectPath(page, info, '/tell/done');
  await expect(page.locator('#reference')).toHaveText(REFERENCE);
});

test('a care leaver asks for someone to help them speak up', async ({ page }, info) => {
  await start(page, info, 'I want someone to help me speak up');
  await page.getByLabel('I used to be in care (care leaver)').check();
  await next(page, info);
  await expectPath(page, info, '/tell/help-with');
  await expectAccessible(page, info);
  await page.getByLabel('What do you want help with?').fill('A meeting about my flat.');
  await next(page, info);
  await page.getByLabel('Phone call').check();
  await page.getByLabel('Phone number').fill('07700 900456');
  await page.getByLabel(/When is it safe/).fill('After 4pm');
  await next(page, info);
  await next(page, info, 'Skip these questions');
  await next(page, info, 'Send');
  await expectPath(page, info, '/tell/done');
  await expect(page.getByRole('heading', { name: 'Request sent' })).toBeVisible();
  await expect(page.getByText(/Someone will get back to you by/)).toBeVisible();
});

test('a foster carer says thank you', async ({ page }, info) => {
  await start(page, info, 'Say thank you');
  await page.getByLabel('I am a foster carer').check();
  await next(page, info);
  await expectPath(page, info, '/tell/thanks');
  await expectAccessible(page, info);
  await page.getByLabel('Their name, or the name of their team').fill('The fostering team');
  await page.getByLabel('What did they do?').fill('They came out on Christmas Eve.');
  await page.getByLabel('Yes', { exact: true }).check();
  await next(page, info);
  await page.getByLabel("Please don't contact me").check();
  await next(page, info);
  await next(page, info, 'Skip these questions');
  await expect(page.getByText('They came out on Christmas Eve.')).toBeVisible();
  await next(page, info, 'Send');
  await expectPath(page, info, '/tell/done');
  await expect(page.getByRole('heading', { name: 'Thank you sent' })).toBeVisible();
});

test('"I don\'t feel safe" is sent at once, then more can be added', async ({ page }, info) => {
  await go(page, info, '/');
  await page.getByRole('button', { name: "I don't feel safe" }).click();
  await expectPath(page, info, '/unsafe');
  await expect(page.getByRole('heading', { name: 'We have told our team' })).toBeVisible();
  await expect(page.locator('.urgent-panel').getByRole('link', { name: '999' })).toBeVisible();
  await expect(page.locator('.urgent-panel').getByRole('link', { name: '0800 1111' })).toBeVisible();
  await expect(page.locator('#reference')).toHaveText(REFERENCE);
  await expectAccessible(page, info);
  await page.getByLabel('What is happening?').fill('I am scared to go home.');
  await page.getByLabel('A phone number that is safe to use').fill('07700 900789');
  await page.getByRole('button', { name: 'Send this too' }).click();
  await expect(page.getByText('Thank you. We have added this to your message.')).toBeVisible();
  await expect(page.getByLabel('What is happening?')).toHaveValue('');
  await expectAccessible(page, info);
  await page.getByRole('button', { name: 'Finish and clear this device' }).click();
  await expectPath(page, info, '/');
  await go(page, info, '/unsafe');
  await expect(page.getByRole('heading', { name: 'Get help now' })).toBeVisible();
  await expect(page.locator('#reference')).toHaveCount(0);
});

test('check progress with the reference and code', async ({ page }, info) => {
  const { reference, code } = await sendComplaint(page, info);
  await go(page, info, '/progress');
  await expectAccessible(page, info);
  // A wrong code and an unknown reference get the same answer.
  await page.getByLabel('Your reference').fill(reference);
  await page.getByLabel('Your secret code').fill('AAAA-AAAA');
  await next(page, info, 'Check');
  await expect(page.getByRole('alert')).toContainText('We could not find a message with that reference and code.');
  await expectAccessible(page, info);
  await page.getByLabel('Your reference').fill(reference.toLowerCase());
  await page.getByLabel('Your secret code').fill(code.replace('-', ' '));
  await next(page, info, 'Check');
  await expectPath(page, info, '/progress/status');
  await expect(page.getByRole('heading', { name: 'What is happening' })).toBeVisible();
  await expect(page.getByText(reference)).toBeVisible();
  await expect(page.locator('#progress-next')).toHaveText(/We will reply by/);
  await expect(page.getByText('never calls me back')).toHaveCount(0);
  await expectAccessible(page, info);
});

test('leave this page quickly goes somewhere neutral and forgets the answers', async ({ page }, info) => {
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<html lang="en"><title>Weather</title><h1>Weather</h1></html>' }),
  );
  await start(page, info, 'Something is wrong');
  await page.getByLabel('I am a young person in care').check();
  await next(page, info);
  await expectPath(page, info, '/tell/what');
  await page.getByRole('button', { name: 'Leave this page quickly' }).click();
  await expect(page).toHaveURL('https://www.bbc.co.uk/weather');
  await page.goto('/tell/what');
  await expect(page.getByRole('heading', { name: 'We could not find your answers' })).toBeVisible();
});

test('pages reflow at 200% zoom with nothing cut off', async ({ page }, info) => {
  // 200% zoom on a 360px phone leaves 180 CSS pixels of width.
  await page.setViewportSize({ width: 180, height: 320 });
  for (const url of ['/', '/progress', '/privacy']) {
    await go(page, info, url);
    await expectAccessible(page, info);
  }
  await start(page, info, 'Something is wrong');
  await expectAccessible(page, info);
});
