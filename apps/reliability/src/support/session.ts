export const DEMO_PASSWORD = 'keiyaku-demo-2026';
export const ADMIN_PASSWORD = 'keiyaku-admin-2026';

export interface Reply {
  status: number;
  body: any;
}

/** A signed-in user over real HTTP: keeps the cookies and sends the CSRF header on writes. */
export class Session {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: () => string) {}

  static async signIn(baseUrl: string | (() => string), loginId: string, password = loginId === 'admin' ? ADMIN_PASSWORD : DEMO_PASSWORD): Promise<Session> {
    const s = new Session(typeof baseUrl === 'string' ? () => baseUrl : baseUrl);
    const res = await s.send('POST', '/api/auth/login', { loginId, password });
    if (res.status !== 200) throw new Error(`sign-in of ${loginId} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return s;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf(): string {
    return this.cookies.get('XSRF-TOKEN') ?? '';
  }

  private keep(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i);
      const value = pair.slice(i + 1);
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
  }

  async send(method: string, url: string, body?: unknown, init: { headers?: Record<string, string>; raw?: BodyInit } = {}): Promise<Reply> {
    const headers: Record<string, string> = { Cookie: this.cookieHeader, 'X-XSRF-TOKEN': this.csrf, ...init.headers };
    if (body !== undefined && init.raw === undefined) headers['Content-Type'] = 'application/json';
    const request = () => fetch(`${this.baseUrl()}${url}`, { method, headers, body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    let res: Response;
    try {
      res = await request();
    } catch (e) {
      // A kept-alive socket the server closed just as it was reused (its event loop was busy):
      // a read is safe to send again; a write is not, and the caller sees the failure.
      if (method !== 'GET') throw e;
      res = await request();
    }
    this.keep(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (a file)
    }
    return { status: res.status, body: parsed };
  }

  get(url: string) {
    return this.send('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.send('POST', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.send('PATCH', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.send('PUT', url, body ?? {});
  }

  /** Uploads a file as the import screen does (multipart, purpose=import). */
  async upload(content: Buffer, fileName: string, purpose = 'import'): Promise<number> {
    const form = new FormData();
    form.set('purpose', purpose);
    form.set('file', new Blob([new Uint8Array(content)]), fileName);
    const res = await this.send('POST', '/api/files', undefined, { raw: form });
    if (typeof res.body?.id !== 'number') throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
}
