import { test, expect, Page } from '@playwright/test';
import { hydrated, logIn, logOut } from './helpers';

// The demo data's first two producers, whose members have demo accounts.
const BAT_TRANG = '/producers/cong-ty-tnhh-gom-su-hung-thinh-bat-trang';
const VAN_PHUC = '/producers/hop-tac-xa-lua-van-phuc';

/** Adds the first in-stock product of a storefront to the cart; returns its name. */
async function addFirstProduct(page: Page, storefront: string): Promise<string> {
  await page.goto(storefront);
  await hydrated(page);
  const card = page.getByTestId('product-card').filter({ has: page.getByTestId('add-to-cart') }).first();
  const name = (await card.locator('h2').textContent())!.trim();
  await card.getByTestId('add-to-cart-button').click();
  await expect(card.getByTestId('added-to-cart')).toBeVisible();
  return name;
}

test('a guest fills a cart from two producers, logs in, checks out, and the order goes from placed to reviewed', async ({ page }) => {
  test.setTimeout(120_000);
  const pottery = await addFirstProduct(page, BAT_TRANG);
  await expect(page.getByTestId('cart-badge')).toHaveText('1');
  const silk = await addFirstProduct(page, VAN_PHUC);
  await expect(page.getByTestId('cart-badge')).toHaveText('2');

  // The guest's cart, one group per producer.
  await page.goto('/cart');
  await expect(page.getByTestId('cart-group')).toHaveCount(2);
  await expect(page.getByTestId('cart')).toContainText(pottery);
  await expect(page.getByTestId('cart')).toContainText(silk);

  // Logging in keeps it: the guest's lines join the account's cart.
  await logIn(page, 'khach@cholang.test', 'cholang-demo', '/cart');
  await expect(page.getByTestId('cart-group')).toHaveCount(2);
  await expect(page.getByTestId('cart-badge')).toHaveText('2');

  // Check out with cash on delivery; a bad phone number is refused beside its field first.
  await page.getByTestId('go-to-checkout').click();
  await expect(page).toHaveURL(/\/checkout$/);
  await hydrated(page);
  const form = page.getByTestId('checkout-form');
  await form.getByTestId('field-phone').fill('12345');
  await form.getByTestId('field-ward').fill('Phường Hàng Trống');
  await form.getByTestId('field-street').fill('15 Hàng Trống');
  await form.getByTestId('place-order').click();
  await expect(form.getByTestId('problem-phone')).toBeVisible();
  await form.getByTestId('field-phone').fill('0912 345 678');
  await form.getByTestId('place-order').click();
  await expect(page).toHaveURL(/\/orders\?placed=\d+,\d+$/);
  const confirmation = page.getByTestId('order-confirmation');
  await expect(confirmation.locator('li')).toHaveCount(2);
  await expect(page.getByTestId('cart-badge')).toHaveCount(0);
  const orderHref = await confirmation.locator('li', { hasText: 'Hưng Thịnh' }).getByRole('link').getAttribute('href');
  expect(orderHref).toMatch(/^\/orders\/\d+$/);

  // The Bát Tràng producer finds it in the inbox, confirms and ships it.
  await logOut(page);
  await logIn(page, 'gom.battrang@cholang.test');
  await page.goto('/dashboard/orders?status=placed');
  await expect(page.locator(`[data-testid=order-link][href="${orderHref}"]`)).toBeVisible();
  await page.goto(orderHref!);
  await hydrated(page);
  await page.getByTestId('order-confirm').click();
  await expect(page.getByTestId('order-status').first()).toHaveAttribute('data-status', 'confirmed');
  const ship = page.getByTestId('ship-form');
  await ship.getByTestId('field-carrier').fill('Viettel Post');
  await ship.getByTestId('field-tracking_number').fill('VTP0001234');
  await page.getByTestId('order-ship').click();
  await expect(page.getByTestId('order-status').first()).toHaveAttribute('data-status', 'shipped');

  // The consumer sees it shipped, with its tracking number.
  await logOut(page);
  await logIn(page, 'khach@cholang.test');
  await page.goto(orderHref!);
  await expect(page.getByTestId('order-status').first()).toHaveAttribute('data-status', 'shipped');
  await expect(page.getByTestId('tracking')).toContainText('VTP0001234');
  await expect(page.getByTestId('cancel-form')).toHaveCount(0);

  // Delivered by the producer, then reviewed by the consumer.
  await logOut(page);
  await logIn(page, 'gom.battrang@cholang.test');
  await page.goto(orderHref!);
  await hydrated(page);
  await page.getByTestId('order-deliver').click();
  await expect(page.getByTestId('order-status').first()).toHaveAttribute('data-status', 'delivered');
  await logOut(page);
  await logIn(page, 'khach@cholang.test');
  await page.goto(orderHref!);
  await hydrated(page);
  await expect(page.getByTestId('timeline').locator('li')).toHaveCount(4);
  const review = page.getByTestId('review-form').first();
  await review.getByTestId('rating-4').check();
  await review.getByTestId('review-body').fill('Men rạn rất đẹp, đóng gói cẩn thận.');
  await review.getByTestId('submit-review').click();
  await expect(page.getByTestId('reviewed')).toContainText('4/5');

  // The product page shows the review and its rating.
  await page.getByTestId('order-lines').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/products\/[a-z0-9-]+$/);
  await expect(page.getByTestId('reviews')).toContainText('Men rạn rất đẹp');
  await expect(page.getByTestId('rating-summary')).toContainText('4');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the add-to-cart form and the cart work before the wasm loads', async ({ page }) => {
    await page.goto(BAT_TRANG);
    const card = page.getByTestId('product-card').filter({ has: page.getByTestId('add-to-cart') }).first();
    const name = (await card.locator('h2').textContent())!.trim();
    await card.getByTestId('add-to-cart-button').click();
    // The server sends the browser back to the page it came from, marked as a success of
    // that card's form: "added" shows on that card only.
    await expect(page).toHaveURL(new RegExp(`${BAT_TRANG}\\?__ok=%2Fapi%2Fadd_to_cart&__form=cart-\\d+$`));
    await expect(page.getByTestId('cart-badge')).toHaveText('1');
    await expect(card.getByTestId('added-to-cart')).toBeVisible();
    await expect(page.getByTestId('added-to-cart')).toHaveCount(1);
    await page.goto('/cart');
    await expect(page.getByTestId('cart-line')).toHaveCount(1);
    await expect(page.getByTestId('cart-line')).toContainText(name);
    await page.getByTestId('line-quantity').fill('3');
    await page.getByTestId('update-quantity').click();
    await expect(page.getByTestId('line-quantity')).toHaveValue('3');
    await page.getByTestId('remove-line').click();
    await expect(page.getByTestId('cart-empty')).toBeVisible();
  });
});
