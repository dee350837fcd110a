import { test, expect } from '@playwright/test';
import { hydrated } from './helpers';

test.describe('home page', () => {
  test('shows the programme figures counted from the database', async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
    await expect(page.getByTestId('fig-villages')).toHaveText('313');
    await expect(page.getByTestId('fig-districts')).toHaveText('23');
    await expect(page.getByTestId('fig-ocop')).toHaveText('1.054');
    await expect(page.getByTestId('fig-producers')).toHaveText('255');
    await expect(page.getByTestId('stars-potential-five')).toContainText('17');
    await expect(page.getByTestId('stars-potential-five')).toContainText('1,6 %');
    await expect(page.getByTestId('stars-four')).toContainText('731');
    await expect(page.getByTestId('stars-four')).toContainText('69,4 %');
    await expect(page.getByTestId('stars-three')).toContainText('306');
    await expect(page.getByTestId('stars-three')).toContainText('29,0 %');
    await expect(page.getByTestId('kind-enterprise')).toContainText('72');
    await expect(page.getByTestId('kind-cooperative')).toContainText('82');
    await expect(page.getByTestId('kind-household')).toContainText('101');
  });

  test('the figures are in the HTML before any script runs', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/');
    await expect(page.getByTestId('fig-ocop')).toHaveText('1.054');
    // The district picker is a plain GET form: it works without wasm too.
    await page.locator('#district').selectOption('gia-lam');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await expect(page).toHaveURL(/district=gia-lam/);
    await expect(page.getByTestId('district-figures')).toContainText('Gia Lâm');
    await context.close();
  });

  test('district figures update in place after hydration, and bad input gets a clear message', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await page.locator('#district').selectOption('thuong-tin');
    await page.getByRole('button', { name: 'Xem', exact: true }).click();
    await expect(page).toHaveURL(/district=thuong-tin/);
    await expect(page.getByTestId('district-figures')).toContainText('Thường Tín');
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);

    await page.goto('/?district=khong-co-quan-nay');
    await expect(page.getByTestId('district-error')).toHaveText('Không tìm thấy nội dung yêu cầu.');
    await page.goto('/?district=NOT%20A%20SLUG');
    await expect(page.getByTestId('district-error')).toHaveText('Thông tin chưa hợp lệ, vui lòng kiểm tra lại.');
  });
});

test('client-side navigation does not reload the page', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.getByRole('navigation').getByRole('link', { name: 'Làng nghề' }).click();
  await expect(page).toHaveURL(/\/villages$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Làng nghề Hà Nội');
  await expect(page.getByTestId('village').first()).toBeVisible();
  expect(await page.getByTestId('village').count()).toBe(313);
  await expect(page.getByRole('heading', { name: /Huyện Gia Lâm/ })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test('the language switch changes the text and the choice persists across navigation', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Làng nghề và sản phẩm OCOP Hà Nội');
  await hydrated(page);
  await page.getByTestId('lang-switch').click();
  await expect(page).toHaveURL(/lang=en/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Hà Nội's craft villages and OCOP products");
  await expect(page.getByTestId('fig-ocop')).toHaveText('1,054');
  await expect(page.getByTestId('lang-switch')).toHaveText('Tiếng Việt');

  // Client-side navigation keeps English...
  await hydrated(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Craft villages' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Hà Nội's craft villages");
  // ...and so does a fresh load without ?lang (the cookie remembers).
  await page.goto('/fairs');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trade fairs and exhibitions');

  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hội chợ, triển lãm');
});

test('unknown pages get a translated 404', async ({ page }) => {
  const response = await page.goto('/khong-co-trang-nay');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Không tìm thấy trang');
  const en = await page.goto('/no-such-page?lang=en');
  expect(en?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Page not found');
});

test('searching from the header finds products regardless of accents', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.locator('#site-search').fill('gom bat trang');
  await page.locator('#site-search').press('Enter');
  await expect(page).toHaveURL(/\/products\?q=gom(\+|%20)bat(\+|%20)trang/);
  await expect(page.getByTestId('product-card').first()).toContainText('Bát Tràng');
  const plain = await page.getByTestId('result-count').textContent();
  await page.goto('/products?q=G%E1%BB%90M%20B%C3%81T%20TR%C3%80NG');
  await expect(page.getByTestId('result-count')).toHaveText(plain ?? '');
  await expect(page.getByTestId('product-card').first()).toContainText('₫');
});

test('pages load and hydrate without script errors or CSP violations', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  for (const path of ['/', '/villages', '/villages/bat-trang', '/products', '/products?q=gom&stars=4', '/fairs', '/?lang=en']) {
    await page.goto(path);
    await hydrated(page);
  }
  await page.getByRole('navigation').getByRole('link', { name: 'Products' }).click();
  await expect(page.getByTestId('product-card').first()).toBeVisible();
  expect(problems).toEqual([]);
});
