import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Who is acting and from where, for the audit trail and the logs. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  userId: number | null;
  loginId: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs work (a request, a job, a CLI command) in its own context. */
export function runWithContext<T>(ctx: Partial<RequestContext>, fn: () => T): T {
  return storage.run(
    { requestId: ctx.requestId ?? randomUUID(), ip: ctx.ip ?? null, userId: ctx.userId ?? null, loginId: ctx.loginId ?? null },
    fn,
  );
}

/** Express middleware: one context per request; the request id is reused by the logger. */
export function requestContextMiddleware(req: any, res: any, next: () => void): void {
  const header = req.headers['x-request-id'];
  const requestId = typeof header === 'string' && /^[\w-]{8,64}$/.test(header) ? header : randomUUID();
  req.id = requestId;
  res.setHeader('X-Request-Id', requestId);
  runWithContext({ requestId, ip: req.ip ?? req.socket?.remoteAddress ?? null }, next);
}
