import {
  checklistFor, compareWithRegistry, formProblems, missingAttachments, periodOpen, receiptNumber, stepProblems, stepsFor, vendorCanEdit,
} from './application-rules';

const known = { trades: ['010', '020', '130'], subjectiveItems: ['DISASTER'], category: 'construction' };
const company = {
  corporateNumber: '7000012050002', entityType: 'corporation', name: '防府建設株式会社', nameKana: 'ホウフケンセツ', postalCode: '747-0001',
  address: '山口県防府市寿町1-1', phone: '0835-25-2111', fax: null, email: 'info@hofu-kensetsu.example.jp', capitalThousandYen: 30000,
};

describe('application form rules', () => {
  it('accepts a valid company step and names each bad field in Japanese', () => {
    expect(stepProblems('company', company, known)).toEqual([]);
    const bad = stepProblems('company', { ...company, corporateNumber: '1234567890123', postalCode: '7470001', phone: '０８３５', email: 'x' }, known);
    expect(bad.map((p) => p.field)).toEqual(['corporateNumber', 'postalCode', 'phone', 'email']);
    expect(bad[0].message).toContain('法人番号');
  });
  it('a sole proprietor needs no 法人番号', () => {
    expect(stepProblems('company', { ...company, entityType: 'individual', corporateNumber: null }, known)).toEqual([]);
  });
  it('rejects duplicate and unknown trades in permits and keishin', () => {
    const p = { tradeCode: '010', grade: 'general', issuer: 'governor', issuerPrefecture: '山口県', permitNumber: '第1234号', permitDate: '2024-04-01', expiresOn: '2029-03-31' };
    expect(stepProblems('permits', { permits: [p] }, known)).toEqual([]);
    expect(stepProblems('permits', { permits: [p, p] }, known).map((x) => x.field)).toEqual(['permits[1].tradeCode']);
    expect(stepProblems('permits', { permits: [{ ...p, tradeCode: '999', expiresOn: '2020-01-01' }] }, known).map((x) => x.field)).toEqual(['permits[0].tradeCode', 'permits[0].expiresOn']);
    expect(stepProblems('keishin', { baseDate: '2026-03-31', x2: 700, y: 800, w: -50, scores: [{ tradeCode: '010', x1: 900, z: 800 }] }, known)).toEqual([]);
  });
  it('declarations must all be agreed', () => {
    expect(stepProblems('declarations', { noExclusion: true, truthful: false, taxPaid: true }, known).map((p) => p.field)).toEqual(['truthful']);
  });
  it('a construction form needs a permit for every trade applied for; surveys have no permit steps', () => {
    expect(stepsFor('survey')).not.toContain('permits');
    const problems = formProblems('construction', { trades: { trades: [{ tradeCode: '130', grade: 'general' }] }, permits: { permits: [] } }, known);
    expect(problems.some((p) => p.field === 'trades.trades[0].tradeCode')).toBe(true);
    expect(problems.some((p) => p.message.startsWith('「商号・所在地」が入力されていません'))).toBe(true);
  });
  it('the checklist adds 市税 for local firms and 委任状 when a branch bids', () => {
    const form = { local: { locality: 'outside' as const, neighbourhoodAssociation: null, subjectiveItems: [] }, offices: { offices: [] } };
    expect(checklistFor('construction', form).filter((i) => i.needed).map((i) => i.code)).not.toContain('cityTax');
    const local = { ...form, local: { ...form.local, locality: 'local' as const }, offices: { offices: [{ name: '支店', postalCode: null, address: null, phone: null, isDelegate: true, delegateTitle: '支店長', delegateName: '山田' }] } };
    const codes = missingAttachments('construction', local, ['keishinNotice']).map((i) => i.code);
    expect(codes).toContain('cityTax');
    expect(codes).toContain('powerOfAttorney');
    expect(codes).not.toContain('keishinNotice');
    expect(codes).not.toContain('officeList');
  });
  it('compares with the registry and marks differences (none for a new vendor)', () => {
    const form = { company: company as any, representative: { representativeTitle: '代表取締役', representativeName: '防府太郎', contactName: 'a', contactPhone: '0835-25-2111' } };
    expect(compareWithRegistry(form, null).some((r) => r.differs)).toBe(false);
    const rows = compareWithRegistry(form, { ...company, capital: 30000000, representativeTitle: '代表取締役', representativeName: '防府花子', address: '山口県防府市寿町1-1' });
    expect(rows.filter((r) => r.differs).map((r) => r.field)).toEqual(['representative.representativeName']);
  });
  it('receipt numbers, fiscal years, periods and who may edit', () => {
    expect(receiptNumber(2026, 'construction', 12)).toBe('2026-K-00012');
    expect(periodOpen('2026-12-01', '2026-12-01', '2027-01-31')).toBe(true);
    expect(periodOpen('2027-02-01', '2026-12-01', '2027-01-31')).toBe(false);
    expect(vendorCanEdit('correction')).toBe(true);
    expect(vendorCanEdit('submitted')).toBe(false);
  });
});
