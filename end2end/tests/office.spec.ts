import { test, expect } from '@playwright/test';
import { logIn } from './helpers';

// Like the home page's figures, this reads the demo data as seeded: it runs (files go in
// name order, one worker) before the journeys that add producers and certificates.
test('the office statistics page shows the article\'s figures, counted from the data', async ({ page }) => {
  await logIn(page, 'vanphong@cholang.test', 'cholang-demo', '/office');
  await page.getByTestId('office-stats-link').click();
  await expect(page).toHaveURL(/\/office\/stats$/);
  await expect(page.getByTestId('fig-villages')).toHaveText('313');
  await expect(page.getByTestId('fig-districts')).toHaveText('23');
  await expect(page.getByTestId('fig-ocop')).toHaveText('1.054');
  await expect(page.getByTestId('stars-potential-five')).toContainText('17');
  await expect(page.getByTestId('stars-four')).toContainText('731');
  await expect(page.getByTestId('stars-three')).toContainText('306');
  await expect(page.getByTestId('kind-enterprise')).toContainText('72');
  await expect(page.getByTestId('kind-cooperative')).toContainText('82');
  await expect(page.getByTestId('kind-household')).toContainText('101');
  // The charts are drawn from the same data, with their tables.
  await expect(page.getByTestId('total-villages')).toHaveText('313');
  await expect(page.getByTestId('total-categories')).toHaveText('1.054');
  await expect(page.getByTestId('chart-villages').locator('svg[role=img] rect')).toHaveCount(23);
  // The export is a CSV with a byte-order mark.
  const res = await page.request.get('/office/export/villages.csv');
  expect(res.status()).toBe(200);
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(body.toString('utf8').split('\r\n').filter((l) => l.length > 0)).toHaveLength(314);
});
