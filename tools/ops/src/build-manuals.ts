import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { imagesOf, renderMarkdown } from './markdown';

/** The manuals, in order: [source, output name, title]. */
export const MANUALS: Array<[string, string, string]> = [
  ['docs/manual/administrator.md', 'administrator', 'システム管理者の手引き'],
  ['docs/manual/staff.md', 'staff', '職員の手引き（契約課・工事担当課・検査員）'],
  ['docs/manual/applicant.md', 'applicant', '事業者の手引き（入札参加資格審査申請）'],
  ['docs/operations.md', 'operations', '運用手順書'],
  ['docs/manual/training.md', 'training', '研修計画'],
];

const ROOT = resolve(__dirname, '../../..');
const SHOTS = join(ROOT, 'tmp/e2e/screenshots');
const OUT = join(ROOT, 'dist/manual');

const CSS = `body{font-family:"Noto Sans CJK JP","Noto Sans JP","IPAexGothic",sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.7;color:#222}
h1{border-bottom:3px solid #1565c0;padding-bottom:.2em}h2{border-left:6px solid #1565c0;padding-left:.4em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .6em;vertical-align:top}th{background:#e3f2fd}
code{background:#f4f4f4;padding:0 .2em}pre{background:#f4f4f4;padding:.8em;overflow-x:auto}
figure{margin:1em 0}img{max-width:100%;border:1px solid #ccc}figcaption{font-size:.85em;color:#555}
nav.toc{background:#fafafa;border:1px solid #ddd;padding:.5em 1em}@media print{a{color:inherit}h2{page-break-after:avoid}figure{page-break-inside:avoid}}`;

function main(): void {
  const args = new Set(process.argv.slice(2));
  if (args.has('--screenshots')) {
    // The browser tests drive the current build and write the screenshots the manuals use.
    for (const [cmd, a] of [['npm', ['run', 'build']], ['npm', ['run', 'test:e2e']]] as const) {
      const r = spawnSync(cmd, [...a], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CI: 'true', NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' } });
      if (r.status !== 0) {
        console.error(`${cmd} ${a.join(' ')} failed: the manuals were not rebuilt.`);
        process.exitCode = 1;
        return;
      }
    }
  }
  mkdirSync(join(OUT, 'images'), { recursive: true });
  const missing: string[] = [];
  const index: string[] = [];
  for (const [src, name, title] of MANUALS) {
    const md = readFileSync(join(ROOT, src), 'utf8');
    for (const img of imagesOf(md)) {
      const shot = join(SHOTS, `${img}.png`);
      if (existsSync(shot)) copyFileSync(shot, join(OUT, 'images', `${img}.png`));
      else missing.push(`${src}: images/${img}.png`);
    }
    const { html, headings } = renderMarkdown(md.replace(/\(images\//g, '(images/'));
    const toc = headings.filter((h) => h.level === 2).map((h) => `<li><a href="#${h.id}">${h.text}</a></li>`).join('');
    writeFileSync(
      join(OUT, `${name}.html`),
      `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>${title} - keiyaku</title><style>${CSS}</style></head><body>${html.replace(/(<\/h1>)/, `$1<nav class="toc"><ul>${toc}</ul></nav>`)}</body></html>`,
    );
    index.push(`<li><a href="${name}.html">${title}</a>（<a href="${name}.pdf">PDF</a>）</li>`);
  }
  writeFileSync(join(OUT, 'index.html'), `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>keiyaku マニュアル</title><style>${CSS}</style></head><body><h1>keiyaku マニュアル</h1><ul>${index.join('')}</ul></body></html>`);
  if (missing.length) {
    console.error(`画面の画像がありません（node tools/ops/build-manuals.mjs --screenshots で撮り直してください）:\n  ${missing.join('\n  ')}`);
    process.exitCode = 1;
  }
  if (!args.has("--no-pdf")) pdfs().catch((e) => { console.error(e); process.exitCode = 1; });
  else console.log(`HTML: ${OUT}`);
}

async function pdfs(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--disable-dev-shm-usage', '--no-sandbox'] });
  try {
    const page = await browser.newPage();
    for (const [, name] of MANUALS) {
      await page.goto(`file://${join(OUT, `${name}.html`)}`);
      await page.pdf({ path: join(OUT, `${name}.pdf`), format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' }, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>' });
    }
    console.log(`HTML と PDF: ${OUT}`);
  } finally {
    await browser.close();
  }
}

if (require.main === module) main();
