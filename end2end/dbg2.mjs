import { chromium } from '@playwright/test';
import { createHmac } from 'node:crypto';
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; let bits = '';
  for (const ch of secret) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.alloc(Math.floor(bits.length / 8));
  for (let i = 0; i < key.length; i++) key[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
  const c = Buffer.alloc(8); c.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(c).digest(); const o = mac[mac.length - 1] & 15;
  return ((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).toString().padStart(6, '0');
}
const base = 'http://127.0.0.1:3444';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
let bad = 0;
for (let i = 0; i < 15; i++) {
  const ctx = await b.newContext({ viewport: { width: 360, height: 640 } });
  const p = await ctx.newPage();
  const log = [];
  p.on('console', (m) => log.push(`console ${m.type()} ${m.text()}`));
  p.on('pageerror', (e) => log.push(`pageerror ${e.message}`));
  await p.goto(base + '/officer/sign-in');
  await p.getByLabel('Email address').fill('auditor@demo.invalid');
  await p.getByLabel('Password').fill('demo auditor password');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.waitForURL(/two-factor/);
  await p.getByLabel('Code', { exact: true }).fill(totp('ONYGKYLLFV2XALLEMVWW6LLPNZWHSIJB'));
  await p.getByRole('button', { name: 'Continue' }).click();
  await p.waitForURL(/\/officer$/);
  await p.waitForLoadState('load');
  await p.waitForTimeout(300);
  const cls = await p.evaluate(() => document.body.className);
  if (!cls.includes('js-enabled')) { bad++; console.log('BAD', i, cls, log); }
  await ctx.close();
}
console.log('bad', bad);
await b.close();
