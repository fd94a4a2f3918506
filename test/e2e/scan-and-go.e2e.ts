/**
 * The Scan & Go web app driven as a user, in Debian's Chromium, against the real server (real OCR):
 * context call → app → import a photo and a PDF (and a webcam shot, removed again) → progress →
 * correct a drug and a dose, add and remove a line, check the flagged ones → validate → the
 * corrected prescription through the partner pull API. Also: a phone paired in a second browser
 * context, expired / used / invalid links, the language toggle. Screenshots in test-results/e2e.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { importPKCS8, SignJWT } from 'jose';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.join(ROOT, 'test-results/e2e');
const FIXTURES = path.join(ROOT, 'test/fixtures/web');
const KEY_FILE = path.join(ROOT, 'test-results/e2e-data/keys/demo-service-account.json');

let bearer = '';
let shortLink = { url: '', createdAt: 0 };
let usedLink = '';

const shot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Context call as a partner would make it; returns the Scan & Go URL. */
async function openSessionUrl(
  request: APIRequestContext,
  patientId: string,
  facilitySlug = 'hospital-demo',
): Promise<string> {
  const res = await request.post('/api/partners/patient/scan-token', {
    headers: { authorization: `Bearer ${bearer}` },
    data: { first_name: 'John', last_name: 'Carter', rpps: 'abcde1234', facilitySlug, patientId },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { url: string }).url;
}

/** Fails the test on any CSP violation or script error reported by the page. */
function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Gets an id token as a partner does: an RS256 assertion signed with the key file, RFC 7523 grant. */
async function fetchIdToken(request: APIRequestContext): Promise<string> {
  const key = JSON.parse(fs.readFileSync(KEY_FILE, 'utf8')) as {
    client_email: string;
    private_key_id: string;
    private_key: string;
    token_uri: string;
    audience?: string;
  };
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ target_audience: key.audience ?? 'ordoscan' })
    .setProtectedHeader({ alg: 'RS256', kid: key.private_key_id })
    .setIssuer(key.client_email)
    .setSubject(key.client_email)
    .setAudience(key.token_uri)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(await importPKCS8(key.private_key, 'RS256'));
  const res = await request.post('/oauth2/token', {
    form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
  });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { id_token: string }).id_token;
}

test.beforeAll(async ({ request }) => {
  bearer = await fetchIdToken(request);
  // A session of the one-minute facility, opened last in the expired-link test.
  shortLink = { url: await openSessionUrl(request, 'IPP-EXPIRE', 'e2e-short-ttl'), createdAt: Date.now() };
});

