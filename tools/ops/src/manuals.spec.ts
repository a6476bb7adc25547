import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANUALS } from './build-manuals';
import { imagesOf, renderMarkdown } from './markdown';

const ROOT = join(__dirname, '../../..');

/** Screenshot names the browser tests take: screenshot(page, '<name>'). */
function capturedScreens(): Set<string> {
  const dir = join(ROOT, 'apps/e2e/src');
  const names = new Set<string>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.e2e.ts'))) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/screenshot\(page, '([^']+)'\)/g)) names.add(m[1]);
  }
  return names;
}

describe('manuals', () => {
  it('every screen a manual shows is captured by a browser test (so it comes from the current UI)', () => {
    const captured = capturedScreens();
    const used = MANUALS.flatMap(([src]) => imagesOf(readFileSync(join(ROOT, src), 'utf8')).map((i) => `${src}: ${i}`));
    expect(used.length).toBeGreaterThan(15);
    expect(used.filter((u) => !captured.has(u.split(': ')[1]))).toEqual([]);
  });

  it('renders headings, tables, lists, code, links and images', () => {
    const { html, headings } = renderMarkdown(
      '# 手引き\n\n段落の**強調**と`code`、[次](staff.md#h2)。\n\n| 列 | 値 |\n|---|---|\n| a | <b> |\n\n1. 一\n   - 下\n2. 二\n\n```\nnpm run restore\n```\n\n![画面](images/x.png)\n',
    );
    expect(headings).toEqual([{ level: 1, text: '手引き', id: 'h1' }]);
    expect(html).toContain('<h1 id="h1">手引き</h1>');
    expect(html).toContain('<p>段落の<strong>強調</strong>と<code>code</code>、<a href="staff.html#h2">次</a>。</p>');
    expect(html).toContain('<table><thead><tr><th>列</th><th>値</th></tr></thead><tbody><tr><td>a</td><td>&lt;b&gt;</td></tr></tbody></table>');
    expect(html).toContain('<ol><li>一<ul><li>下</li></ul></li><li>二</li></ol>');
    expect(html).toContain('<pre><code>npm run restore</code></pre>');
    expect(html).toContain('<img src="images/x.png" alt="画面">');
  });
});
