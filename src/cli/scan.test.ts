import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RequestGroup } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PRESCRIPTION, textPdf, textPng } from '../jobs/fixtures/prescription-files.js';
import { runCli } from './index.js';
import { resolveInputs } from './scan.js';

let dir: string;
const page1 = SAMPLE_PRESCRIPTION.slice(0, 7);
const page2 = ['Suite de l ordonnance', 'SPASFON 80 mg comprime', '2 comprimes si douleur'];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: {} });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const drugsOf = (rg: RequestGroup): string =>
  (rg.contained ?? [])
    .map((r) => (r.resourceType === 'Medication' ? (r.code?.text ?? r.code?.coding?.[0]?.display ?? '') : ''))
    .join(' ')
    .toUpperCase();

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ordoscan-cli-'));
  await fs.writeFile(path.join(dir, 'single.pdf'), textPdf([SAMPLE_PRESCRIPTION]));
  await fs.writeFile(path.join(dir, 'multi.p2.pdf'), textPdf([page2]));
  await fs.writeFile(path.join(dir, 'multi.p1.pdf'), textPdf([page1]));
  await fs.mkdir(path.join(dir, 'folder'));
  await fs.writeFile(path.join(dir, 'folder', 'page-1.png'), await textPng(SAMPLE_PRESCRIPTION));
  await fs.writeFile(path.join(dir, 'broken.png'), Buffer.from('not an image at all'));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('resolveInputs', () => {
  it('groups <name>.pN files in page order and reads folders in natural name order', async () => {
    const d = path.join(dir, 'order');
    await fs.mkdir(d);
    for (const f of ['x.p10.png', 'x.p2.png', 'x.p1.png', 'y.png']) await fs.writeFile(path.join(d, f), '');
    const files = ['x.p10.png', 'y.png', 'x.p2.png', 'x.p1.png'].map((f) => path.join(d, f));
    expect(await resolveInputs(files, true)).toEqual([
      { name: 'x', files: ['x.p1.png', 'x.p2.png', 'x.p10.png'].map((f) => path.join(d, f)) },
      { name: 'y', files: [path.join(d, 'y.png')] },
    ]);
    expect((await resolveInputs(files, false)).map((i) => i.name)).toEqual(['x.p10', 'y', 'x.p2', 'x.p1']);
    expect(await resolveInputs([d], false)).toEqual([
      { name: 'order', files: ['x.p1.png', 'x.p2.png', 'x.p10.png', 'y.png'].map((f) => path.join(d, f)) },
    ]);
  });
});

describe('ordoscan scan', () => {
  it('writes one RequestGroup per prescription with --out (PDF, grouped pages, folder of images)', async () => {
    const out = path.join(dir, 'out');
    const inputs = ['single.pdf', 'multi.p2.pdf', 'multi.p1.pdf', 'folder'].map((f) => path.join(dir, f));
    const r = await cli(['scan', '--group-pages', '--out', out, ...inputs]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await fs.readdir(out)).sort()).toEqual(['folder.json', 'multi.json', 'single.json']);
    const read = async (n: string): Promise<RequestGroup> =>
      JSON.parse(await fs.readFile(path.join(out, `${n}.json`), 'utf8')) as RequestGroup;
    const single = await read('single');
    expect(single.resourceType).toBe('RequestGroup');
    expect(drugsOf(single)).toContain('DOLIPRANE');
    const multi = drugsOf(await read('multi'));
    expect(multi).toContain('DOLIPRANE');
    expect(multi).toContain('SPASFON');
    expect(multi.indexOf('DOLIPRANE')).toBeLessThan(multi.indexOf('SPASFON')); // page 1 before page 2
    expect(drugsOf(await read('folder'))).toContain('AMOXICILLINE'); // OCR of the PNG page
  }, 300_000);

  it('prints text to stdout, reports a bad input on stderr and exits 1 while reading the others', async () => {
    const r = await cli([
      'scan',
      '--format',
      'text',
      path.join(dir, 'broken.png'),
      path.join(dir, 'single.pdf'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^broken: .*not a JPEG, PNG/);
    expect(r.out).toMatch(/^single \(2025-03-12\)\n {2}1\. DOLIPRANE/);
  }, 60_000);

  it.each([
    [['scan'], /No input given/],
    [['scan', '--format', 'xml', 'a.png'], /--format must be fhir, json or text/],
    [['scan', path.join(os.tmpdir(), 'does-not-exist.png')], /No such file or folder/],
    [['scan', '--bogus', 'a.png'], /Unknown option --bogus/],
  ])('refuses %j with exit code 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
