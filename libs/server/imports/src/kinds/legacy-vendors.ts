import type { EntityManager } from 'typeorm';
import { isValidCorporateNumber } from '@keiyaku/domain';
import { Vendor, VendorHistoryService } from '@keiyaku/server/vendors';
import { byKeys, KindHandler, ParsedRow, PlanContext, RowPlan, sameValues } from './kind';

/** 7470001 → 747-0001, as the registry keeps it. */
const postal = (raw: string) => (/^\d{7}$/.test(raw) ? `${raw.slice(0, 3)}-${raw.slice(3)}` : raw);

function fields(v: Record<string, unknown>) {
  const corporateNumber = (v['corporateNumber'] as string | null) ?? null;
  return {
    corporateNumber,
    name: v['name'] as string,
    nameKana: v['nameKana'] as string,
    representativeTitle: (v['representativeTitle'] as string | null) ?? null,
    representativeName: v['representativeName'] as string,
    postalCode: postal(v['postalCode'] as string),
    address: v['address'] as string,
    phone: v['phone'] as string,
    fax: (v['fax'] as string | null) ?? null,
    locality: v['locality'] as Vendor['locality'],
    status: v['status'] as Vendor['status'],
    // 法人番号 is missing only for sole proprietors.
    entityType: (corporateNumber ? 'corporation' : 'individual') as Vendor['entityType'],
  };
}

/** 業者 of the legacy system, upserted by 業者番号, with a history version for each change. */
export function legacyVendorsHandler(history: VendorHistoryService): KindHandler {
  return {
    kind: 'legacyVendors',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const stored = new Map((await byKeys(m, Vendor, 'vendorCode', rows.map((r) => r.values['vendorCode']))).map((v) => [v.vendorCode, v]));
      const seen = new Map<string, number>();
      const planned = rows.map((r) => {
        const p = new RowPlan(r.line, ctx);
        const v = r.values;
        const code = v['vendorCode'] as string;
        if (!/^\d{1,10}$/.test(code)) p.error('vendorCode', `業者番号「${code}」は数字10桁以内で入力してください。`);
        if (seen.has(code)) p.error('vendorCode', `${seen.get(code)}行目と同じ業者番号です。`);
        seen.set(code, r.line);
        const cn = v['corporateNumber'] as string | null;
        if (cn && !isValidCorporateNumber(cn)) p.error('corporateNumber', `法人番号「${cn}」のチェックデジットが正しくありません。`);
        if (!/^\d{3}-?\d{4}$/.test(String(v['postalCode']))) p.error('postalCode', `郵便番号「${v['postalCode']}」は 747-0001 の形で入力してください。`);
        const current = stored.get(code);
        p.action = !current ? 'create' : sameValues(current, fields(v)) ? 'unchanged' : 'update';
        return p;
      });
      return {
        rows: planned,
        async apply(tx, lines, progress) {
          const created: number[] = [];
          let done = 0;
          for (const r of rows) {
            if (!lines.has(r.line)) continue;
            const code = r.values['vendorCode'] as string;
            const current = stored.get(code);
            const next = fields(r.values);
            if (current && sameValues(current, next)) continue;
            if (current) {
              await tx.save(Object.assign(current, next));
              await history.record(tx, current.id, '移行データによる更新');
            } else {
              const saved = await tx.save(tx.create(Vendor, { vendorCode: code, ...next, invoiceNumber: null, email: null, capital: null, notes: null }));
              created.push(saved.id);
            }
            if (++done % 200 === 0) await progress(done);
          }
          await history.recordMany(tx, created, '移行データによる登録');
        },
      };
    },
  };
}
