import type { EntityManager } from 'typeorm';
import { BID_VERDICT_LABELS, BidVerdict } from '@keiyaku/domain';
import { Bid, Tender, TenderDesignation, TendersService } from '@keiyaku/server/tenders';
import { Vendor, VendorMeasure } from '@keiyaku/server/vendors';
import { byKeys, KindHandler, ParsedRow, PlanContext, RowPlan } from './kind';

/** What an 摘要 word claims, checked against our own opening verdict. */
const CLAIM: Record<string, BidVerdict[]> = {
  winner: ['winner'],
  declined: ['declined'],
  disqualified: ['disqualified', 'belowMinimum'],
  belowMinimum: ['belowMinimum'],
  invalid: ['invalid'],
  overCeiling: ['overCeiling'],
  lot: ['winner', 'lotLost', 'lotPending'],
  valid: ['valid', 'lotLost'],
};

/**
 * 入札結果 from the e-bidding system: the bids of each round on existing tenders. The opening
 * rules are run again on what was imported; where the e-bid 摘要 disagrees with them, the row
 * says so (a warning), and the tender takes our verdicts. The award itself stays a clerk's act.
 */
export function ebidResultsHandler(tenders: TendersService, maxRounds: () => Promise<number>): KindHandler {
  return {
    kind: 'ebidResults',
    async plan(m: EntityManager, rows: ParsedRow[], ctx: PlanContext) {
      const byNumber = new Map((await byKeys(m, Tender, 'tenderNumber', rows.map((r) => r.values['tenderNumber']))).map((t) => [t.tenderNumber, t]));
      const vendors = new Map((await byKeys(m, Vendor, 'vendorCode', rows.map((r) => r.values['vendorCode']))).map((v) => [v.vendorCode, v]));
      const rounds = await maxRounds();
      const plans = new Map<number, RowPlan>();
      const groups = new Map<number, ParsedRow[]>();
      for (const r of rows) {
        const p = new RowPlan(r.line, ctx);
        plans.set(r.line, p);
        const v = r.values;
        const t = byNumber.get(v['tenderNumber'] as string);
        if (!t) {
          p.error('tenderNumber', `案件番号「${v['tenderNumber']}」の入札案件がありません。`);
          continue;
        }
        if (!['bidding', 'opened'].includes(t.status)) p.error('tenderNumber', `案件「${t.tenderNumber}」は入札中・開札済ではないため入札結果を取り込めません。`);
        const vendor = vendors.get(v['vendorCode'] as string);
        if (!vendor) p.error('vendorCode', `業者番号「${v['vendorCode']}」の業者が登録されていません。`);
        else if (v['vendorName'] && (v['vendorName'] as string).replace(/\s/g, '') !== vendor.name.normalize('NFKC').replace(/\s/g, '')) {
          p.warn('vendorName', `商号「${v['vendorName']}」が業者台帳の「${vendor.name}」と異なります。`);
        }
        const round = v['round'] as number;
        if (round < 1 || round > rounds) p.error('round', `執行回「${round}」は1〜${rounds}で入力してください。`);
        const remark = v['remark'] as string | null;
        if (remark !== 'declined' && remark !== 'invalid' && v['amount'] === null) p.error('amount', '入札金額がありません（辞退・無効の場合を除き必須です）。');
        if (!groups.has(t.id)) groups.set(t.id, []);
        groups.get(t.id)!.push(r);
      }
      // A tender's rounds are taken whole: one bad row keeps the whole tender out.
      for (const group of groups.values()) {
        if (group.some((r) => !plans.get(r.line)!.ok)) {
          for (const r of group) if (plans.get(r.line)!.ok) plans.get(r.line)!.error(null, '同じ案件の他の行に誤りがあるため、この案件の入札結果は取り込みません。');
        }
      }
      const designated = new Map<number, Set<number>>();
      for (const d of await byKeys(m, TenderDesignation, 'tenderId', [...groups.keys()])) {
        if (!d.selected) continue;
        if (!designated.has(d.tenderId)) designated.set(d.tenderId, new Set());
        designated.get(d.tenderId)!.add(d.vendorId);
      }
      const existing = await byKeys(m, Bid, 'tenderId', [...groups.keys()]);
      for (const [tenderId, group] of groups) {
        const t = [...byNumber.values()].find((x) => x.id === tenderId)!;
        for (const r of group) {
          const p = plans.get(r.line)!;
          const vendor = vendors.get(r.values['vendorCode'] as string);
          if (vendor && t.method !== 'general' && designated.has(tenderId) && !designated.get(tenderId)!.has(vendor.id)) p.warn('vendorCode', `${vendor.name} はこの案件の指名業者ではありません。`);
          const stored = existing.find((b) => b.tenderId === tenderId && b.round === r.values['round'] && b.vendorId === vendor?.id);
          p.action = !stored ? 'create' : stored.amount === r.values['amount'] && stored.lotNumber === (r.values['lotNumber'] ?? null) ? 'unchanged' : 'update';
        }
        // The opening rules on the imported last round: disagreements are reported, ours are kept.
        if (group.every((r) => plans.get(r.line)!.ok) && t.plannedPrice) {
          const last = Math.max(...group.map((r) => r.values['round'] as number));
          const bids = group.filter((r) => r.values['round'] === last).map((r) => bidOf(t.id, last, vendors.get(r.values['vendorCode'] as string)!.id, r.values));
          const result = tenders.judge(Object.assign(new Tender(), t, { currentRound: last }), bids, new Set(), rounds);
          for (const r of group.filter((x) => x.values['round'] === last)) {
            const claim = r.values['remark'] as string | null;
            const ours = result.judgements.find((j) => j.vendorId === vendors.get(r.values['vendorCode'] as string)!.id)!;
            if (claim && CLAIM[claim] && !CLAIM[claim].includes(ours.verdict)) {
              plans.get(r.line)!.warn('remark', `電子入札の摘要と開札の判定が異なります（判定: ${BID_VERDICT_LABELS[ours.verdict]}、${ours.reason}）。`);
            }
          }
        }
      }
      return {
        rows: rows.map((r) => plans.get(r.line)!),
        async apply(tx, lines, progress) {
          let done = 0;
          for (const [tenderId, group] of groups) {
            const good = group.filter((r) => lines.has(r.line));
            if (!good.length) continue;
            const t = await tx.findOneByOrFail(Tender, { id: tenderId });
            for (const r of good) {
              const vendorId = vendors.get(r.values['vendorCode'] as string)!.id;
              const round = r.values['round'] as number;
              const stored = await tx.findOneBy(Bid, { tenderId, round, vendorId });
              const next = bidOf(tenderId, round, vendorId, r.values);
              await tx.save(stored ? Object.assign(stored, { amount: next.amount, declined: next.declined, invalidReason: next.invalidReason, lotNumber: next.lotNumber }) : tx.create(Bid, next));
              if (++done % 200 === 0) await progress(done);
            }
            const last = Math.max(...good.map((r) => r.values['round'] as number));
            const opened = good.find((r) => r.values['openedOn'])?.values['openedOn'] as string | undefined;
            t.currentRound = last;
            t.openingDate = opened ?? t.openingDate;
            t.status = 'opened';
            const bids = await tx.find(Bid, { where: { tenderId, round: last } });
            const suspended = new Set<number>();
            for (const b of bids) {
              const measures = await tx.find(VendorMeasure, { where: { vendorId: b.vendorId, kind: 'suspension' } });
              const date = t.openingDate ?? ctx.today;
              if (measures.some((x) => x.startDate <= date && (!x.endDate || x.endDate >= date))) suspended.add(b.vendorId);
            }
            const result = tenders.judge(t, bids, suspended, await maxRounds());
            for (const b of bids) {
              const j = result.judgements.find((x) => x.vendorId === b.vendorId)!;
              b.verdict = j.verdict;
              b.verdictReason = j.reason;
              await tx.save(b);
            }
            t.outcome = result.outcome;
            t.awardVendorId = result.winnerVendorId;
            t.awardAmount = result.winningAmount;
            await tx.save(t);
          }
        },
      };
    },
  };
}

function bidOf(tenderId: number, round: number, vendorId: number, v: Record<string, unknown>): Bid {
  const remark = v['remark'] as string | null;
  return Object.assign(new Bid(), {
    tenderId,
    round,
    vendorId,
    amount: remark === 'declined' ? null : ((v['amount'] as number | null) ?? null),
    declined: remark === 'declined',
    invalidReason: remark === 'invalid' ? '電子入札システムで無効' : null,
    lotNumber: (v['lotNumber'] as string | null) ?? null,
    verdict: null,
    verdictReason: null,
    investigation: null,
    investigationNote: null,
  });
}
