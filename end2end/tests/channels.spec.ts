import { test, expect } from '@playwright/test';
import { hydrated, logIn, logOut } from './helpers';

test('on a product page, picking a district puts the nearest point of sale that stocks it first', async ({ page }) => {
  // The Bát Tràng producer's showroom stocks its products; open one of them.
  await page.goto('/points-of-sale/showroom-gom-su-hung-thinh');
  await expect(page.getByTestId('pos-detail')).toBeVisible();
  await page.getByTestId('product-card').first().locator('a').first().click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await hydrated(page);
  const soldAt = page.getByTestId('sold-at');
  await expect(soldAt).toBeVisible();
  await soldAt.getByTestId('near-select').selectOption('gia-lam');
  await soldAt.getByRole('button').click();
  await expect(page).toHaveURL(/\?near=gia-lam/);
  const first = page.getByTestId('sold-at-point').first();
  await expect(first).toHaveAttribute('data-district', 'gia-lam');
  await expect(first).toContainText('km');
  // Distances never decrease down the list.
  const distances = (await page.getByTestId('sold-at-point').allTextContents())
    .map((t) => Number((t.match(/([\d]+[,.][\d]) km/) ?? ['', '0'])[1].replace(',', '.')));
  expect(distances).toEqual([...distances].sort((a, b) => a - b));
});

test('a buyer and a producer register for a workshop and see each other listed', async ({ page }) => {
  test.setTimeout(90_000);
  const workshop = '/fairs/hoi-thao-ket-noi-cung-cau-ocop';
  await logIn(page, 'sieuthi@cholang.test');
  await page.goto(workshop);
  await hydrated(page);
  await expect(page.getByTestId('fair-kind')).toHaveAttribute('data-kind', 'workshop');
  await page.getByTestId('register-buyer').click();
  await expect(page.getByTestId('registered-as')).toHaveAttribute('data-role', 'buyer');

  await logOut(page);
  await logIn(page, 'gom.battrang@cholang.test');
  await page.goto(workshop);
  await hydrated(page);
  await page.getByTestId('register-producer').click();
  await expect(page.getByTestId('registered-as')).toHaveAttribute('data-role', 'producer');
  await expect(page.locator('[data-testid=participant][data-role=buyer]')).toHaveCount(1);

  await logOut(page);
  await logIn(page, 'sieuthi@cholang.test');
  await page.goto(workshop);
  await expect(page.locator('[data-testid=participant][data-role=producer]')).toContainText('Hưng Thịnh');
});
