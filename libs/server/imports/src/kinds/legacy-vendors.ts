import type { EntityManager } from 'typeorm';
import { isValidCorporateNumber } from '@keiyaku/domain';
import type { AuditService } from '@keiyaku/server/audit';
import { Vendor, VendorHistoryService } from '@keiyaku/server/vendors';
import { byKeys, insertAudited, KindHandler, ParsedRow, PlanContext, RowPlan, sameValues, saveChanged } from './kind';

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
export function legacyVendorsHandler(history: VendorHistoryService, audit: AuditService): KindHandler {
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
          const created: Vendor[] = [];
          const updated: Vendor[] = [];
          for (const r of rows) {
            if (!lines.has(r.line)) continue;
            const code = r.values['vendorCode'] as string;
            const current = stored.get(code);
            const next = fields(r.values);
            if (current && sameValues(current, next)) continue;
            if (current) updated.push(Object.assign(current, next));
            else created.push(tx.create(Vendor, { vendorCode: code, ...next, invoiceNumber: null, email: null, capital: null, notes: null }));
          }
          // A few hundred rows per statement (each still audited): a 7,000-vendor migration takes seconds.
          await insertAudited(tx, ctx.simulated ? null : audit, Vendor, created, { column: 'vendorCode', key: (v) => v.vendorCode }, progress);
          await saveChanged(tx, updated, async (n) => progress(created.length + n));
          await history.recordMany(tx, created.map((v) => v.id), '移行データによる登録');
          await history.recordMany(tx, updated.map((v) => v.id), '移行データによる更新');
        },
      };
    },
  };
}
