import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, LessThanOrEqual } from 'typeorm';
import { ERROR_CODES, rankFor } from '@keiyaku/domain';
import { AppException, currentContext, loadForUpdate, notFound } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import { JobsService } from '@keiyaku/server/platform';
import { RankingRun, RankingRunRow } from './entities/history.entities';
import { RankingRuleRecord, Term, Trade } from './entities/master.entities';
import { KeishinResult, Qualification } from './entities/vendor-parts.entities';
import { Vendor } from './entities/vendor.entity';
import { VendorHistoryService } from './vendor-history.service';

/**
 * Re-ranking of a term: a job computes before/after per vendor × trade by the dated rules;
 * nothing changes until a person confirms, and the confirmation is one audited transaction.
 */
@Injectable()
export class RankingService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly history: VendorHistoryService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ runId: number }>('registry.rerank', async (ctx) => {
      const run = await this.dataSource.getRepository(RankingRun).findOneByOrFail({ id: ctx.params.runId });
      try {
        const rows = await this.compute(run.category, run.termCode, (done, total) => ctx.progress((done * 100) / Math.max(1, total)));
        await this.dataSource.getRepository(RankingRun).update({ id: run.id }, { status: 'preview', rows });
        const changed = rows.filter((r) => r.before !== r.after).length;
        return { message: `${rows.length}件を計算しました（変更 ${changed}件）。確認画面で確定してください。`, result: { runId: run.id, rows: rows.length, changed } };
      } catch (e) {
        await this.dataSource.getRepository(RankingRun).update({ id: run.id }, { status: 'failed' });
        throw e;
      }
    });
  }

  async start(category: string, termCode: string, user: AuthUser) {
    const term = await this.dataSource.getRepository(Term).findOneBy({ category, code: termCode });
    if (!term) throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, `有効期間（termCode）「${termCode}」は登録されていません。`, [{ field: 'termCode', message: `有効期間「${termCode}」は登録されていません。` }]);
    const run = await this.dataSource.getRepository(RankingRun).save(
      this.dataSource.getRepository(RankingRun).create({ category, termCode, status: 'running', rows: null, jobId: null, createdBy: user.loginId, confirmedBy: null, confirmedAt: null }),
    );
    const job = await this.jobs.enqueue('registry.rerank', `格付の再計算（${term.name}）`, { runId: run.id }, user);
    await this.dataSource.getRepository(RankingRun).update({ id: run.id }, { jobId: job.id });
    return { ...run, jobId: job.id };
  }

  async compute(category: string, termCode: string, progress?: (done: number, total: number) => Promise<void>): Promise<RankingRunRow[]> {
    const term = await this.dataSource.getRepository(Term).findOneByOrFail({ category, code: termCode });
    const ranked = new Set((await this.dataSource.getRepository(Trade).findBy({ category, ranked: true })).map((t) => t.code));
    const rules = await this.dataSource.getRepository(RankingRuleRecord).find({
      where: { category, effectiveFrom: LessThanOrEqual(term.validFrom) },
      order: { effectiveFrom: 'DESC' },
    });
    const quals = (await this.dataSource.getRepository(Qualification).findBy({ category, termCode })).filter((q) => ranked.has(q.tradeCode));
    const previous = await this.dataSource.getRepository(Qualification).find({ where: { category, validTo: LessThan(term.validFrom) }, order: { validTo: 'DESC' } });
    const vendors = new Map((await this.dataSource.getRepository(Vendor).find()).map((v) => [v.id, v]));
    const keishin = await this.dataSource.getRepository(KeishinResult).find({ where: { baseDate: LessThanOrEqual(term.validFrom) }, order: { baseDate: 'DESC' } });
    const rows: RankingRunRow[] = [];
    for (const [i, q] of quals.entries()) {
      const vendor = vendors.get(q.vendorId)!;
      const rule = rules.find((r) => r.tradeCode === q.tradeCode);
      const score = keishin.find((k) => k.vendorId === q.vendorId && k.scores.some((s) => s.tradeCode === q.tradeCode))?.scores.find((s) => s.tradeCode === q.tradeCode);
      // The rank to move from: last term's, else the one already held this term (e.g. migrated);
      // only a vendor with neither is a new applicant.
      const lastTerm = previous.find((p) => p.vendorId === q.vendorId && p.tradeCode === q.tradeCode)?.rank ?? null;
      const prev = lastTerm ?? q.rank;
      const base = { vendorId: vendor.id, vendorCode: vendor.vendorCode, vendorName: vendor.name, locality: vendor.locality, tradeCode: q.tradeCode, qualificationId: q.id, subjectiveScore: q.subjectiveScore, before: q.rank };
      if (!rule) {
        rows.push({ ...base, p: score?.p ?? null, total: null, after: q.rank, reasons: ['この業種の格付基準がないため変更なし'] });
      } else if (!score) {
        rows.push({ ...base, p: null, total: null, after: q.rank, reasons: ['経審の結果がないため変更なし'] });
      } else {
        const result = rankFor(
          { thresholds: rule.thresholds, maxStepUp: rule.maxStepUp, localOnly: rule.localOnly, newApplicantsStartLowest: rule.newApplicantsStartLowest },
          { p: score.p, subjectiveScore: q.subjectiveScore, locality: vendor.locality, previousRank: prev },
        );
        const basis = prev === null ? '前期の格付なし（新規）' : lastTerm === null ? `前期の格付なし（今期の${prev}を基準）` : null;
        rows.push({ ...base, p: score.p, total: result.total, after: result.rank, reasons: basis ? [basis, ...result.reasons] : result.reasons });
      }
      if (progress && i % 200 === 0) await progress(i, quals.length);
    }
    return rows.sort((a, b) => a.vendorCode.localeCompare(b.vendorCode) || a.tradeCode.localeCompare(b.tradeCode));
  }

  async get(id: number) {
    const run = await this.dataSource.getRepository(RankingRun).findOneBy({ id });
    if (!run) throw notFound('格付の再計算');
    return run;
  }

  /** Writes the new ranks in one transaction, with vendor history and an audit event. */
  async confirm(id: number, version: number) {
    await this.dataSource.transaction(async (m) => {
      const run = await loadForUpdate(m, RankingRun, id, version, '格付の再計算');
      if (run.status !== 'preview') {
        throw new AppException(HttpStatus.CONFLICT, ERROR_CODES.conflict, run.status === 'confirmed' ? 'この再計算は既に確定しています。' : 'この再計算は確定できる状態ではありません。');
      }
      const touched = new Set<number>();
      for (const row of run.rows ?? []) {
        if (row.qualificationId === null) continue;
        const q = await m.findOneBy(Qualification, { id: row.qualificationId });
        if (!q) continue;
        if (q.rank === row.after && q.pScore === row.p && q.totalScore === row.total) continue;
        q.rank = row.after;
        q.pScore = row.p;
        q.totalScore = row.total;
        q.source = 'ranking';
        await m.save(q);
        touched.add(q.vendorId);
      }
      for (const vendorId of touched) await this.history.record(m, vendorId, `格付の再計算を確定（${run.termCode}）`);
      run.status = 'confirmed';
      run.confirmedBy = currentContext()?.loginId ?? null;
      run.confirmedAt = new Date();
      await m.save(run);
      await this.audit.record({ action: 'rerank', entity: 'RankingRun', entityId: run.id, summary: `${run.category} ${run.termCode}: ${touched.size}社の格付を更新` }, m);
    });
    return this.get(id);
  }

  async discard(id: number, version: number) {
    await this.dataSource.transaction(async (m) => {
      const run = await loadForUpdate(m, RankingRun, id, version, '格付の再計算');
      if (run.status === 'confirmed') throw new AppException(HttpStatus.CONFLICT, ERROR_CODES.conflict, 'この再計算は既に確定しています。');
      run.status = 'discarded';
      await m.save(run);
    });
    return this.get(id);
  }
}
