import { defineConfig } from '@playwright/test';
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';

// The server under test: the debug build, on a port of its own, with a fresh SQLite database
// seeded with the demo data. Playwright starts it, waits for /healthz, and fails if the port
// is already taken (reuseExistingServer: false), so a stale server is never tested.
const PORT = Number(process.env.CHOLANG_E2E_PORT ?? 3117);
const SERVER = process.env.CHOLANG_SERVER ?? path.resolve(os.homedir(), '.cache/cholang/target/debug/server');
const ROOT = path.resolve(__dirname, '..');
const DB_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cholang-e2e-'));
const DATABASE_URL = `sqlite://${DB_DIR}/e2e.db?mode=rwc`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: {
    command: `"${SERVER}" seed --demo && exec "${SERVER}"`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL,
      UPLOADS_DIR: path.join(DB_DIR, 'uploads'),
      BIND: `127.0.0.1:${PORT}`,
      LEPTOS_OUTPUT_NAME: 'cholang',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      // The build names its files cholang.<hash>.*, listed in hash.txt beside the server.
      LEPTOS_HASH_FILES: 'true',
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      LEPTOS_ENV: 'PROD',
      // The demo accounts' password is published: a production server refuses them otherwise.
      CHOLANG_DEMO: '1',
      RUST_LOG: 'warn',
    },
  },
});
