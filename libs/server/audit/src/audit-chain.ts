import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  occurredAt: Date;
  userId: number | null;
  loginId: string | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  summary: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

/** SHA-256 over the row's fields in a fixed order, chained to the previous row's hash. */
export function chainHash(f: ChainFields): string {
  const canonical = JSON.stringify([
    f.seq,
    f.occurredAt.toISOString(),
    f.userId ?? null,
    f.loginId ?? null,
    f.ip ?? null,
    f.requestId ?? null,
    f.action,
    f.entity ?? null,
    f.entityId ?? null,
    f.summary ?? null,
    f.before ?? null,
    f.after ?? null,
    f.prevHash,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
