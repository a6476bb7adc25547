import { buildOcdsPackage, ocdsBidStatus, ocdsContractStatus, ocdsDate, ocdsMethod, ocdsTenderStatus, vendorPartyId } from './ocds';

describe('OCDS mapping (layouts.md, Exports)', () => {
  it('maps the methods: 一般競争 → open, 指名競争 → selective, 随意契約 → limited, 特命 (one vendor) → direct', () => {
    expect(ocdsMethod('general', 12)).toBe('open');
    expect(ocdsMethod('designated', 8)).toBe('selective');
    expect(ocdsMethod('negotiated', 3)).toBe('limited');
    expect(ocdsMethod('quotation', 2)).toBe('limited');
    expect(ocdsMethod('negotiated', 1)).toBe('direct');
  });

  it('maps bids: 辞退 → withdrawn, 失格・無効 → disqualified, others valid', () => {
    expect(ocdsBidStatus({ declined: true, verdict: null })).toBe('withdrawn');
    expect(ocdsBidStatus({ declined: false, verdict: 'declined' })).toBe('withdrawn');
    for (const v of ['disqualified', 'invalid', 'belowMinimum', 'overCeiling', 'suspended']) expect(ocdsBidStatus({ declined: false, verdict: v })).toBe('disqualified');
    for (const v of ['winner', 'valid', 'lotLost', 'underInvestigation', null]) expect(ocdsBidStatus({ declined: false, verdict: v })).toBe('valid');
  });

  it('maps tender and contract statuses to the closed codelists', () => {
    expect(['announced', 'bidding', 'opened', 'awarded', 'unsuccessful', 'cancelled'].map(ocdsTenderStatus)).toEqual(['active', 'active', 'active', 'complete', 'unsuccessful', 'cancelled']);
    expect(['draft', 'concluded', 'inProgress', 'completed', 'inspected', 'paid', 'cancelled'].map(ocdsContractStatus)).toEqual(['pending', 'active', 'active', 'active', 'active', 'terminated', 'cancelled']);
  });

  it('identifies vendors by 法人番号 (JP-JCN), sole proprietors by their registry number; dates in Japan time', () => {
    expect(vendorPartyId({ id: 1, vendorCode: '000101', corporateNumber: '7000012050002', name: '㈱髙橋建設' })).toBe('JP-JCN-7000012050002');
    expect(vendorPartyId({ id: 2, vendorCode: '000102', corporateNumber: null, name: '﨑工務店' })).toBe('JP-KEIYAKU-000102');
    expect(ocdsDate('2026-04-01')).toBe('2026-04-01T00:00:00+09:00');
    expect(ocdsDate(null)).toBeUndefined();
  });

  it('builds a release per tender with bids, award, contract, amendments and transactions', () => {
    const vendors = new Map([
      [1, { id: 1, vendorCode: '000101', corporateNumber: '7000012050002', name: '㈱髙橋建設' }],
      [2, { id: 2, vendorCode: '000102', corporateNumber: null, name: '①﨑工務店' }],
    ]);
    const pkg = buildOcdsPackage({
      fiscalYear: 2026,
      publishedDate: '2026-12-03T00:00:00Z',
      uri: 'https://example.lg.jp/ocds/2026.json',
      ocidPrefix: 'ocds-abc123',
      publisher: { name: '防府市', corporateNumber: '2000020352063' },
      vendors,
      contracts: [],
      tenders: [
        {
          id: 9, tenderNumber: 'R8-0001', title: '市道台道線舗装工事', category: 'construction', method: 'designated', status: 'awarded', outcome: 'awarded', negotiatedReason: null,
          plannedPrice: 30_000_000, announcementDate: '2026-10-01', bidDeadline: '2026-10-20', openingDate: '2026-10-21', awardVendorId: 1, awardAmount: 28_500_000,
          designatedVendorIds: [1, 2],
          bids: [
            { round: 1, vendorId: 1, amount: 28_500_000, declined: false, verdict: 'winner' },
            { round: 1, vendorId: 2, amount: null, declined: true, verdict: 'declined' },
          ],
          contract: {
            id: 5, contractNumber: 'R8-K0001', title: '市道台道線舗装工事', category: 'construction', method: 'designated', vendorId: 1, amount: 33_000_000, originalAmount: 31_350_000,
            contractDate: '2026-11-01', periodFrom: '2026-11-02', periodTo: '2027-03-15', status: 'inProgress', smallContractKind: null, negotiatedReason: null,
            changes: [{ changeNo: 1, changeDate: '2027-01-10', amount: 33_000_000, periodTo: null, reason: '設計数量の増' }],
            payments: [{ id: 7, kind: 'advance', paidDate: '2026-11-20', amount: 12_540_000 }, { id: 8, kind: 'final', paidDate: null, amount: 20_460_000 }],
          },
        },
      ],
    }) as any;
    const r = pkg.releases[0];
    expect(r).toMatchObject({ ocid: 'ocds-abc123-R8-0001', tag: ['tender', 'award', 'contract', 'contractAmendment', 'implementation'], buyer: { id: 'JP-JCN-2000020352063' } });
    expect(r.tender).toMatchObject({ procurementMethod: 'selective', mainProcurementCategory: 'works', value: { amount: 30_000_000, currency: 'JPY' }, numberOfTenderers: 1 });
    expect(r.bids.details.map((b: any) => [b.id, b.status, b.value?.amount])).toEqual([
      ['R8-0001-1-000101', 'valid', 28_500_000],
      ['R8-0001-1-000102', 'withdrawn', undefined],
    ]);
    expect(r.awards[0]).toMatchObject({ relatedBid: 'R8-0001-1-000101', suppliers: [{ id: 'JP-JCN-7000012050002', name: '㈱髙橋建設' }] });
    expect(r.contracts[0].amendments).toEqual([{ id: '1', date: '2027-01-10T00:00:00+09:00', rationale: '設計数量の増', description: '第1回変更: 契約金額 33,000,000円' }]);
    // Only payments made are transactions.
    expect(r.contracts[0].implementation.transactions).toEqual([
      { id: '7', date: '2026-11-20T00:00:00+09:00', value: { amount: 12_540_000, currency: 'JPY' }, payer: { id: 'JP-JCN-2000020352063', name: '防府市' }, payee: { id: 'JP-JCN-7000012050002', name: '㈱髙橋建設' } },
    ]);
    expect(r.parties.find((p: any) => p.id === 'JP-KEIYAKU-000102')).toEqual({ id: 'JP-KEIYAKU-000102', name: '①﨑工務店', roles: ['tenderer'] });
  });
});
