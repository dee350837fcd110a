import { test, expect } from '@playwright/test';
import { hydrated } from './helpers';

test('type a query without accents, reach the product and see its certificate', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.locator('#site-search').fill('binh hoa bat trang');
  await page.locator('#site-search').press('Enter');
  await expect(page).toHaveURL(/\/products\?q=/);
  const first = page.getByTestId('product-card').first();
  const name = (await first.locator('h2').textContent())!.trim();
  expect(name).toContain('Bát Tràng');
  await first.locator('a').first().click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByTestId('product-name')).toHaveText(name);
  await expect(page.getByTestId('product-price')).toContainText('₫');
  await expect(page.getByTestId('ocop-certificate')).toContainText('QĐ-UBND');
  await expect(page.getByTestId('ocop-badge')).toContainText('sao');
  await expect(page.getByTestId('category-path')).toContainText('Gốm sứ');

  // From the product to its producer's storefront, then to the village.
  await page.getByTestId('producer-card').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/producers\/[a-z0-9-]+$/);
  await expect(page.getByTestId('storefront')).toBeVisible();
  await page.getByTestId('village-link').first().click();
  await expect(page).toHaveURL(/\/villages\/bat-trang$/);
  await expect(page.getByTestId('village-name')).toHaveText(/Bát Tràng/);
});

test('detail pages are server-rendered with their SEO tags, and unknown slugs are 404', async ({ page, request }) => {
  const res = await request.get('/villages/van-phuc?lang=en');
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain('rel="canonical"');
  expect(html).toContain('hreflang="vi"');
  expect(html).toContain('og:title');
  expect((await request.get('/products/khong-co-san-pham-nay')).status()).toBe(404);
  expect((await request.get('/producers/khong-co')).status()).toBe(404);
  const index = await request.get('/sitemap.xml');
  expect(index.status()).toBe(200);
  const pagesFile = (await index.text()).match(/<loc>(http[^<]*\/sitemaps\/pages\.xml)<\/loc>/);
  expect(pagesFile).not.toBeNull();
  const pages = await request.get(new URL(pagesFile![1]).pathname);
  expect(await pages.text()).toContain('/villages/bat-trang</loc>');
  await page.goto('/villages/van-phuc');
  await expect(page.getByTestId('village-name')).toHaveText(/Vạn Phúc/);
});

test('a village page has its own catalog: facets narrow it and stay on the village page', async ({ page, request }) => {
  await page.goto('/villages/bat-trang');
  await hydrated(page);
  const catalog = page.getByTestId('village-catalog');
  const count = async () => Number((await catalog.getByTestId('result-count').textContent())!.replace(/\D/g, ''));
  const all = await count();
  expect(all).toBeGreaterThan(0);
  // The village is fixed: no village or district facet here.
  await expect(catalog.getByTestId('facet-village-bat-trang')).toHaveCount(0);
  await catalog.locator('[data-testid^="facet-stars-"]').first().click();
  await expect(page).toHaveURL(/\/villages\/bat-trang\?stars=\d$/);
  await expect.poll(count).toBeLessThan(all);
  await expect(page.getByTestId('village-name')).toHaveText(/Bát Tràng/);

  const robots = await request.get('/robots.txt');
  expect(await robots.text()).toMatch(/Sitemap: http:\/\/[^/]+\/sitemap\.xml/);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('a storefront filtered by URL shows only matching products', async ({ page }) => {
    await page.goto('/villages/bat-trang');
    const storefront = await page.getByTestId('producer-card').first().getByRole('link').first().getAttribute('href');
    await page.goto(`${storefront}?stars=4`);
    const catalog = page.getByTestId('producer-catalog');
    await expect(catalog).toBeVisible();
    const cards = catalog.getByTestId('product-card');
    const n = await cards.count();
    for (let i = 0; i < n; i++) await expect(cards.nth(i).locator('.ocop-badge')).toContainText('4');
    await expect(catalog.getByTestId('active-filters')).toContainText('4');
  });
});
