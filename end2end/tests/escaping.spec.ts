import { test, expect, Browser, BrowserContext, Page } from '@playwright/test';
import { hydrated, logIn } from './helpers';

// User text is text, in Chromium too: payloads typed into a product's name and description,
// a fair's name and description and a review are shown on every page that shows them
// without redirecting the visitor, opening a dialog or adding an element.

const REFRESH = '</title><meta http-equiv="refresh" content="0;url=https://evil.example/">';
const MARKUP = [
  '</textarea><script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'; alert(3);//",
  '<svg onload=alert(4)>',
  '{{7*7}} ]]> </script><script>alert(5)</script>',
  '\u202Elmth.exe\u202C <!-- x --> &lt;b&gt; &amp;',
  '<style>*{display:none}</style><iframe src="javascript:alert(6)"></iframe>',
].join(' ');
const BRAND = 'Chợ Làng';
// A 1×1 PNG: a product is published only with a photo.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A `datetime-local` value `days` from now. */
function inDays(days: number, hour: number): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** A signed-in (or anonymous) context whose pages can never reach the attacker's site. */
async function visitor(browser: Browser, email?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await context.route(/evil\.example/, (route) => route.abort());
  const page = await context.newPage();
  if (email) await logIn(page, email);
  return { context, page };
}

/** Calls a server function as the page's user and expects it to succeed. */
async function api(page: Page, fn: string, form: Record<string, string>): Promise<string> {
  const res = await page.request.post(`/api/${fn}`, { form, headers: { Accept: 'application/json' } });
  const body = await res.text();
  expect(res.ok(), `${fn}: ${res.status()} ${body}`).toBeTruthy();
  return body;
}

/**
 * Opens `path` and checks that the page stayed, no dialog opened and no payload became an
 * element or an event handler; `title` is the tab title when it is a user text.
 */
async function expectInert(page: Page, path: string, title?: string) {
  const dialogs: string[] = [];
  const onDialog = (d: import('@playwright/test').Dialog) => {
    dialogs.push(d.message());
    void d.dismiss();
  };
  page.on('dialog', onDialog);
  const served = await (await page.request.get(path)).text();
  expect(served, `${path} as served`).not.toMatch(/<meta http-equiv|<script>alert|<img src=x|<svg onload|<iframe/i);

  const navigations: string[] = [];
  const onNavigated = (frame: import('@playwright/test').Frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  };
  page.on('framenavigated', onNavigated);
  await page.goto(path);
  await hydrated(page);
  // A 0-second refresh, an onload or onerror would have run by now.
  await page.waitForTimeout(1500);
  page.off('framenavigated', onNavigated);
  page.off('dialog', onDialog);

  const url = new URL(page.url());
  expect(url.pathname + url.search, `${path}: the visitor stays`).toBe(path);
  expect(navigations, `${path}: no navigation after the load`).toHaveLength(1);
  expect(dialogs, `${path}: no dialog`).toEqual([]);
  const found = await page.evaluate(() => ({
    refresh: document.querySelectorAll('meta[http-equiv]').length,
    images: document.querySelectorAll('img[src="x"]').length,
    frames: document.querySelectorAll('iframe').length,
    handlers: [...document.querySelectorAll('*')]
      .filter((e) => [...e.attributes].some((a) => a.name.startsWith('on')))
      .map((e) => e.outerHTML.slice(0, 120)),
    scripts: [...document.scripts].filter((s) => s.text.trim().startsWith('alert(')).length,
    styles: [...document.querySelectorAll('style')].filter((s) => (s.textContent ?? '').includes('display:none')).length,
    titles: document.head.querySelectorAll('title').length,
    hidden: getComputedStyle(document.body).display === 'none',
  }));
  expect(found, `${path}: nothing injected`).toEqual({ refresh: 0, images: 0, frames: 0, handlers: [], scripts: 0, styles: 0, titles: 1, hidden: false });
  if (title !== undefined) await expect(page).toHaveTitle(title);
}

