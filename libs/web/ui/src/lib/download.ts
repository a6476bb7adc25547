const EXPORT_FAILED = 'ファイルを出力できませんでした。時間をおいて再度お試しください。';
/** How long a download frame is kept: the server may take a while before the first byte. */
const FRAME_LIFETIME_MS = 10 * 60_000;

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not the API's JSON error
  }
  return EXPORT_FAILED;
}

/**
 * Downloads a file the server sends as an attachment, streamed by the browser straight to disk
 * (a whole-list export may be large). A hidden frame loads the URL: a file goes to the browser's
 * downloads without ever loading the frame, so a page that does load in it is the server's
 * JSON error, whose Japanese message goes to `onError`.
 */
export function startDownload(url: string, onError?: (message: string) => void): void {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.tabIndex = -1;
  frame.setAttribute('aria-hidden', 'true');
  frame.className = 'ky-download-frame';
  const timer = setTimeout(() => frame.remove(), FRAME_LIFETIME_MS);
  frame.addEventListener('load', () => {
    let body = '';
    try {
      body = frame.contentDocument?.body?.textContent ?? '';
    } catch {
      // unreadable: still an error page
    }
    clearTimeout(timer);
    frame.remove();
    onError?.(messageOf(body));
  });
  frame.src = url;
  document.body.appendChild(frame);
}

/** Saves a Blob already in memory (e.g. the previewed PDF) under a file name. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The browser has taken the blob once the click is handled; keep it a little for slow disks.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The Japanese file name from Content-Disposition (RFC 5987 filename* first). */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // malformed: try the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/.exec(header) ?? /filename\s*=\s*([^;]+)/.exec(header);
  return plain?.[1]?.trim() || fallback;
}

/** `path?a=1&b=2`, leaving out empty values. */
export function urlWithParams(path: string, params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}${path.includes('?') ? '&' : '?'}${query}` : path;
}
