import { test, expect } from '@playwright/test';
import { hydrated, logIn, logOut } from './helpers';

test('a buyer registers, is verified by the office, broadcasts for 4-star ceramics from Gia Lâm, the Bát Tràng producer quotes and the buyer accepts', async ({ page }) => {
  test.setTimeout(180_000);
  const n = Date.now().toString().slice(-6);
  const email = `mua.si.${n}@example.vn`;
  const business = `Chuỗi Quà Tặng Thử ${n}`;

  // A new account registers its business and waits for the office.
  await page.goto('/register');
  await page.getByTestId('field-display_name').fill('Trần Minh Khôi');
  await page.getByTestId('field-email').fill(email);
  await page.getByTestId('field-password').fill('quà tặng làng nghề 2026');
  await page.getByTestId('register-form').getByRole('button').click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/trade');
  await hydrated(page);
  const form = page.getByTestId('business-form');
  await form.getByTestId('field-name').fill(business);
  await form.getByTestId('field-kind').selectOption('shop_chain');
  await form.getByTestId('field-tax_code').fill('123');
  await form.getByTestId('select-business-district').selectOption('cau-giay');
  await form.getByTestId('field-address').fill('88 Trần Thái Tông');
  await form.getByTestId('field-contact_person').fill('Trần Minh Khôi');
  await form.getByTestId('field-phone').fill('0904 111 222');
  await form.getByTestId('register-business').click();
  // A malformed tax code is refused beside its field; corrected, the business is pending.
  await expect(page.getByTestId('problem-tax_code')).toBeVisible();
  await form.getByTestId('field-tax_code').fill('0109876543');
  await form.getByTestId('register-business').click();
  await expect(page.getByTestId('business-status')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('broadcast-form')).toHaveCount(0);

  // The office verifies it.
  await logOut(page);
  await logIn(page, 'vanphong@cholang.test', 'cholang-demo', '/office');
  await hydrated(page);
  const card = page.getByTestId('pending-buyer').filter({ hasText: business });
  await expect(card).toBeVisible();
  await card.getByTestId('approve-buyer').click();
  await expect(page.getByTestId('pending-buyer').filter({ hasText: business })).toHaveCount(0);

  // The buyer broadcasts, seeing how many producers it will reach first.
  await logOut(page);
  await logIn(page, email, 'quà tặng làng nghề 2026', '/trade');
  await hydrated(page);
  await expect(page.getByTestId('business-status')).toHaveAttribute('data-status', 'verified');
  const everyone = Number(await page.getByTestId('broadcast-reach').getAttribute('data-reach'));
  const cast = page.getByTestId('broadcast-form');
  await cast.getByTestId('audience-category').selectOption('gom-su');
  await cast.getByTestId('audience-district').selectOption('gia-lam');
  await cast.getByTestId('audience-stars').selectOption('4');
  await expect(async () => {
    const reach = Number(await page.getByTestId('broadcast-reach').getAttribute('data-reach'));
    expect(reach).toBeGreaterThan(0);
    expect(reach).toBeLessThan(everyone);
  }).toPass();
  const reach = await page.getByTestId('broadcast-reach').getAttribute('data-reach');
  await cast.getByTestId('field-quantity').fill('300');
  await cast.getByTestId('field-unit').selectOption('piece');
  await cast.getByTestId('field-target_price').fill('120.000');
  await cast.getByTestId('field-delivery_place').fill('Kho Cầu Giấy');
  await cast.getByTestId('field-message').fill('Bộ ấm chén men lam cho quà Tết doanh nghiệp.');
  await cast.getByTestId('send-broadcast').click();
  await expect(page.getByTestId('broadcast-sent')).toContainText(reach!);
  await expect(page.getByTestId('trade-request-row')).toHaveCount(Number(reach));

  // The Bát Tràng producer quotes on its copy.
  await logOut(page);
  await logIn(page, 'gom.battrang@cholang.test', 'cholang-demo', '/dashboard/trade');
  const row = page.getByTestId('trade-request-row').filter({ hasText: business });
  await expect(row).toHaveAttribute('data-status', 'open');
  await row.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/trade\/requests\/\d+$/);
  await hydrated(page);
  const requestUrl = page.url();
  await expect(page.getByTestId('trade-buyer')).toContainText('0904111222');
  const quote = page.getByTestId('quote-form');
  await quote.getByTestId('field-price').fill('115.000');
  await quote.getByTestId('field-lead_time_days').fill('21');
  const validUntil = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await quote.getByTestId('field-valid_until').fill(validUntil);
  await quote.getByTestId('send-quote').click();
  await expect(page.getByTestId('trade-status')).toHaveAttribute('data-status', 'quoted');
  await page.getByTestId('message-form').getByTestId('field-body').fill('Chúng tôi in logo được, thêm 5 ngày.');
  await page.getByTestId('post-message').click();
  await expect(page.getByTestId('thread-message')).toHaveCount(1);

  // The buyer reads the quote and accepts it.
  await logOut(page);
  await logIn(page, email, 'quà tặng làng nghề 2026', '/trade');
  await page.goto(requestUrl);
  await hydrated(page);
  await expect(page.getByTestId('quote-price')).toContainText('115.000');
  await expect(page.getByTestId('thread-message')).toContainText('in logo');
  await page.getByTestId('accept-quote').click();
  await expect(page.getByTestId('trade-status')).toHaveAttribute('data-status', 'accepted');
  await page.goto('/trade');
  await expect(page.locator('[data-testid=trade-request-row][data-status=accepted]')).toHaveCount(1);
});
