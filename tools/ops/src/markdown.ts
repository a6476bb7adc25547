/**
 * The Markdown the manuals use, to HTML: headings (with ids), paragraphs, bold/code/links/images,
 * bullet and numbered lists (one level of nesting by indentation), tables, fenced code, quotes.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function inline(text: string): string {
  const codes: string[] = [];
  let s = text.replace(/`([^`]+)`/g, (_, c) => `\uE000${codes.push(esc(c)) - 1}\uE000`);
  s = esc(s)
    .replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, (_, alt, src) => `<figure><img src="${src}" alt="${alt}"><figcaption>${alt}</figcaption></figure>`)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => `<a href="${href.replace(/^(\.\.\/)+/, '').replace(/\.md(#|$)/, '.html$1')}">${label}</a>`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  return s.replace(/\uE000(\d+)\uE000/g, (_, i) => `<code>${codes[Number(i)]}</code>`);
}

export interface Heading {
  level: number;
  text: string;
  id: string;
}

export function renderMarkdown(md: string): { html: string; headings: Heading[] } {
  const lines = md.replace(/\r\n/g, '\n').split('\n');
  const out: string[] = [];
  const headings: Heading[] = [];
  let i = 0;
  const isBlockStart = (l: string) => /^(#{1,6} |```|\s*[-*] |\s*\d+\. |\||> )/.test(l) || !l.trim();
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const h = /^(#{1,6}) (.*)$/.exec(line);
    if (h) {
      const id = `h${headings.length + 1}`;
      headings.push({ level: h[1].length, text: h[2], id });
      out.push(`<h${h[1].length} id="${id}">${inline(h[2])}</h${h[1].length}>`);
      i++;
      continue;
    }
    if (line.startsWith('```')) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      i++;
      out.push(`<pre><code>${esc(body.join('\n'))}</code></pre>`);
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i].startsWith('|')) {
        const cells = lines[i].trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
        if (!cells.every((c) => /^:?-{3,}:?$/.test(c))) rows.push(cells);
        i++;
      }
      const [head, ...body] = rows;
      out.push(`<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body
        .map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`);
      continue;
    }
    if (line.startsWith('> ')) {
      const body: string[] = [];
      while (i < lines.length && lines[i].startsWith('> ')) body.push(lines[i++].slice(2));
      out.push(`<blockquote>${inline(body.join(' '))}</blockquote>`);
      continue;
    }
    const li = /^(\s*)([-*]|\d+\.) (.*)$/.exec(line);
    if (li) {
      const ordered = /\d/.test(li[2]);
      const items: string[] = [];
      while (i < lines.length) {
        const m = /^(\s*)([-*]|\d+\.) (.*)$/.exec(lines[i]);
        if (m && m[1].length === 0) {
          items.push(inline(m[3]));
          i++;
        } else if (m && m[1].length > 0) {
          const sub: string[] = [];
          const subOrdered = /\d/.test(m[2]);
          while (i < lines.length) {
            const n = /^(\s+)([-*]|\d+\.) (.*)$/.exec(lines[i]);
            if (!n) break;
            sub.push(`<li>${inline(n[3])}</li>`);
            i++;
          }
          items[items.length - 1] += `<${subOrdered ? 'ol' : 'ul'}>${sub.join('')}</${subOrdered ? 'ol' : 'ul'}>`;
        } else if (lines[i].trim() && /^\s{2,}\S/.test(lines[i]) && items.length) {
          items[items.length - 1] += ` ${inline(lines[i].trim())}`;
          i++;
        } else break;
      }
      out.push(`<${ordered ? 'ol' : 'ul'}>${items.map((x) => `<li>${x}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !(para.length && isBlockStart(lines[i]))) para.push(lines[i++]);
    out.push(`<p>${inline(para.join(' '))}</p>`);
  }
  return { html: out.join('\n'), headings };
}

/** Image paths a manual refers to (images/<name>.png). */
export function imagesOf(md: string): string[] {
  return [...md.matchAll(/!\[[^\]]*\]\(images\/([^)\s]+)\.png\)/g)].map((m) => m[1]);
}
