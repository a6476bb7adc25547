/**
 * Open data: an OCDS 1.1 release package per fiscal year (layouts.md, Exports), with the bid
 * extension. Pure: the server loads the fiscal year's published tenders and contracts, this
 * maps them. Only what is public goes in — prices after opening (or when published before),
 * vendors by 法人番号 (JP-JCN), no names of raters or staff.
 */

export const OCDS_VERSION = '1.1';
export const OCDS_BID_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';

export interface OcdsVendor {
  id: number;
  vendorCode: string;
  corporateNumber: string | null;
  name: string;
}

export interface OcdsBid {
  round: number;
  vendorId: number;
  amount: number | null;
  declined: boolean;
  verdict: string | null;
}

export interface OcdsChange {
  changeNo: number;
  changeDate: string;
  amount: number;
  periodTo: string | null;
  reason: string;
}

export interface OcdsPayment {
  id: number;
  kind: string;
  paidDate: string | null;
  amount: number;
}

export interface OcdsContract {
  contractNumber: string | null;
  id: number;
  title: string;
  category: string;
  method: string;
  vendorId: number;
  amount: number;
  originalAmount: number | null;
  contractDate: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  status: string;
  smallContractKind: string | null;
  negotiatedReason: string | null;
  changes: OcdsChange[];
  payments: OcdsPayment[];
}

export interface OcdsTender {
  id: number;
  tenderNumber: string;
  title: string;
  category: string;
  method: string;
  status: string;
  outcome: string | null;
  negotiatedReason: string | null;
  /** null when still secret (事後公表 before opening). */
  plannedPrice: number | null;
  announcementDate: string | null;
  bidDeadline: string | null;
  openingDate: string | null;
  awardVendorId: number | null;
  awardAmount: number | null;
  bids: OcdsBid[];
  /** Vendors designated or invited (指名), for selective and limited methods. */
  designatedVendorIds: number[];
  contract: OcdsContract | null;
}

export interface OcdsInput {
  fiscalYear: number;
  publishedDate: string;
  uri: string;
  ocidPrefix: string;
  publisher: { name: string; corporateNumber: string | null };
  tenders: OcdsTender[];
  /** Contracts of the year without a tender (随意契約 concluded directly, migrated history). */
  contracts: OcdsContract[];
  vendors: Map<number, OcdsVendor>;
}

const CATEGORY: Record<string, 'works' | 'services' | 'goods'> = { construction: 'works', survey: 'services', goods: 'goods' };
const METHOD_DETAILS: Record<string, string> = { general: '一般競争入札', designated: '指名競争入札', negotiated: '随意契約', quotation: '見積合せ' };

/** 一般競争 → open, 指名競争 → selective, 随意契約 → limited (特命, one vendor only → direct). */
export function ocdsMethod(method: string, vendorsAsked: number): 'open' | 'selective' | 'limited' | 'direct' {
  if (method === 'general') return 'open';
  if (method === 'designated') return 'selective';
  return vendorsAsked === 1 ? 'direct' : 'limited';
}

/** 辞退 → withdrawn; 失格・無効 (and bids the opening set aside) → disqualified; the rest valid. */
export function ocdsBidStatus(b: Pick<OcdsBid, 'declined' | 'verdict'>): 'valid' | 'disqualified' | 'withdrawn' {
  if (b.declined || b.verdict === 'declined') return 'withdrawn';
  if (b.verdict && ['disqualified', 'invalid', 'belowMinimum', 'overCeiling', 'suspended'].includes(b.verdict)) return 'disqualified';
  return 'valid';
}

export function ocdsTenderStatus(status: string): 'active' | 'cancelled' | 'unsuccessful' | 'complete' {
  if (status === 'awarded') return 'complete';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'unsuccessful') return 'unsuccessful';
  return 'active';
}

export function ocdsContractStatus(status: string): 'pending' | 'active' | 'cancelled' | 'terminated' {
  if (status === 'draft') return 'pending';
  if (status === 'cancelled') return 'cancelled';
  if (status === 'paid') return 'terminated';
  return 'active';
}

/** A business date as an OCDS date-time (start of the day in Japan). */
export const ocdsDate = (date: string | null | undefined): string | undefined => (date ? `${date}T00:00:00+09:00` : undefined);
const yen = (amount: number) => ({ amount, currency: 'JPY' });

/** The party id of a vendor: JP-JCN-<法人番号>, or the registry's number for sole proprietors (no 法人番号). */
export function vendorPartyId(v: OcdsVendor): string {
  return v.corporateNumber ? `JP-JCN-${v.corporateNumber}` : `JP-KEIYAKU-${v.vendorCode}`;
}

