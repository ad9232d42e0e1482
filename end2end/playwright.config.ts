import { defineConfig } from '@playwright/test';
import path from 'node:path';

// Every journey runs twice, at a phone's size, in Debian's Chromium: with JavaScript on and off.
// The server is the release build, on its own port and a fresh SQLite file for each run.
const port = Number(process.env.E2E_PORT ?? 3111);
const root = path.resolve(__dirname, '..');
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR ?? 'target');
const db = path.resolve(__dirname, '.tmp', `e2e-${process.pid}.db`);

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: path.join(__dirname, '.tmp', 'results.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 360, height: 640 },
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true } },
    { name: 'js-off', use: { javaScriptEnabled: false }, testIgnore: /js-only|slow-phone/ },
  ],
  webServer: {
    command: path.join(targetDir, 'release', 'server'),
    cwd: root,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      SPEAKUP_ADDR: `127.0.0.1:${port}`,
      SPEAKUP_DB: db,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      RUST_LOG: 'warn',
      // Labelled demo officer accounts (officer@demo.invalid / "demo officer password").
      SPEAKUP_DEMO_ACCOUNTS: '1',
      // Every child in this suite comes from 127.0.0.1: as if the browsers were behind a proxy
      // there, a test that needs its own place says so with X-Forwarded-For (the flood
      // grouping counts urgent messages per place; see safeguarding.spec.ts).
      SPEAKUP_TRUSTED_PROXIES: '127.0.0.1',
      // One address sends the whole suite's messages (about thirty across both projects), more
      // than one place does in an hour. The limit itself is proven in server/tests/shared_phone.rs.
      SPEAKUP_INTAKE_PER_HOUR: '300',
    },
  },
});
