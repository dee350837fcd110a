import { test, expect, Page } from '@playwright/test';
import { hydrated, logIn } from './helpers';

// The islands mode: the server renders every page, only the islands run in the browser, and
// the islands router moves between pages without reloading.

const sameDocument = async (page: Page) => page.evaluate(() => (window as any).__sameDocument === true);
const markDocument = async (page: Page) => page.evaluate(() => ((window as any).__sameDocument = true));

test('navigating without a reload keeps the cart badge right', async ({ page }) => {
  await page.goto('/products?sort=price_asc');
  await hydrated(page);
  await markDocument(page);
  await expect(page.getByTestId('cart-badge')).toHaveCount(0);

  // An island adds to the cart; the header's badge (another island) counts it.
  const card = page.getByTestId('product-card').filter({ has: page.getByTestId('add-to-cart') }).first();
  await card.getByTestId('add-to-cart-button').click();
  await expect(card.getByTestId('added-to-cart')).toBeVisible();
  await expect(page.getByTestId('cart-badge')).toHaveText('1');

  // Through the router to another page kind: the new header still counts it.
  await page.getByRole('navigation').getByRole('link', { name: 'Làng nghề' }).click();
  await expect(page).toHaveURL(/\/villages$/);
  await expect(page.getByTestId('cart-badge')).toHaveText('1');

  // A product page's own island adds two more; the badge follows without a reload.
  await page.goBack();
  await expect(page).toHaveURL(/sort=price_asc/);
  await page.getByTestId('product-card').nth(1).locator('a').first().click();
  await expect(page.getByTestId('product-name')).toBeVisible();
  await hydrated(page);
  const buy = page.getByTestId('add-to-cart').filter({ has: page.getByTestId('add-quantity') });
  await buy.getByTestId('add-quantity').fill('2');
  await buy.getByTestId('add-to-cart-button').click();
  await expect(buy.getByTestId('added-to-cart')).toBeVisible();
  await expect(page.getByTestId('cart-badge')).toHaveText('3');

  // The cart page, reached by the header link, agrees; changing a line there (a server-only
  // form the router posts) is counted in the header it comes back with.
  await page.getByTestId('nav-cart').click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await page.getByTestId('remove-line').first().click();
  await expect(page.getByTestId('cart-line')).toHaveCount(1);
  await expect(page.getByTestId('cart-badge')).not.toHaveText('3');
  expect(await sameDocument(page)).toBe(true);
});

test('adding to the cart far down a catalog stays there and answers on that card', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/products');
  await hydrated(page);
  await markDocument(page);
  const card = page.getByTestId('product-card').filter({ has: page.getByTestId('add-to-cart') }).nth(15);
  await card.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(1000);
  await card.getByTestId('add-to-cart-button').click();
  await expect(card.getByTestId('added-to-cart')).toBeVisible();
  await expect(page.getByTestId('added-to-cart')).toHaveCount(1);
  await expect(page.getByTestId('cart-badge')).toHaveText('1');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
  expect(await sameDocument(page)).toBe(true);
});

