#!/usr/bin/env node
// Prints what a PDF says, for tests: `node tools/test/pdf-text.mjs file.pdf` →
// {"pages":[{"width":595.28,"height":841.89,"text":"…"}]}. pdfjs-dist is ESM only and Jest runs
// CommonJS, so the HTTP tests call this script as a child process instead of importing pdfjs.
import { readFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: node tools/test/pdf-text.mjs file.pdf');

const data = new Uint8Array(await readFile(file));
// Fonts are embedded: nothing is fetched, nothing is evaluated, no system fonts are used.
const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  const content = await page.getTextContent();
  // One line per text run; hasEOL marks where pdfjs saw the line end.
  const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
  pages.push({ width: Math.round((x1 - x0) * 100) / 100, height: Math.round((y1 - y0) * 100) / 100, text });
  page.cleanup();
}
await doc.destroy();
process.stdout.write(JSON.stringify({ pages }));
