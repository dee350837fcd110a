import { test, expect } from '@playwright/test';
import { hydrated, logIn, logOut } from './helpers';

// A 1×1 PNG, as a producer's phone might send (any real image works the same).
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a new producer registers, is verified by the office, sells a product that search finds, and nobody else can edit it', async ({ page }) => {
  test.setTimeout(120_000);
  const n = Date.now().toString().slice(-6);
  const email = `ho.gom.${n}@example.vn`;
  const product = `Bình gốm thử nghiệm ${n}`;

  // Register (a weak password is refused beside its field first).
  await page.goto('/register');
  await page.getByTestId('field-display_name').fill('Nguyễn Văn Gốm');
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill('123');
  await page.getByTestId('register-form').getByRole('button').click();
  await expect(page.getByTestId('problem-password')).toBeVisible();
  await page.getByTestId('field-display_name').fill('Nguyễn Văn Gốm');
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill('lò gốm nhà tôi 1975');
  await page.getByTestId('register-form').getByRole('button').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-name')).toHaveText('Nguyễn Văn Gốm');

  // Apply for a storefront.
  await page.goto('/dashboard');
  await hydrated(page);
  const app = page.getByTestId('application-form');
  await app.getByTestId('select-kind').selectOption('household');
  await app.getByTestId('field-name').fill(`Lò gốm Văn ${n}`);
  await app.getByTestId('select-village').selectOption('bat-trang');
  await app.getByTestId('field-address_line').fill('Xóm 4, Bát Tràng');
  await app.getByTestId('field-phone').fill('0912 345 678');
  await app.getByTestId('field-story_vi').fill('Ba đời làm gốm men lam.');
  await app.getByRole('button').click();
  await expect(page.getByTestId('verification-status')).toHaveAttribute('data-status', 'pending');

  // Create a product, add a photo, publish.
  await page.getByTestId('new-product').click();
  await expect(page.getByTestId('product-form')).toBeVisible();
  await hydrated(page);
  const form = page.getByTestId('product-form');
  await form.getByTestId('field-name_vi').fill(product);
  await form.getByTestId('field-description_vi').fill('Men lam vẽ tay, nung củi.');
  await form.getByTestId('select-category').selectOption({ index: 1 });
  await form.getByTestId('field-price').fill('abc');
  await form.getByTestId('field-stock').fill('5');
  await form.getByTestId('save-product').click();
  await expect(form.getByTestId('problem-price')).toBeVisible();
  await form.getByTestId('field-price').fill('350.000');
  await form.getByTestId('save-product').click();
  await expect(page).toHaveURL(/\/dashboard\/products\/\d+\?saved=1$/);
  const productId = page.url().match(/products\/(\d+)/)![1];
  await page.locator('#photo-file').setInputFiles({ name: 'binh.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('photo-upload').locator('button[type=submit]').click();
  await expect(page.getByTestId('photo')).toHaveCount(1);

  // Submit its OCOP certificate with a scan: pending until the office verifies it.
  const decided = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  await page.locator('#cert-stars').selectOption('4');
  await page.getByTestId('cert-number').fill(`${n}/QĐ-UBND`);
  await page.getByTestId('cert-date').fill(decided);
  await page.locator('#cert-scan').setInputFiles({ name: 'quyet-dinh.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('submit-certificate').click();
  await expect(page.getByTestId('certificate-submitted')).toBeVisible();
  await expect(page.getByTestId('certificate')).toHaveAttribute('data-status', 'pending');
  await page.goto('/dashboard');
  const row = page.locator(`[data-product-id="${productId}"]`);
  await hydrated(page);
  await row.getByTestId('publish').click();
  await expect(row.getByTestId('my-product-status')).toHaveAttribute('data-status', 'published');
  // Not public while the producer is unverified.
  expect((await page.request.get(`/products?q=binh+gom+thu+nghiem+${n}`)).ok()).toBeTruthy();
  expect(await (await page.request.get(`/products?q=binh+gom+thu+nghiem+${n}`)).text()).not.toContain(product);
  await logOut(page);

  // The office verifies the producer.
  await logIn(page, 'vanphong@cholang.test');
  await page.goto('/office');
  await hydrated(page);
  const card = page.getByTestId('pending-producer').filter({ hasText: `Lò gốm Văn ${n}` });
  await card.getByTestId('approve').click();
  await expect(card).toHaveCount(0);
  const cert = page.getByTestId('pending-certificate').filter({ hasText: product });
  await cert.getByTestId('approve-certificate').click();
  await expect(cert).toHaveCount(0);
  await logOut(page);

  // A shopper finds it typing without accents.
  await page.goto('/');
  await hydrated(page);
  await page.locator('#site-search').fill(`binh gom thu nghiem ${n}`);
  await page.locator('#site-search').press('Enter');
  await expect(page.getByTestId('product-card').first()).toContainText(product);

  // Another producer can neither open it in the editor nor change it by a direct call.
  await logIn(page, 'htx.vanphuc@cholang.test');
  await page.goto(`/dashboard/products/${productId}`);
  await expect(page.getByTestId('editor-error')).toBeVisible();
  const res = await page.request.post('/api/set_stock', { form: { id: productId, stock: '0' } });
  expect(res.status()).toBe(403);
  await page.goto(`/products?q=binh+gom+thu+nghiem+${n}`);
  await page.getByTestId('product-card').first().locator('a').first().click();
  await expect(page.getByTestId('product-name')).toHaveText(product);
  await expect(page.getByTestId('ocop-certificate')).toContainText(`${n}/QĐ-UBND`);
});
