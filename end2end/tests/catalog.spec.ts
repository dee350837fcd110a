import { test, expect } from '@playwright/test';
import { hydrated } from './helpers';

const count = async (page: import('@playwright/test').Page) =>
  Number((await page.getByTestId('result-count').textContent())!.replace(/\D/g, ''));

test('narrowing by stars and district makes the count fall, without reloading', async ({ page }) => {
  await page.goto('/products');
  await hydrated(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await expect(page.getByTestId('result-count')).toHaveText('1.054 sản phẩm');

  await page.getByTestId('facet-stars-4').click();
  await expect(page).toHaveURL(/stars=4/);
  await expect(page.getByTestId('result-count')).toHaveText('731 sản phẩm');

  const giaLam = page.getByTestId('facet-district-gia-lam');
  const expected = Number((await giaLam.locator('.facet__count').textContent())!.replace(/\D/g, ''));
  await giaLam.click();
  await expect(page).toHaveURL(/district=gia-lam/);
  await expect(page.getByTestId('active-filters')).toContainText('Gia Lâm');
  await expect.poll(() => count(page)).toBe(expected);
  expect(expected).toBeLessThan(731);
  for (const badge of await page.locator('.ocop-badge').allTextContents()) expect(badge).toContain('4 sao');
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

  // Back goes to the previous filter state.
  await page.goBack();
  await expect(page.getByTestId('result-count')).toHaveText('731 sản phẩm');

  await page.getByTestId('clear-filters').click();
  await expect(page.getByTestId('result-count')).toHaveText('1.054 sản phẩm');
});

test('a filtered catalog URL gives the same results with JavaScript disabled', async ({ browser, page }) => {
  const url = '/products?q=gom&stars=4&sort=price_asc';
  await page.goto(url);
  await hydrated(page);
  const withJs = await page.getByTestId('product-card').locator('h2').allTextContents();
  const total = await page.getByTestId('result-count').textContent();

  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto(url);
  await expect(noJs.getByTestId('result-count')).toHaveText(total!);
  expect(await noJs.getByTestId('product-card').locator('h2').allTextContents()).toEqual(withJs);
  // Facet links work as plain links.
  await noJs.getByTestId('facet-kind-cooperative').click();
  await expect(noJs).toHaveURL(/kind=cooperative/);
  await expect(noJs.getByTestId('active-filters')).toContainText('Hợp tác xã');
  await context.close();
});

test('an empty result says so and offers to clear the filters', async ({ page }) => {
  await page.goto('/products?q=khongcosanphamnay&stars=5');
  await expect(page.getByTestId('empty-results')).toBeVisible();
  await page.getByTestId('empty-results').getByRole('link').click();
  await expect(page).toHaveURL(/\/products\?q=khongcosanphamnay$/);
});

test('sorting by price orders the cards', async ({ page }) => {
  await page.goto('/products?sort=price_desc');
  const prices = (await page.locator('.product-card__price').allTextContents())
    .map((p) => Number(p.split('₫')[0].replace(/\D/g, '')));
  expect(prices.length).toBe(24);
  expect([...prices].sort((a, b) => b - a)).toEqual(prices);
});

test('search suggestions appear as you type and work with the keyboard', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  const box = page.locator('#site-search');
  await box.pressSequentially('van phuc', { delay: 30 });
  const list = page.getByTestId('suggestions');
  await expect(list).toBeVisible();
  await expect(list.getByRole('option').filter({ hasText: 'Làng nghề' }).first()).toContainText('Vạn Phúc');
  await box.press('ArrowDown');
  await expect(list.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', 'suggestion-0');
  await box.press('Escape');
  await expect(list).toBeHidden();
  // Enter without a chosen suggestion searches the catalog.
  await box.press('Enter');
  await expect(page).toHaveURL(/\/products\?q=van(\+|%20)phuc/);
  await expect(page.getByTestId('product-card').first()).toContainText('Vạn Phúc');
});
