/**
 * Every issue code the engine can emit has a French and an English label in the web app, and every
 * field it attaches to an issue a name: the codes are collected from the engine's source, so a new
 * code cannot ship untranslated.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIELD_LABELS, ISSUE_LABELS, fieldLabel, issueLabel } from '../../web/src/issue-labels.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The modules that produce `Issue`s: the scan engine, the drug database, the app routes. */
const ISSUE_DIRS = ['src/scan', 'src/drugs', 'src/api/routes/app'];
/** An issue code: lower-case words joined by hyphens (EDQM/UCUM codes have no hyphen). */
const CODE = "'([a-z0-9]+(?:-[a-z0-9]+)+)'";
/** `{ severity, code: '…', message, field: '…' }` literals. */
const LITERAL_CODE = new RegExp(`\\bcode:\\s*${CODE}`, 'g');
const LITERAL_FIELD = /\bfield:\s*'([a-zA-Z]+)'/g;
/** `flag(s, severity, 'field', 'code', message)` calls (src/scan/posology/segment-state.ts). */
const FLAG_CALL = new RegExp(`\\bflag\\(\\s*[^,()]+,\\s*[^,()]+,\\s*'([a-zA-Z]+)',\\s*${CODE}`, 'g');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.test-helper.ts'))
    .map((f) => readFileSync(path.join(root, dir, f), 'utf8'));
}

function collect(): { codes: Set<string>; fields: Set<string>; unmatchedFlags: number } {
  const codes = new Set<string>();
  const fields = new Set<string>();
  let unmatchedFlags = 0;
  for (const text of ISSUE_DIRS.flatMap(sources)) {
    for (const m of text.matchAll(LITERAL_CODE)) codes.add(m[1]!);
    for (const m of text.matchAll(LITERAL_FIELD)) fields.add(m[1]!);
    const flags = [...text.matchAll(FLAG_CALL)];
    for (const m of flags) {
      fields.add(m[1]!);
      codes.add(m[2]!);
    }
    const calls = (text.match(/\bflag\(/g) ?? []).length - (text.match(/\bfunction flag\(/g) ?? []).length;
    unmatchedFlags += calls - flags.length;
  }
  return { codes, fields, unmatchedFlags };
}

describe('web issue labels', () => {
  const { codes, fields, unmatchedFlags } = collect();

  it('collects the engine issue codes from the source', () => {
    // every flag() call was read: a call with a computed code or field would escape the check below
    expect(unmatchedFlags).toBe(0);
    for (const known of ['drug-not-found', 'ocr-digit-doubt', 'page-empty', 'posology-unit-missing']) {
      expect(codes).toContain(known);
    }
    expect(codes.size).toBeGreaterThan(40);
  });

  it('has a French and an English label for every issue code', () => {
    const missing = [...codes].flatMap((c) =>
      (['fr', 'en'] as const).filter((l) => !Object.hasOwn(ISSUE_LABELS[l], c)).map((l) => `${l}:${c}`),
    );
    expect(missing).toEqual([]);
  });

  it('labels no code the engine no longer emits', () => {
    expect(Object.keys(ISSUE_LABELS.fr).filter((c) => !codes.has(c))).toEqual([]);
    expect(Object.keys(ISSUE_LABELS.en).sort()).toEqual(Object.keys(ISSUE_LABELS.fr).sort());
  });

  it('names every issue field in French and English', () => {
    const missing = [...fields].flatMap((f) =>
      (['fr', 'en'] as const).filter((l) => !Object.hasOwn(FIELD_LABELS[l], f)).map((l) => `${l}:${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('falls back to the engine message and field for unknown ones', () => {
    expect(issueLabel('fr', { code: 'ocr-digit-doubt', message: 'x' })).toMatch(/^Chiffre peu lisible/);
    expect(issueLabel('en', { code: 'ocr-digit-doubt', message: 'x' })).toMatch(/^Hard-to-read digit/);
    expect(issueLabel('fr', { code: 'some-new-code', message: 'Engine message.' })).toBe('Engine message.');
    expect(issueLabel('fr', { code: 'constructor', message: 'm' })).toBe('m');
    expect(fieldLabel('fr', 'maxDose')).toBe('Dose maximale');
    expect(fieldLabel('en', 'someField')).toBe('someField');
  });

  it('shows what an issue is about as printed, quoted in the language', () => {
    const unknown = {
      code: 'posology-unknown-words',
      message: 'Words not understood: zz, qq.',
      details: ['zz', 'qq'],
    };
    expect(issueLabel('fr', unknown)).toBe(
      'Mots non compris dans la posologie : vérifiez la posologie — « zz », « qq »',
    );
    expect(issueLabel('en', unknown)).toBe(
      'Words not understood in the dosage: check the dosage — “zz”, “qq”',
    );
    const many = { ...unknown, details: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', ' ', 'x'.repeat(60)] };
    const label = issueLabel('fr', many);
    expect(label).toContain('« a5 », …');
    expect(label).not.toContain('a6');
    expect(issueLabel('fr', { ...unknown, details: ['x'.repeat(60)] })).toContain(`« ${'x'.repeat(39)}… »`);
    expect(issueLabel('fr', { ...unknown, details: [] })).toBe(ISSUE_LABELS.fr['posology-unknown-words']);
  });
});
