import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/** The family name documents use (kit.document() sets it as the default font). */
export const PDF_FONT = 'NotoSansJP';

// Resolved by Node at run time (not by the bundler), from the npm package: the font is never
// downloaded and never reaches the browser bundle.
const nodeRequire = createRequire(__filename);
const FONT_FILES = {
  normal: nodeRequire.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  bold: nodeRequire.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
};
const ALLOWED_FILES = new Set(Object.values(FONT_FILES).map((f) => resolve(f)));

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let configured: PdfMake | null = null;

/** pdfmake's server build is one shared instance: configure it once, locked down. */
function pdfmake(): PdfMake {
  if (!configured) {
    const instance = nodeRequire('pdfmake') as PdfMake;
    instance.setFonts({ [PDF_FONT]: { normal: FONT_FILES.normal, bold: FONT_FILES.bold, italics: FONT_FILES.normal, bolditalics: FONT_FILES.bold } });
    // A document definition can name URLs and files (images, fonts): only our two fonts load.
    instance.setUrlAccessPolicy(() => false);
    instance.setLocalAccessPolicy((path) => ALLOWED_FILES.has(resolve(path)));
    configured = instance;
  }
  return configured;
}

/** Renders pdfmake documents to PDF bytes (fonts subset: only the glyphs used are embedded). */
@Injectable()
export class PdfRenderer {
  render(doc: TDocumentDefinitions): Promise<Buffer> {
    return pdfmake().createPdf({ ...doc, defaultStyle: { font: PDF_FONT, ...doc.defaultStyle } }).getBuffer();
  }
}
