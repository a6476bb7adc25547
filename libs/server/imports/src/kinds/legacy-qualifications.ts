import { In, type EntityManager } from 'typeorm';
import type { AuditService } from '@keiyaku/server/audit';
import { Qualification, Term, Trade, Vendor, VendorPermit } from '@keiyaku/server/vendors';
import { byKeys, insertAudited, KindHandler, ParsedRow, PlanContext, RowPlan, sameValues, saveChanged } from './kind';

/** The fiscal year of a date (April to March). */
const fiscalYear = (iso: string) => (Number(iso.slice(5, 7)) >= 4 ? Number(iso.slice(0, 4)) : Number(iso.slice(0, 4)) - 1);
/** 2019 → R1, 2018 → H30: how the city names its terms (R7-8 = 令和7・8年度). */
const eraYear = (fy: number) => (fy >= 2019 ? { era: 'R', name: '令和', y: fy - 2018 } : { era: 'H', name: '平成', y: fy - 1988 });

/** The term a legacy period belongs to: a registered one that covers it, or one named after its fiscal years. */
export function termFor(terms: Term[], category: string, from: string, to: string): { code: string; name: string; validFrom: string; validTo: string; known: boolean } {
  const known = terms.find((t) => t.category === category && t.validFrom <= from && to <= t.validTo);
  if (known) return { code: known.code, name: known.name, validFrom: known.validFrom, validTo: known.validTo, known: true };
  const a = eraYear(fiscalYear(from));
  const b = eraYear(fiscalYear(to));
  const code = a.era === b.era ? (a.y === b.y ? `${a.era}${a.y}` : `${a.era}${a.y}-${b.y}`) : `${a.era}${a.y}-${b.era}${b.y}`;
  const n = (e: ReturnType<typeof eraYear>) => `${e.name}${e.y === 1 ? '元' : e.y}`;
  const name = a.era === b.era ? (a.y === b.y ? `${n(a)}年度` : `${n(a)}・${b.y}年度`) : `${n(a)}・${n(b)}年度`;
  return { code, name, validFrom: from, validTo: to, known: false };
}

function fields(v: Record<string, unknown>) {
  const pScore = (v['pScore'] as number | null) ?? null;
  const subjectiveScore = (v['subjectiveScore'] as number | null) ?? 0;
  return {
    rank: (v['rank'] as string | null) ?? null,
    pScore,
    subjectiveScore,
    totalScore: pScore === null ? null : pScore + subjectiveScore,
    validFrom: v['validFrom'] as string,
    validTo: v['validTo'] as string,
  };
}

/**
 * 入札参加資格 of the legacy system, one row per vendor × category × trade × term, upserted by
 * that key. Terms the master does not have (the older ones) are registered from the periods.
 * 許可区分・許可番号 and 経審基準日 are checked against the registry, not stored here.
 */