test('a clinician imports, corrects and validates a prescription; the partner pulls it', async ({
  page,
  request,
}) => {
  const problems = watchConsole(page);
  const patientId = `IPP-${Date.now()}`;
  const url = await openSessionUrl(request, patientId);
  usedLink = url;

  // Entry: the token becomes a cookie and leaves the address bar; who and which patient file.
  const entry = await page.goto(url);
  expect(entry?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('patient-id')).toHaveText(patientId);
  await expect(page.getByText('John Carter')).toBeVisible();
  expect(page.url()).not.toContain('token=');
  await expect(page.getByRole('heading', { name: 'Importer l’ordonnance' })).toBeVisible();
  await shot(page, '01-entry-import');

  // Import: a photo and a PDF, then a webcam shot that is removed again.
  await page
    .getByTestId('file-input')
    .setInputFiles([
      path.join(FIXTURES, 'ordonnance-photo.jpg'),
      path.join(FIXTURES, 'ordonnance-suite.pdf'),
    ]);
  await expect(page.getByTestId('staged-page')).toHaveCount(2);
  await page.getByRole('button', { name: 'Prendre une photo' }).click();
  const capture = page.getByRole('button', { name: 'Capturer' });
  await expect(capture).toBeEnabled();
  await shot(page, '02-webcam');
  await capture.click();
  await expect(page.getByTestId('staged-page')).toHaveCount(3);
  await shot(page, '03-pages');
  await page.getByRole('button', { name: 'Retirer la page 3' }).click();
  await expect(page.getByTestId('staged-page')).toHaveCount(2);

  // Reading: progress while the real OCR works.
  await page.getByRole('button', { name: 'Lire l’ordonnance' }).click();
  await expect(page.getByRole('heading', { name: 'Lecture en cours' })).toBeVisible();
  await expect(page.getByTestId('job-state')).toContainText(/file d’attente|Lecture en cours|terminée/);
  await shot(page, '04-reading');

  // Validation screen: page image with boxes beside the lines.
  await expect(page.getByRole('heading', { name: 'Vérifier et valider' })).toBeVisible({ timeout: 200_000 });
  const lines = page.getByTestId('line');
  await expect(lines.first()).toBeVisible();
  const readCount = await lines.count();
  expect(readCount).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole('img', { name: /Image de la page 1/ })).toBeVisible();
  await shot(page, '05-validation');

  // Clicking a box selects its line.
  const box = page.locator('button.box').first();
  await box.click();
  await expect(page.locator('li.line.selected')).toHaveCount(1);

  // Correct the first line: another drug (search) and a dose.
  await lines.first().getByRole('button', { name: 'Modifier 1' }).click();
  const search = page.getByRole('combobox', { name: 'Rechercher un médicament' });
  await search.fill('doliprane 500');
  const option = page.getByRole('option', { name: /DOLIPRANE 500 mg, comprimé/ }).first();
  await option.click();
  await expect(page.getByTestId('chosen-drug')).toContainText('DOLIPRANE 500 mg');
  const editor = page.getByRole('form', { name: 'Modifier' });
  await editor.getByLabel('Dose').first().fill('2');
  await editor.getByLabel('Unité').first().fill('comprimé');
  await shot(page, '06-editing');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(lines.first()).toContainText('DOLIPRANE 500 mg');
  await expect(lines.first()).toContainText('2 comprimé');
  await expect(lines.first()).toContainText('Corrigé');

  // Add a line, then remove the last line read by the engine.
  await page.getByRole('button', { name: '+ Ajouter une ligne' }).click();
  const addForm = page.getByRole('form', { name: 'Modifier' });
  await addForm.getByRole('combobox', { name: 'Rechercher un médicament' }).fill('kardegic 160');
  await page
    .getByRole('option', { name: /KARDEGIC 160 mg/ })
    .first()
    .click();
  await addForm.getByLabel('Dose').first().fill('1');
  await addForm.getByLabel('Unité').first().fill('sachet');
  await addForm.getByLabel('midi').check();
  await addForm.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(lines).toHaveCount(readCount + 1);
  await expect(lines.last()).toContainText('KARDEGIC 160 mg');
  await lines
    .nth(readCount - 1)
    .getByRole('button', { name: `Supprimer ${readCount}` })
    .click();
  await expect(lines).toHaveCount(readCount);

  // Validate is refused while a flagged line has not been looked at.
  const validate = page.getByRole('button', { name: 'Valider', exact: true });
  const ack = page.getByRole('button', { name: /Vu, c’est correct/ });
  for (let n = await ack.count(); n > 0; n -= 1) {
    await expect(validate).toBeDisabled();
    await ack.first().click();
    await expect(ack).toHaveCount(n - 1);
  }
  await shot(page, '07-checked');
  await expect(validate).toBeEnabled();
  await validate.click();
  await expect(page.getByRole('heading', { name: 'Ordonnance validée' })).toBeVisible();
  await shot(page, '08-validated');

  // The partner pulls the corrected prescription.
  const list = await request.get(
    `/api/partners/prescriptions?facilitySlug=hospital-demo&patientId=${patientId}`,
    {
      headers: { authorization: `Bearer ${bearer}` },
    },
  );
  expect(list.status()).toBe(200);
  const items = ((await list.json()) as { items: { id: string }[] }).items;
  expect(items).toHaveLength(1);
  const one = await request.get(`/api/partners/prescriptions/${items[0]!.id}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  expect(one.status()).toBe(200);
  const rg = (await one.json()) as {
    resourceType: string;
    contained: {
      resourceType: string;
      code?: { coding?: { display?: string }[]; text?: string };
      dosageInstruction?: { doseAndRate?: { doseQuantity?: { value?: number } }[] }[];
    }[];
  };
  expect(rg.resourceType).toBe('RequestGroup');
  const meds = rg.contained.filter((r) => r.resourceType === 'Medication').map((m) => JSON.stringify(m.code));
  expect(meds[0]).toContain('DOLIPRANE 500 mg');
  expect(meds.some((m) => m.includes('KARDEGIC 160 mg'))).toBe(true);
  expect(meds).toHaveLength(readCount);
  const firstRequest = rg.contained.find((r) => r.resourceType === 'MedicationRequest');
  expect(firstRequest?.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity?.value).toBe(2);
  expect(problems).toEqual([]);
});

test('a phone paired by QR code sends photos that appear on the desktop', async ({
  page,
  browser,
  request,
}) => {
  const url = await openSessionUrl(request, `IPP-PHONE-${Date.now()}`);
  await page.goto(url);
  await page.getByRole('button', { name: 'Utiliser mon téléphone' }).click();
  await expect(page.getByRole('img', { name: 'QR code à scanner avec le téléphone' })).toBeVisible();
  const link = await page.getByTestId('pairing-link').getAttribute('href');
  expect(link).toMatch(/\/scan\/mobile\?code=/);
  await shot(page, '10-pairing-qr');

  const phone = await browser.newContext({
    viewport: { width: 390, height: 800 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
  });
  const mobile = await phone.newPage();
  await mobile.goto(link!);
  await expect(mobile.getByRole('heading', { name: 'Photographier l’ordonnance' })).toBeVisible();
  expect(mobile.url()).not.toContain('code=');
  await mobile.getByTestId('mobile-input').setInputFiles(path.join(FIXTURES, 'ordonnance-photo.jpg'));
  await expect(mobile.getByTestId('mobile-sent')).toContainText('1 photo envoyée');
  await mobile.screenshot({ path: path.join(SHOTS, '11-phone.png'), fullPage: true });

  await expect(page.getByTestId('staged-page')).toHaveCount(1, { timeout: 10_000 });
  await expect(page.getByTestId('staged-page')).toContainText('depuis le téléphone');
  await shot(page, '12-desktop-after-phone');

  // The link works once.
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(link!);
  await expect(again.getByRole('alert')).toContainText('expiré');
  await other.close();
  await phone.close();
});

test('the app switches to English', async ({ page, request }) => {
  await page.goto(await openSessionUrl(request, `IPP-EN-${Date.now()}`));
  await page.getByRole('button', { name: 'Switch to English' }).click();
  for (const name of ['Import', 'Take a photo', 'Use my phone', 'Cancel']) {
    await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
  }
  await shot(page, '13-english');
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await expect(page.getByRole('button', { name: 'Importer', exact: true })).toBeVisible();
});

test('used, invalid and expired links show what to do', async ({ page }) => {
  await page.goto(usedLink);
  await expect(page.getByRole('heading', { name: 'Ce lien a déjà été utilisé' })).toBeVisible();
  await expect(page.getByText(/relancez l’import/)).toBeVisible();
  await shot(page, '14-used-link');

  await page.goto('/scan?token=0123456789abcdef0123456789abcdef%7Cdeadbeef');
  await expect(page.getByRole('heading', { name: 'Ce lien n’est pas valide' })).toBeVisible();

  const wait = shortLink.createdAt + 62_000 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  await page.goto(shortLink.url);
  await expect(page.getByRole('heading', { name: 'Ce lien a expiré' })).toBeVisible();
  await shot(page, '15-expired-link');
});
