import { ArgumentsHost, BadRequestException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { HttpExceptionFilter, isDatabaseUnavailable } from './http-exception.filter';

function respond(exception: unknown): { status: number; body: Record<string, unknown> } {
  const out = { status: 0, body: {} as Record<string, unknown> };
  const res = { headersSent: false, status: (s: number) => ((out.status = s), res), json: (b: Record<string, unknown>) => ((out.body = b), res) };
  const host = { switchToHttp: () => ({ getResponse: () => res }) } as unknown as ArgumentsHost;
  new HttpExceptionFilter().catch(exception, host);
  return out;
}

describe('HttpExceptionFilter', () => {
  it('answers 503 with a Japanese message when the database is away', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const r = respond(refused);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'データベースに接続できません。しばらく待ってから再度お試しください。' });
  });

  it('recognises a PostgreSQL shutdown wrapped by TypeORM and a terminated connection', () => {
    const shutdown = new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }));
    expect(isDatabaseUnavailable(shutdown)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
  });

  it('keeps an ordinary database error a 500 and a client error its own status', () => {
    const unique = new QueryFailedError('INSERT', [], Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }));
    expect(isDatabaseUnavailable(unique)).toBe(false);
    expect(respond(unique).status).toBe(500);
    expect(respond(new BadRequestException()).status).toBe(400);
  });
});
