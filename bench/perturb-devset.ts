/**
 * @module Hand-run generalisation check: writes a perturbed copy of the dev set's image documents
 * (png, scan, photo; PDFs are left out) to OUT — each page re-photographed in a way the dev set never
 * shows it: scaled down, rotated a little more, blurred, lighter or darker, re-compressed as JPEG —
 * with the truth files linked beside them, so `bench/eval-scan.ts --dev OUT` scores the engine on
 * images it was never tuned on. Seeded: the same seed gives the same images.
 *
 *   npx tsx bench/perturb-devset.ts [OUT=/tmp/ordoscan-perturbed] [--seed 7]
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from './drug-noise.js';

const DEV = process.env.ORDOSCAN_EVAL_DEV ?? '/work/shared/eval/dev';
const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt === -1 ? 7 : Number(args[seedAt + 1]);
const out = path.resolve(
  args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--seed') ?? '/tmp/ordoscan-perturbed',
);

interface Truth {
  id: string;
  files: string[];
  media: { kind: string };
}

/** @returns the mean color of a photo's top-left corner (the desk around the sheet). */
async function cornerColor(file: string): Promise<{ r: number; g: number; b: number }> {
  const { channels } = await sharp(file).extract({ left: 0, top: 0, width: 24, height: 24 }).stats();
  const [r, g = r, b = r] = channels.map((c) => Math.round(c.mean));
  return { r: r ?? 0, g: g ?? 0, b: b ?? 0 };
}

fs.mkdirSync(out, { recursive: true });
const random = seededRandom(seed);
const between = (lo: number, hi: number): number => lo + (hi - lo) * random();
let written = 0;
for (const f of fs
  .readdirSync(DEV)
  .filter((n) => n.endsWith('.truth.json'))
  .sort()) {
  const truth = JSON.parse(fs.readFileSync(path.join(DEV, f), 'utf8')) as Truth;
  if (truth.files.some((p) => p.endsWith('.pdf'))) continue;
  const files: string[] = [];
  for (const file of truth.files) {
    const input = sharp(path.join(DEV, file));
    const meta = await input.metadata();
    const scale = between(0.72, 0.9);
    const angle = between(-2, 2);
    const blur = between(0.4, 0.9);
    const gamma = between(1.0, 1.6);
    const quality = Math.round(between(45, 70));
    const width = Math.round((meta.width ?? 1000) * scale);
    // The corners a rotation uncovers: paper-gray for a scanner, the desk's own color for a photo
    // (a phone never shows paper-colored wedges at its frame's corners).
    const background =
      truth.media.kind === 'photo' ? await cornerColor(path.join(DEV, file)) : { r: 235, g: 235, b: 230 };
    const bytes = await input
      .resize({ width })
      .rotate(angle, { background })
      .blur(blur)
      .gamma(gamma)
      .jpeg({ quality })
      .toBuffer();
    const name = file.replace(/\.(png|jpe?g)$/i, '.jpg');
    fs.writeFileSync(path.join(out, name), bytes);
    files.push(name);
    console.log(
      `${name}: ${truth.media.kind} ×${scale.toFixed(2)} ${angle.toFixed(1)}° blur ${blur.toFixed(2)} γ ${gamma.toFixed(2)} q${quality}`,
    );
  }
  fs.writeFileSync(path.join(out, `${truth.id}.truth.json`), JSON.stringify({ ...truth, files }, null, 2));
  written += 1;
}
console.log(
  `${written} documents → ${out}; score with: npx tsx bench/eval-scan.ts --dev ${out} --out /tmp/perturbed-out`,
);