test('payloads in a product, a fair and a review stay text on every page that shows them', async ({ browser }) => {
  test.setTimeout(240_000);
  const n = Date.now().toString().slice(-6);
  const productName = `Gốm ${n} ${REFRESH}`;
  const productNameEn = `Pot ${n} "><img src=x onerror=alert(7)> {{7*7}}`;
  const description = `Men lam ${n} ${MARKUP}`;
  const fairName = `Hội chợ ${n} ${REFRESH}`;
  const fairDescription = `Hội chợ thử ${n} ${MARKUP}`;
  const reviewBody = `Đẹp ${n} ${MARKUP}`;

  const producer = await visitor(browser, 'gom.battrang@cholang.test');
  const consumer = await visitor(browser, 'khach@cholang.test');
  const organizer = await visitor(browser, 'hoicho@cholang.test');
  const anonymous = await visitor(browser);
  let productId: string | undefined;
  let fairId: string | undefined;
  try {
    // The producer types the payloads into a new product; the editor shows them back as text.
    const pp = producer.page;
    await pp.goto('/dashboard/products/new');
    await hydrated(pp);
    const form = pp.getByTestId('product-form');
    await form.getByTestId('field-name_vi').fill(productName);
    await form.getByTestId('field-name_en').fill(productNameEn);
    await form.getByTestId('field-description_vi').fill(description);
    await form.getByTestId('select-category').selectOption({ index: 1 });
    await form.getByTestId('field-price').fill('250.000');
    await form.getByTestId('field-stock').fill('10');
    await form.getByTestId('save-product').click();
    await expect(pp).toHaveURL(/\/dashboard\/products\/\d+\?saved=1$/);
    productId = pp.url().match(/products\/(\d+)/)![1];
    await pp.locator('#photo-file').setInputFiles({ name: 'binh.png', mimeType: 'image/png', buffer: PNG });
    await pp.getByTestId('photo-upload').locator('button[type=submit]').click();
    await expect(pp.getByTestId('photo')).toHaveCount(1);
    await api(pp, 'set_product_status', { id: productId, status: 'published' });
    const editor = `/dashboard/products/${productId}`;
    await expectInert(pp, editor);
    await expect(pp.getByTestId('field-name_vi')).toHaveValue(productName);
    await expect(pp.getByTestId('field-description_vi')).toHaveValue(description);
    const productPath = await pp.getByTestId('product-status').locator('a[href^="/products/"]').getAttribute('href');
    expect(productPath).toMatch(/^\/products\/[a-z0-9-]+$/);

    // The consumer buys it; the producer delivers; the consumer reviews it.
    const ids = JSON.parse(
      await (async () => {
        await api(consumer.page, 'add_to_cart', { product_id: productId!, quantity: '1' });
        return api(consumer.page, 'place_order', {
          'order[recipient_name]': 'Lê Văn Cường',
          'order[phone]': '0912 345 678',
          'order[province]': 'Hà Nội',
          'order[ward]': 'Phường Hàng Gai',
          'order[street]': '9 Hàng Gai',
          'order[note]': `Giao giờ hành chính ${MARKUP}`,
          'order[payment]': 'cod',
          'order[idempotency_key]': `escaping-e2e-${n}-0001`,
        });
      })(),
    ) as number[];
    const orderPath = `/orders/${ids[0]}`;
    for (const step of [
      { step: 'confirm' },
      { step: 'ship', carrier: 'Viettel Post', tracking_number: 'VTP0001234' },
      { step: 'deliver' },
    ]) {
      await api(pp, 'update_order', { id: String(ids[0]), ...step });
    }
    await api(consumer.page, 'review_product', { product_id: productId, 'review[rating]': '4', 'review[body]': reviewBody });

    // The organizer types the payloads into a new fair and publishes it.
    const op = organizer.page;
    await op.goto('/organizer');
    await hydrated(op);
    const create = op.getByTestId('create-fair-form');
    await create.getByTestId('field-name_vi').fill(fairName);
    await create.getByTestId('field-description_vi').fill(fairDescription);
    await create.getByTestId('field-starts_at').fill(inDays(70, 8));
    await create.getByTestId('field-ends_at').fill(inDays(72, 21));
    await create.getByTestId('field-deadline').fill(inDays(60, 17));
    await create.getByTestId('field-venue_name').fill(`Nhà văn hoá ${MARKUP}`.slice(0, 150));
    await create.getByTestId('field-venue_address').fill('91 Trần Hưng Đạo');
    await create.getByTestId('select-district').selectOption('hoan-kiem');
    await create.getByTestId('field-contact_name').fill('Nguyễn Thu Trang');
    await create.getByTestId('field-contact_phone').fill('024 3825 0000');
    await create.getByTestId('create-fair').click();
    await expect(op).toHaveURL(/\/organizer\/fairs\/\d+$/);
    const consolePath = new URL(op.url()).pathname;
    fairId = consolePath.match(/(\d+)$/)![1];
    await hydrated(op);
    const booths = op.getByTestId('booth-type-form');
    await booths.getByTestId('field-name').fill(`Gian ${n} <svg onload=alert(8)>`);
    await booths.getByTestId('field-count').fill('20');
    await booths.getByTestId('field-price').fill('1.500.000');
    await booths.getByTestId('add-booth-type').click();
    await expect(op.getByTestId('console-booth-types')).toContainText(`Gian ${n} <svg onload=alert(8)>`);
    await op.getByTestId('fair-published').click();
    await expect(op.getByTestId('console-fair-status')).toHaveAttribute('data-status', 'published');
    const fairPath = await op.getByTestId('public-fair').getAttribute('href');
    expect(fairPath).toMatch(/^\/fairs\/[a-z0-9-]+$/);
    await expectInert(op, consolePath);
    await expect(op.getByTestId('field-description_vi')).toHaveValue(fairDescription);

    // Every page that shows them, as the visitors who see them.
    const ap = anonymous.page;
    await expectInert(ap, productPath!, `${productName} · ${BRAND}`);
    await expect(ap.getByTestId('product-name')).toHaveText(productName);
    await expect(ap.getByTestId('reviews')).toContainText(reviewBody);
    await expectInert(ap, `${productPath}?lang=en`, `${productNameEn} · ${BRAND}`);
    await expectInert(ap, fairPath!, `${fairName} · ${BRAND}`);
    await expectInert(ap, '/fairs');
    await expectInert(ap, `/products?q=${n}`);
    await expectInert(consumer.page, orderPath);
    await expectInert(pp, orderPath);
    await expectInert(pp, '/dashboard');
  } finally {
    // Leave the shared demo data as the other specs expect it.
    if (productId) await producer.page.request.post('/api/set_product_status', { form: { id: productId, status: 'archived' } });
    if (fairId) await organizer.page.request.post('/api/set_fair_status', { form: { id: fairId, status: 'cancelled' } });
    for (const v of [producer, consumer, organizer, anonymous]) await v.context.close();
  }
});
