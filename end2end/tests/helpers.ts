import { Page, expect } from '@playwright/test';

/** Waits until the wasm has hydrated the page (the app marks <body data-hydrated>). */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Logs in through the form; `next` is where the app should land afterwards. */
export async function logIn(page: Page, email: string, password = 'cholang-demo', next = '/account') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill(password);
  await page.getByTestId('login-form').getByRole('button').click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
}

export async function logOut(page: Page) {
  await page.goto('/account');
  await page.getByTestId('logout').click();
  await expect(page.getByTestId('nav-login')).toBeVisible();
}
