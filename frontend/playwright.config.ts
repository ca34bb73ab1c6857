import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium against the real `crm` binary (debug build, which
// reads the built web app from frontend/dist) on a fresh SQLite database.
const port = Number(process.env.CRM_E2E_PORT ?? 5183);
const binary = process.env.CRM_E2E_BINARY ?? '../target/debug/crm';
const dataDir = 'test-results/e2e-data';

export const ADMIN = { email: 'e2e-admin@example.com', password: 'e2e password that is long' };

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  outputDir: 'test-results/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CRM_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${dataDir} && ${binary} serve`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      CRM_BIND: `127.0.0.1:${port}`,
      CRM_DATA_DIR: dataDir,
      CRM_ADMIN_EMAIL: ADMIN.email,
      CRM_ADMIN_PASSWORD: ADMIN.password,
      CRM_ORGANIZATION_NAME: 'E2E Organization',
      RUST_LOG: 'warn',
    },
  },
});