test('back and forward return to the page and to where it was scrolled', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/products');
  await hydrated(page);
  await markDocument(page);
  const target = page.getByTestId('product-card').nth(20);
  await target.scrollIntoViewIfNeeded();
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(1000);
  const name = (await target.locator('h2').textContent())!.trim();

  // A new page starts at its top.
  await target.locator('a').first().click();
  await expect(page.getByTestId('product-name')).toHaveText(name);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);

  // Back: the catalog again, where it was.
  await page.goBack();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByTestId('product-card').nth(20)).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);

  // Forward: the product again, at its top.
  await page.goForward();
  await expect(page.getByTestId('product-name')).toHaveText(name);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
  expect(await sameDocument(page)).toBe(true);
});

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('an upload shows its progress, then the page shows the photo', async ({ page }) => {
  await logIn(page, 'gom.battrang@cholang.test', 'cholang-demo', '/dashboard');
  await page.getByTestId('edit-product').first().click();
  await expect(page.getByTestId('product-form')).toBeVisible();
  await hydrated(page);
  await markDocument(page);
  const before = await page.getByTestId('photo').count();

  // Hold the upload for a moment, as a slow phone connection would.
  await page.route('**/dashboard/products/*/photos', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await page.locator('#photo-file').setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('photo-upload').locator('button[type=submit]').click();
  await expect(page.getByTestId('upload-progress')).toBeVisible();
  await expect(page.getByTestId('photo-upload').locator('button[type=submit]')).toBeDisabled();
  await expect(page.getByTestId('photo')).toHaveCount(before + 1);
  await expect(page.getByTestId('upload-progress')).toHaveCount(0);
  expect(await sameDocument(page)).toBe(true);
});

test('a form that fails keeps what was typed and points at the problem', async ({ page }) => {
  const email = `lua.${Date.now().toString().slice(-6)}@example.vn`;
  await page.goto('/register');
  await hydrated(page);
  await markDocument(page);
  await page.getByTestId('field-display_name').fill('Lê Thị Lụa');
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill('123');
  await page.getByTestId('register-form').getByRole('button').click();
  await expect(page.getByTestId('problem-password')).toBeVisible();
  // What was typed is back in the form the server sent again; a password never is, and the
  // field with the problem has the focus.
  await expect(page.getByTestId('field-display_name')).toHaveValue('Lê Thị Lụa');
  await expect(page.getByTestId('field-email')).toHaveValue(email);
  await expect(page.getByTestId('field-password')).toHaveValue('');
  await expect(page.getByTestId('field-password')).toBeFocused();
  expect(await sameDocument(page)).toBe(true);
});

test('every public page kind loads and navigates without script errors or CSP violations', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${page.url()}: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`${page.url()}: ${err.message}`));
  const pages = ['/', '/products', '/products?q=lua+van+phuc', '/villages', '/villages/bat-trang',
    '/producers/cong-ty-tnhh-gom-su-hung-thinh-bat-trang', '/fairs', '/points-of-sale', '/cart', '/login', '/register'];
  for (const path of pages) {
    await page.goto(path);
    await hydrated(page);
  }
  // A product page and a fair page, reached by links through the router.
  await page.goto('/products');
  await hydrated(page);
  await page.getByTestId('product-card').first().locator('a').first().click();
  await expect(page.getByTestId('product-name')).toBeVisible();
  await page.goto('/fairs');
  await hydrated(page);
  await page.locator('a[href^="/fairs/"]').first().click();
  await expect(page).toHaveURL(/\/fairs\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('navigation').getByRole('link', { name: 'Điểm bán' }).click();
  await expect(page).toHaveURL(/\/points-of-sale$/);
  await page.locator('a[href^="/points-of-sale/"]').first().click();
  await expect(page).toHaveURL(/\/points-of-sale\/[a-z0-9-]+$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(problems).toEqual([]);
});

test('the code and style carry their hash in their names and may be kept for a year', async ({ page, request }) => {
  await page.goto('/');
  const assets = await page.evaluate(() =>
    Array.from(document.querySelectorAll('link[href^="/pkg/"]')).map((l) => l.getAttribute('href')!),
  );
  for (const kind of ['js', 'wasm', 'css']) {
    const url = assets.find((a) => a.endsWith(`.${kind}`));
    // cholang.<hash>.<kind>: a new build is a new name, so a cached old JS never meets a new wasm.
    expect(url, `the page links its ${kind}`).toMatch(new RegExp(`^/pkg/cholang\\.[A-Za-z0-9_-]{16,}\\.${kind}$`));
    const res = await request.get(url!);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  // Anything not named by the build is revalidated within the hour.
  expect((await request.get('/favicon.svg')).headers()['cache-control']).toBe('public, max-age=3600');
});
