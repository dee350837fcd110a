import { test, expect } from '@playwright/test';
import { hydrated, logIn, logOut } from './helpers';

const BAT_TRANG = '/producers/cong-ty-tnhh-gom-su-hung-thinh-bat-trang';

/** A `datetime-local` value `days` from now. */
function inDays(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

test('an organizer publishes a fair, a producer applies, is approved at A-12, and the fair and storefront show it', async ({ page, request }) => {
  test.setTimeout(120_000);
  const n = Date.now().toString().slice(-5);
  const name = `Hội chợ Làng nghề Mùa xuân ${n}`;

  // The organizer creates the fair, adds booths and publishes it.
  await logIn(page, 'hoicho@cholang.test');
  await page.goto('/organizer');
  await hydrated(page);
  const create = page.getByTestId('create-fair-form');
  await create.getByTestId('field-name_vi').fill(name);
  await create.getByTestId('field-description_vi').fill('Gốm, lụa, sơn mài và đặc sản của các làng nghề Hà Nội.');
  await create.getByTestId('field-starts_at').fill(inDays(60, 8));
  await create.getByTestId('field-ends_at').fill(inDays(63, 21));
  await create.getByTestId('field-deadline').fill(inDays(50, 17));
  await create.getByTestId('field-venue_name').fill('Cung Văn hoá Hữu nghị');
  await create.getByTestId('field-venue_address').fill('91 Trần Hưng Đạo');
  await create.getByTestId('select-district').selectOption('hoan-kiem');
  await create.getByTestId('field-contact_name').fill('Nguyễn Thu Trang');
  await create.getByTestId('field-contact_phone').fill('024 3825 0000');
  await create.getByTestId('create-fair').click();
  await expect(page).toHaveURL(/\/organizer\/fairs\/\d+$/);
  const consoleUrl = new URL(page.url()).pathname;
  await hydrated(page);
  const booths = page.getByTestId('booth-type-form');
  await booths.getByTestId('field-name').fill('Gian tiêu chuẩn');
  await booths.getByTestId('field-count').fill('20');
  await booths.getByTestId('field-price').fill('1.500.000');
  await booths.getByTestId('add-booth-type').click();
  await expect(page.getByTestId('console-booth-types')).toContainText('Gian tiêu chuẩn');
  await page.getByTestId('fair-published').click();
  await expect(page.getByTestId('console-fair-status')).toHaveAttribute('data-status', 'published');
  const fairPath = await page.getByTestId('public-fair').getAttribute('href');
  expect(fairPath).toMatch(/^\/fairs\/[a-z0-9-]+$/);

  // The Bát Tràng producer applies with a product to show.
  await logOut(page);
  await logIn(page, 'gom.battrang@cholang.test');
  await page.goto(fairPath!);
  await hydrated(page);
  const form = page.getByTestId('exhibit-form');
  await form.getByTestId('show-product').first().check();
  await form.getByTestId('exhibit-note').fill('Gốm men lam, trình diễn vuốt gốm.');
  await form.getByTestId('send-application').click();
  await expect(page.getByTestId('my-application')).toHaveAttribute('data-status', 'pending');

  // The organizer approves it at booth A-12.
  await logOut(page);
  await logIn(page, 'hoicho@cholang.test');
  await page.goto(consoleUrl);
  await hydrated(page);
  const application = page.getByTestId('application').first();
  await application.getByTestId('booth-number-input').fill('A-12');
  await application.getByTestId('approve-application').click();
  await expect(page.getByTestId('application').first()).toHaveAttribute('data-status', 'approved');

  // The public page lists the producer at A-12; the storefront says it is exhibiting.
  await page.goto(fairPath!);
  const booth = page.locator('[data-testid=exhibitor][data-booth="A-12"]');
  await expect(booth).toContainText('Hưng Thịnh');
  await page.goto(BAT_TRANG);
  await expect(page.getByTestId('exhibiting')).toContainText(name);
  await expect(page.getByTestId('exhibiting')).toContainText('A-12');

  // The fair is in the calendar feed.
  const feed = await request.get('/fairs.ics?district=hoan-kiem');
  expect(feed.headers()['content-type']).toContain('text/calendar');
  expect(await feed.text()).toContain(name);
});

test('visitors filter the fairs by district and see upcoming before past', async ({ page }) => {
  await page.goto('/fairs');
  await hydrated(page);
  await expect(page.getByTestId('upcoming-fairs')).toContainText('Hội chợ OCOP và làng nghề Hà Nội');
  await expect(page.getByTestId('past-fairs')).toContainText('Tuần lễ gốm sứ Bát Tràng');
  await page.locator('#fair-district').selectOption('gia-lam');
  await page.getByTestId('fair-filters').getByRole('button').click();
  await expect(page).toHaveURL(/district=gia-lam/);
  await expect(page.getByTestId('fairs-empty')).toBeVisible();
  await expect(page.getByTestId('past-fairs')).toContainText('Bát Tràng');
});