export function legacyQualificationsHandler(audit: AuditService): KindHandler {
  return {
    kind: 'legacyQualifications',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const vendors = new Map((await byKeys(m, Vendor, 'vendorCode', rows.map((r) => r.values['vendorCode']))).map((v) => [v.vendorCode, v]));
      const trades = new Set((await m.find(Trade)).map((t) => `${t.category}|${t.code}`));
      const terms = await m.find(Term);
      const ids = [...vendors.values()].map((v) => v.id);
      const stored = new Map<string, Qualification>();
      const permits = new Map<string, VendorPermit>();
      for (let i = 0; i < ids.length; i += 900) {
        for (const q of await m.findBy(Qualification, { vendorId: In(ids.slice(i, i + 900)) })) stored.set(`${q.vendorId}|${q.category}|${q.tradeCode}|${q.termCode}`, q);
        for (const p of await m.findBy(VendorPermit, { vendorId: In(ids.slice(i, i + 900)) })) permits.set(`${p.vendorId}|${p.tradeCode}`, p);
      }
      const seen = new Map<string, number>();
      const keys = new Map<number, { vendorId: number; category: string; tradeCode: string; term: ReturnType<typeof termFor> }>();
      const planned = rows.map((r) => {
        const p = new RowPlan(r.line, ctx);
        const v = r.values;
        const vendor = vendors.get(v['vendorCode'] as string);
        if (!vendor) p.error('vendorCode', `業者番号「${v['vendorCode']}」の業者が登録されていません（業者を先に移行してください）。`);
        const category = v['category'] as string;
        const tradeCode = v['tradeCode'] as string;
        if (!trades.has(`${category}|${tradeCode}`)) p.error('tradeCode', `業種コード「${tradeCode}」は部門の業種にありません。`);
        const from = v['validFrom'] as string;
        const to = v['validTo'] as string;
        if (to < from) p.error('validTo', `有効期間終了（${to}）が有効期間開始（${from}）より前です。`);
        const pScore = v['pScore'] as number | null;
        if (pScore !== null && (pScore < 0 || pScore > 2500)) p.error('pScore', `総合評定値「${pScore}」は0〜2500の範囲で入力してください。`);
        const rank = v['rank'] as string | null;
        if (rank && !/^[A-Z]{1,2}$/.test(rank)) p.error('rank', `格付「${rank}」はA〜Eなどの英大文字で入力してください。`);
        if (!p.ok || !vendor) return p;
        const permit = permits.get(`${vendor.id}|${tradeCode}`);
        const permitNumber = v['permitNumber'] as string | null;
        if (permit && permitNumber && permit.permitNumber !== permitNumber) p.warn('permitNumber', `許可番号「${permitNumber}」が台帳の許可番号（${permit.permitNumber}）と異なります。`);
        if (permit && v['permitGrade'] && permit.grade !== v['permitGrade']) p.warn('permitGrade', '許可区分が台帳の建設業許可と異なります。');
        const term = termFor(terms, category, from, to);
        const key = `${vendor.id}|${category}|${tradeCode}|${term.code}`;
        if (seen.has(key)) return p.error('tradeCode', `${seen.get(key)}行目と同じ業者・部門・業種・有効期間です。`);
        seen.set(key, r.line);
        keys.set(r.line, { vendorId: vendor.id, category, tradeCode, term });
        const current = stored.get(key);
        p.action = !current ? 'create' : sameValues(current, fields(v)) ? 'unchanged' : 'update';
        return p;
      });
      return {
        rows: planned,
        async apply(tx, lines, progress) {
          // Older terms become master records, so the registry screens can name them.
          const newTerms = new Map<string, ReturnType<typeof termFor> & { category: string }>();
          for (const [line, k] of keys) if (lines.has(line) && !k.term.known) newTerms.set(`${k.category}|${k.term.code}`, { ...k.term, category: k.category });
          for (const t of newTerms.values()) {
            if (!(await tx.exists(Term, { where: { category: t.category, code: t.code } }))) await tx.save(tx.create(Term, { category: t.category, code: t.code, name: t.name, validFrom: t.validFrom, validTo: t.validTo }));
          }
          const toSave: Qualification[] = [];
          for (const r of rows) {
            const k = keys.get(r.line);
            if (!lines.has(r.line) || !k) continue;
            const current = stored.get(`${k.vendorId}|${k.category}|${k.tradeCode}|${k.term.code}`);
            const f = fields(r.values);
            if (current && sameValues(current, f)) continue;
            toSave.push(current ? Object.assign(current, f) : tx.create(Qualification, { vendorId: k.vendorId, category: k.category, tradeCode: k.tradeCode, termCode: k.term.code, ...f, subjectiveBreakdown: null, source: 'migration' }));
          }
          // A hundred rows per statement (each still audited), not one per row.
          const created = toSave.filter((q) => !q.id);
          // Taken before the insert gives the new rows their ids (a filter on `created` was O(n²)).
          const existing = toSave.filter((q) => !!q.id);
          await insertAudited(tx, ctx.simulated ? null : audit, Qualification, created, { column: 'vendorId', columns: ['category', 'tradeCode', 'termCode'], key: (q) => `${q.vendorId}|${q.category}|${q.tradeCode}|${q.termCode}` }, progress);
          await saveChanged(tx, existing, async (n) => progress(created.length + n));
        },
      };
    },
  };
}
