// Outside dev mode: no "User id", no demo, an "Access token" field instead. A wrong token is refused in words
// (Chromium logs that 401 as a console error, allowed only for that attempt); the right one (TOKEN, issued by
// WebClientIT with the server's secret) signs in, goes Live, and "Sign out" returns to the sign-in form, Offline.

import { BASE_URL, check, run, setPosition, status } from '../lib.mjs';

await run('token', async (b) => {
  const { page, watch } = await b.user('token-user');
  await page.goto(`${BASE_URL}/`);
  const field = page.getByLabel('Access token');
  await field.waitFor();
  check(await page.getByLabel('User id').isHidden(), '"User id" is for dev mode only');
  check(await page.getByRole('button', { name: 'Start demo' }).count() === 0 || await page.getByRole('button', { name: 'Start demo' }).isHidden(), 'no demo outside dev mode');

  const closeWindow = watch.allowWhile(/status of 401/);
  await field.fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').getByText('Your sign-in is no longer valid').waitFor();
  closeWindow();

  await field.fill(process.env.TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await status(page, 'Live');
  await page.getByText(`Signed in as ${process.env.TOKEN_USER}`).waitFor();
  await setPosition(page, { lat: -33.8568, lon: 151.2153 });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await field.waitFor();
  await status(page, 'Offline');
});