/** Drops undefined values and empty arrays, so optional OCDS fields are simply absent. */
function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, clean(v)]),
    ) as T;
  }
  return value;
}

type Json = Record<string, unknown>;

export function buildOcdsPackage(input: OcdsInput): Json {
  const buyerId = input.publisher.corporateNumber ? `JP-JCN-${input.publisher.corporateNumber}` : 'buyer';
  const buyer = { id: buyerId, name: input.publisher.name };
  const buyerParty = clean({
    id: buyerId,
    name: input.publisher.name,
    identifier: input.publisher.corporateNumber ? { scheme: 'JP-JCN', id: input.publisher.corporateNumber, legalName: input.publisher.name } : undefined,
    roles: ['buyer', 'procuringEntity', 'payer'],
  });
  const ref = (vendorId: number) => {
    const v = input.vendors.get(vendorId);
    return v ? { id: vendorPartyId(v), name: v.name } : { id: `JP-KEIYAKU-ID-${vendorId}`, name: '（不明）' };
  };
  const releases: Json[] = [];

  const partiesOf = (roles: Map<number, Set<string>>) => [
    buyerParty,
    ...[...roles.entries()].map(([vendorId, r]) => {
      const v = input.vendors.get(vendorId);
      return clean({
        ...ref(vendorId),
        identifier: v?.corporateNumber ? { scheme: 'JP-JCN', id: v.corporateNumber, legalName: v.name } : undefined,
        roles: [...r],
      });
    }),
  ];
  const role = (roles: Map<number, Set<string>>, vendorId: number, r: string) => roles.set(vendorId, new Set([...(roles.get(vendorId) ?? []), r]));

  const contractSection = (c: OcdsContract, awardId: string, roles: Map<number, Set<string>>) => {
    role(roles, c.vendorId, 'supplier');
    const payments = c.payments.filter((p) => p.paidDate);
    if (payments.length) role(roles, c.vendorId, 'payee');
    return {
      id: c.contractNumber ?? `C${c.id}`,
      awardID: awardId,
      title: c.title,
      status: ocdsContractStatus(c.status),
      period: c.periodFrom || c.periodTo ? { startDate: ocdsDate(c.periodFrom), endDate: ocdsDate(c.periodTo) } : undefined,
      // 契約金額 as it stands now (tax included), after the approved changes.
      value: yen(c.amount),
      dateSigned: ocdsDate(c.contractDate),
      amendments: c.changes.map((x) => ({
        id: String(x.changeNo),
        date: ocdsDate(x.changeDate),
        rationale: x.reason,
        description: `第${x.changeNo}回変更: 契約金額 ${x.amount.toLocaleString('ja-JP')}円${x.periodTo ? `、履行期限 ${x.periodTo}` : ''}`,
      })),
      implementation: payments.length
        ? {
            transactions: payments.map((p) => ({ id: String(p.id), date: ocdsDate(p.paidDate), value: yen(p.amount), payer: buyer, payee: ref(c.vendorId) })),
          }
        : undefined,
    };
  };
  const tagsOf = (hasAward: boolean, contract: OcdsContract | null) => [
    'tender',
    ...(hasAward ? ['award'] : []),
    ...(contract ? ['contract'] : []),
    ...(contract?.changes.length ? ['contractAmendment'] : []),
    ...(contract?.payments.some((p) => p.paidDate) ? ['implementation'] : []),
  ];
  const stamp = input.publishedDate.slice(0, 10).replace(/-/g, '');

  for (const t of input.tenders) {
    const roles = new Map<number, Set<string>>();
    const ocid = `${input.ocidPrefix}-${t.tenderNumber}`;
    const bidIdOf = (b: OcdsBid) => `${t.tenderNumber}-${b.round}-${input.vendors.get(b.vendorId)?.vendorCode ?? b.vendorId}`;
    const bidders = [...new Set(t.bids.filter((b) => !b.declined).map((b) => b.vendorId))];
    for (const b of t.bids) role(roles, b.vendorId, 'tenderer');
    const asked = new Set([...t.designatedVendorIds, ...t.bids.map((b) => b.vendorId)]).size;
    const winner = t.awardVendorId ? [...t.bids].reverse().find((b) => b.vendorId === t.awardVendorId && b.verdict === 'winner') : undefined;
    const awardId = `${t.tenderNumber}-1`;
    const awarded = t.status === 'awarded' && t.awardVendorId !== null;
    if (awarded) role(roles, t.awardVendorId!, 'supplier');
    const statuses = t.bids.map(ocdsBidStatus);
    const lastRound = Math.max(0, ...t.bids.map((b) => b.round));
    releases.push(
      clean({
        ocid,
        id: `${t.tenderNumber}-${stamp}`,
        date: input.publishedDate,
        tag: tagsOf(awarded, t.contract),
        initiationType: 'tender',
        language: 'ja',
        buyer,
        tender: {
          id: t.tenderNumber,
          title: t.title,
          status: ocdsTenderStatus(t.status),
          procuringEntity: buyer,
          // 予定価格 (tax excluded), once it is public.
          value: t.plannedPrice !== null ? yen(t.plannedPrice) : undefined,
          procurementMethod: ocdsMethod(t.method, asked),
          procurementMethodDetails: METHOD_DETAILS[t.method] ?? t.method,
          procurementMethodRationale: t.negotiatedReason ?? undefined,
          mainProcurementCategory: CATEGORY[t.category],
          awardCriteria: 'priceOnly',
          tenderPeriod: t.announcementDate || t.bidDeadline ? { startDate: ocdsDate(t.announcementDate), endDate: ocdsDate(t.bidDeadline) } : undefined,
          awardPeriod: t.openingDate ? { startDate: ocdsDate(t.openingDate) } : undefined,
          numberOfTenderers: t.bids.length ? bidders.length : undefined,
          tenderers: bidders.map(ref),
        },
        bids: t.bids.length
          ? {
              statistics: [
                { id: '1', measure: 'bids', value: t.bids.filter((b) => b.round === lastRound && !b.declined).length },
                { id: '2', measure: 'validBids', value: t.bids.filter((b, i) => b.round === lastRound && statuses[i] === 'valid').length },
                { id: '3', measure: 'disqualifiedBids', value: t.bids.filter((b, i) => b.round === lastRound && statuses[i] === 'disqualified').length },
              ],
              details: t.bids.map((b, i) => ({
                id: bidIdOf(b),
                date: ocdsDate(t.openingDate),
                status: statuses[i],
                tenderers: [ref(b.vendorId)],
                value: b.amount !== null ? yen(b.amount) : undefined,
              })),
            }
          : undefined,
        awards: awarded
          ? [
              {
                id: awardId,
                status: 'active',
                date: ocdsDate(t.openingDate),
                // 落札金額 (tax excluded).
                value: t.awardAmount !== null ? yen(t.awardAmount) : undefined,
                suppliers: [ref(t.awardVendorId!)],
                relatedBid: winner ? bidIdOf(winner) : undefined,
              },
            ]
          : undefined,
        contracts: t.contract && awarded ? [contractSection(t.contract, awardId, roles)] : undefined,
        parties: partiesOf(roles),
      }),
    );
  }

  for (const c of input.contracts) {
    const roles = new Map<number, Set<string>>();
    const number = c.contractNumber ?? `C${c.id}`;
    const awardId = `${number}-1`;
    const contract = contractSection(c, awardId, roles);
    releases.push(
      clean({
        ocid: `${input.ocidPrefix}-${number}`,
        id: `${number}-${stamp}`,
        date: input.publishedDate,
        tag: tagsOf(true, c),
        initiationType: 'tender',
        language: 'ja',
        buyer,
        tender: {
          id: number,
          title: c.title,
          status: 'complete',
          procuringEntity: buyer,
          procurementMethod: ocdsMethod(c.method, 1),
          procurementMethodDetails: METHOD_DETAILS[c.method] ?? c.method,
          procurementMethodRationale: c.negotiatedReason ?? undefined,
          mainProcurementCategory: CATEGORY[c.category],
        },
        awards: [{ id: awardId, status: 'active', date: ocdsDate(c.contractDate), value: yen(c.originalAmount ?? c.amount), suppliers: [ref(c.vendorId)] }],
        contracts: [contract],
        parties: partiesOf(roles),
      }),
    );
  }

  return {
    uri: input.uri,
    version: OCDS_VERSION,
    extensions: [OCDS_BID_EXTENSION],
    publishedDate: input.publishedDate,
    publisher: clean({ name: input.publisher.name, scheme: input.publisher.corporateNumber ? 'JP-JCN' : undefined, uid: input.publisher.corporateNumber ?? undefined }),
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publicationPolicy: input.uri.replace(/\/[^/]*$/, '/policy'),
    releases,
  };
}
