import type { TenderStatus } from '@keiyaku/domain';
import { AuthUser, canAccessDepartment } from '@keiyaku/server/auth';
import { notFound } from '@keiyaku/server/core';
import type { Tender } from './entities/tender.entity';

/** Statuses in which no bid has been opened yet: prices published "after" are still secret. */
const BEFORE_OPENING: TenderStatus[] = ['draft', 'announced', 'designated', 'bidding', 'cancelled'];

/** The fields that reveal 予定価格 or the minimum price before opening. */
export const SECRET_PRICE_FIELDS = [
  'designPrice', 'plannedPrice', 'priceComponents', 'priceCalc', 'minimumPrice', 'lowBidThreshold', 'disqualificationPrice', 'overridePrice', 'overrideReason',
] as const;

/**
 * 事後公表: until opening, only staff who run the tender (tenders.write) see its prices. A tender
 * cancelled before any opening keeps them secret too (it may be re-announced).
 */
export function pricesHiddenFor(tender: Pick<Tender, 'pricePublication' | 'status' | 'outcome'>, user: Pick<AuthUser, 'permissions'>): boolean {
  if (user.permissions.includes('tenders.write')) return false;
  if (tender.pricePublication === 'before') return false;
  return BEFORE_OPENING.includes(tender.status) && !(tender.status === 'cancelled' && tender.outcome);
}

/** A copy with the secret price fields set to null when the user may not see them yet. */
export function withPriceSecrecy<T extends Partial<Record<(typeof SECRET_PRICE_FIELDS)[number], unknown>>>(
  row: T,
  tender: Pick<Tender, 'pricePublication' | 'status' | 'outcome'>,
  user: Pick<AuthUser, 'permissions'>,
): T & { pricesHidden: boolean } {
  if (!pricesHiddenFor(tender, user)) return { ...row, pricesHidden: false };
  const copy: Record<string, unknown> = { ...row, pricesHidden: true };
  for (const f of SECRET_PRICE_FIELDS) if (f in copy) copy[f] = null;
  return copy as T & { pricesHidden: boolean };
}

/** Another department's tender is "not found" for a works-department user. */
export function assertTenderAccess(tender: Pick<Tender, 'departmentId'> | null, user: AuthUser): void {
  if (!tender || !canAccessDepartment(user, tender.departmentId)) throw notFound('入札案件');
}
