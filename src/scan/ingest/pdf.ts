/**
 * @module Reads a PDF with pdf.js (legacy build, in-process, no eval, no font faces): a page with a
 * text layer gives its lines directly (plus the page rendered at {@link PDF_PAGE_DPI} for display);
 * an image-only page is rasterised with @napi-rs/canvas at the resolution of its scan, for OCR.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { AppError } from '../../errors.js';
import { grayFromSharp, type GrayImage } from './gray-image.js';
import {
  MAX_FILE_PAGES,
  MAX_INPUT_PIXELS,
  PDF_PAGE_DPI,
  PDF_SCAN_MAX_DPI,
  PDF_SCAN_MIN_DPI,
} from './limits.js';
import { linesFromTextItems, type PdfTextItem } from './pdf-text.js';
import type { IngestedPage } from './types.js';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function openPdf(bytes: Buffer): Promise<PDFDocumentProxy> {
  try {
    return await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      standardFontDataUrl: join(PDFJS_DIR, 'standard_fonts') + '/',
      cMapUrl: join(PDFJS_DIR, 'cmaps') + '/',
      cMapPacked: true,
      verbosity: 0,
    }).promise;
  } catch (cause) {
    const name = cause instanceof Error ? cause.name : '';
    if (name === 'PasswordException') {
      throw new AppError('unsupported-media', 'The PDF is password-protected; send it without a password.', {
        cause,
      });
    }
    throw new AppError('invalid', 'The PDF cannot be read (damaged, truncated or not a PDF).', { cause });
  }
}

/** @returns the widest image painted on the page, in pixels, or 0 when there is none. */
async function scanWidthPx(page: PDFPageProxy): Promise<number> {
  const ops = await page.getOperatorList();
  let widest = 0;
  ops.fnArray.forEach((fn, i) => {
    if (fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject) {
      const args = ops.argsArray[i] as unknown[];
      const w =
        typeof args[1] === 'number' ? args[1] : ((args[0] as { width?: number } | undefined)?.width ?? 0);
      widest = Math.max(widest, w);
    }
  });
  return widest;
}

async function renderPage(page: PDFPageProxy, dpi: number): Promise<GrayImage> {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > MAX_INPUT_PIXELS) scale *= Math.sqrt(MAX_INPUT_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.round(viewport.width);
  const height = Math.round(viewport.height);
  if (width < 1 || height < 1) throw new AppError('invalid', 'A PDF page has no size.');
  const factory = (page as unknown as { _transport: { canvasFactory: CanvasFactory } })._transport
    .canvasFactory;
  const { canvas, context } = factory.create(width, height);
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({ canvas, canvasContext: context, viewport } as Parameters<PDFPageProxy['render']>[0])
    .promise;
  const rgba = context.getImageData(0, 0, width, height).data;
  factory.destroy({ canvas, context });
  return grayFromSharp(sharp(Buffer.from(rgba.buffer), { raw: { width, height, channels: 4 } }));
}

interface CanvasFactory {
  create(
    w: number,
    h: number,
  ): {
    canvas: unknown;
    context: {
      fillStyle: string;
      fillRect(x: number, y: number, w: number, h: number): void;
      getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
    };
  };
  destroy(pair: unknown): void;
}

async function readPage(doc: PDFDocumentProxy, n: number): Promise<IngestedPage> {
  const page = await doc.getPage(n);
  try {
    const content = await page.getTextContent();
    const items = content.items.filter((it): it is PdfTextItem & typeof it => 'str' in it);
    if (items.some((it) => it.str.trim() !== '')) {
      const scale = PDF_PAGE_DPI / 72;
      const lines = linesFromTextItems(items, page.getViewport({ scale: 1 }).height, scale, 0);
      return { kind: 'text', lines, image: await renderPage(page, PDF_PAGE_DPI) };
    }
    const widthIn = page.getViewport({ scale: 1 }).width / 72;
    const scanDpi = (await scanWidthPx(page)) / widthIn;
    const dpi = Math.min(PDF_SCAN_MAX_DPI, Math.max(PDF_SCAN_MIN_DPI, Math.round(scanDpi)));
    return { kind: 'raster', origin: 'pdf-scan', image: await renderPage(page, dpi) };
  } finally {
    page.cleanup();
  }
}

/**
 * @param bytes - a PDF file
 * @returns its pages in order
 * @throws AppError `invalid` (damaged), `unsupported-media` (encrypted), `too-large` (too many pages)
 */
export async function readPdfPages(bytes: Buffer): Promise<IngestedPage[]> {
  const doc = await openPdf(bytes);
  try {
    if (doc.numPages > MAX_FILE_PAGES) {
      throw new AppError(
        'too-large',
        `The PDF has ${doc.numPages} pages; at most ${MAX_FILE_PAGES} are accepted.`,
      );
    }
    const pages: IngestedPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        pages.push(await readPage(doc, n));
      } catch (cause) {
        if (cause instanceof AppError) throw cause;
        throw new AppError('invalid', `Page ${n} of the PDF cannot be read (damaged content).`, { cause });
      }
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
