import { compareWithRegistry } from '@keiyaku/domain';
import { correctionLabel, FORM_SECTIONS, showField, valueAt } from './models';

const form = {
  company: { corporateNumber: null, entityType: 'individual' as const, name: '防府工務店', nameKana: 'ホウフ', postalCode: '747-0001', address: '防府市寿町1', phone: '0835-25-2111', fax: null, email: 'a@b.jp', capitalThousandYen: 30000 },
  trades: { trades: [{ tradeCode: '010', grade: 'special' as const }] },
  declarations: { noExclusion: true, truthful: false, taxPaid: true },
};
const field = (key: string) => FORM_SECTIONS.flatMap((s) => s.fields).find((f) => f.key === key)!;

describe('review screen models', () => {
  it('reads values at form paths and shows them the way a reviewer reads them', () => {
    expect(valueAt(form, 'company.address')).toBe('防府市寿町1');
    expect(valueAt(form, 'keishin.x2')).toBeUndefined();
    expect(showField(field('company.entityType'), form)).toBe('個人');
    expect(showField(field('company.capitalThousandYen'), form)).toBe('30,000');
    expect(field('company.capitalThousandYen').showRegistry?.('30000000')).toBe('30,000');
    expect(showField(field('trades.trades'), form)).toBe('010（特定）');
    expect(showField(field('declarations.truthful'), form)).toBe('いいえ');
    expect(showField(field('company.fax'), form)).toBe('');
  });

  it('names a correction by its step and field, or by the attachment', () => {
    expect(correctionLabel({ target: 'field', key: 'company.address', comment: '' }, [])).toBe('商号・所在地: 所在地');
    expect(correctionLabel({ target: 'field', key: 'offices', comment: '' }, [])).toBe('営業所・受任者');
    expect(correctionLabel({ target: 'attachment', key: 'nationalTax', comment: '' }, [{ code: 'nationalTax', name: '納税証明書（国税）' }])).toBe('添付書類: 納税証明書（国税）');
    expect(correctionLabel({ target: 'field', key: 'unknown.path', comment: '' }, [])).toBe('unknown.path');
  });

  it('covers every field the registry comparison has', () => {
    const keys = FORM_SECTIONS.flatMap((s) => s.fields.map((f) => f.key));
    const compared = compareWithRegistry(form, {}).map((r) => r.field);
    expect(compared.length).toBeGreaterThan(10);
    expect(compared.filter((k) => !keys.includes(k))).toEqual([]);
  });
});
