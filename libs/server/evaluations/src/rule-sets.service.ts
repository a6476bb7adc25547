import { HttpStatus, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  addCalendarDays, calculateEvaluation, DEFAULT_EVALUATION_RULES, ERROR_CODES, EvaluationInput, EvaluationResult, EvaluationRuleDefinition, EvaluationRuleError, ruleSetProblems,
  selectEvaluationRule, todayInJapan,
} from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { AppException, badRequest, duplicate, loadForUpdate, notFound } from '@keiyaku/server/core';
import { CalculateDto, CreateRuleSetDto, UpdateRuleSetDto } from './dto';
import { EvaluationRuleSet } from './entities';

/** A domain rule error as the API's 400 (the field relative to the request body). */
export function ruleError(e: unknown, prefix: string): never {
  if (e instanceof EvaluationRuleError) throw badRequest(`${prefix}${e.field}`, e.message);
  throw e;
}

/** Refuses an inconsistent definition: every problem of the domain validator, fields under `definition.`. */
export function assertDefinition(def: unknown): EvaluationRuleDefinition {
  let problems: ReturnType<typeof ruleSetProblems>;
  try {
    problems = ruleSetProblems(def as EvaluationRuleDefinition);
  } catch {
    throw badRequest('definition', '評定要領の内容（definition）の形式が正しくありません。');
  }
  if (problems.length) {
    const errors = problems.map((p) => ({ field: p.field ? `definition.${p.field}` : 'definition', message: p.message }));
    throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, `評定要領に${problems.length}件の不整合があります: ${problems[0].message}`, errors);
  }
  return def as EvaluationRuleDefinition;
}

/** 評定要領: versions per category with effective dates; drafts are edited, active ones only copied. */
@Injectable()
export class RuleSetsService implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The shipped default (MLIT-type) is there from the first start. */
  async onApplicationBootstrap(): Promise<void> {
    const repo = this.dataSource.getRepository(EvaluationRuleSet);
    if (await repo.count()) return;
    for (const r of DEFAULT_EVALUATION_RULES) {
      await repo.save(repo.create({ code: r.code, name: r.name, category: r.category, effectiveFrom: r.effectiveFrom, status: 'active', definition: r.definition, basedOnId: null, notes: '標準（国土交通省型）' }));
    }
  }

  private async all(m: EntityManager = this.dataSource.manager, category?: string): Promise<EvaluationRuleSet[]> {
    return m.find(EvaluationRuleSet, { where: category ? { category: category as EvaluationRuleSet['category'] } : {}, order: { category: 'ASC', effectiveFrom: 'DESC', id: 'DESC' } });
  }

  /** The day before the next active version of the same category (null: open-ended or draft). */
  private effectiveTo(r: EvaluationRuleSet, all: EvaluationRuleSet[]): string | null {
    if (r.status !== 'active') return null;
    const next = all.filter((x) => x.status === 'active' && x.category === r.category && x.effectiveFrom > r.effectiveFrom).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0];
    return next ? addCalendarDays(next.effectiveFrom, -1) : null;
  }

  private view(r: EvaluationRuleSet, all: EvaluationRuleSet[], withDefinition: boolean) {
    const { definition, ...rest } = r;
    return { ...rest, effectiveTo: this.effectiveTo(r, all), ...(withDefinition ? { definition } : {}) };
  }

  async list(category?: string) {
    const all = await this.all(undefined, category);
    return all.map((r) => this.view(r, all, false));
  }

  async get(id: number, m: EntityManager = this.dataSource.manager): Promise<EvaluationRuleSet> {
    const r = await m.findOneBy(EvaluationRuleSet, { id });
    if (!r) throw notFound('評定要領');
    return r;
  }

  async detail(id: number) {
    const r = await this.get(id);
    const all = await this.all(undefined, r.category);
    let problems: ReturnType<typeof ruleSetProblems> = [];
    try {
      problems = ruleSetProblems(r.definition);
    } catch {
      problems = [{ field: '', message: '評定要領の内容の形式が正しくありません。' }];
    }
    return { ...this.view(r, all, true), problems };
  }

  /** The active version of a category in force on a date. */
  async ruleFor(category: string, date: string, m: EntityManager = this.dataSource.manager): Promise<EvaluationRuleSet | null> {
    const active = (await this.all(m, category)).filter((r) => r.status === 'active');
    return selectEvaluationRule(active, category, date);
  }

  private async checkCode(m: EntityManager, code: string, id?: number) {
    const other = await m.findOneBy(EvaluationRuleSet, { code });
    if (other && other.id !== id) throw duplicate('code', '評定要領コード', code);
  }

  async create(dto: CreateRuleSetDto) {
    const id = await this.dataSource.transaction(async (m) => {
      await this.checkCode(m, dto.code);
      let definition: EvaluationRuleDefinition;
      let basedOnId: number | null = null;
      if (dto.definition) definition = dto.definition;
      else if (dto.copyOf) {
        const source = await m.findOneBy(EvaluationRuleSet, { id: dto.copyOf });
        if (!source) throw badRequest('copyOf', `複写元の評定要領（ID ${dto.copyOf}）が見つかりません。`);
        if (source.category !== dto.category) throw badRequest('copyOf', '複写元の評定要領は同じ部門のものを選んでください。');
        definition = JSON.parse(JSON.stringify(source.definition));
        basedOnId = source.id;
      } else definition = JSON.parse(JSON.stringify(DEFAULT_EVALUATION_RULES[0].definition));
      if (dto.copyOf && dto.definition) basedOnId = dto.copyOf;
      assertDefinition(definition);
      const saved = await m.save(
        m.create(EvaluationRuleSet, { code: dto.code, name: dto.name, category: dto.category, effectiveFrom: dto.effectiveFrom, notes: dto.notes ?? null, status: 'draft', definition, basedOnId }),
      );
      return saved.id;
    });
    return this.detail(id);
  }

  async update(id: number, dto: UpdateRuleSetDto) {
    await this.dataSource.transaction(async (m) => {
      const r = await loadForUpdate(m, EvaluationRuleSet, id, dto.version, '評定要領');
      if (r.status !== 'draft') throw badRequest('status', '適用中の評定要領は変更できません。複写して新しい版を作成してください。');
      if (dto.code !== undefined) {
        await this.checkCode(m, dto.code, id);
        r.code = dto.code;
      }
      if (dto.name !== undefined) r.name = dto.name;
      if (dto.effectiveFrom !== undefined) r.effectiveFrom = dto.effectiveFrom;
      if (dto.notes !== undefined) r.notes = dto.notes ?? null;
      if (dto.definition !== undefined) r.definition = assertDefinition(dto.definition);
      await m.save(r);
    });
    return this.detail(id);
  }

  async activate(id: number, version: number) {
    await this.dataSource.transaction(async (m) => {
      const r = await loadForUpdate(m, EvaluationRuleSet, id, version, '評定要領');
      if (r.status !== 'draft') throw badRequest('status', 'この評定要領は既に適用中です。');
      assertDefinition(r.definition);
      const clash = (await this.all(m, r.category)).find((x) => x.status === 'active' && x.effectiveFrom === r.effectiveFrom);
      if (clash) throw badRequest('effectiveFrom', `適用開始日 ${r.effectiveFrom} の評定要領（${clash.code}）が既に適用中です。別の適用開始日にしてください。`);
      r.status = 'active';
      await m.save(r);
      await this.audit.record({ action: 'activate', entity: 'EvaluationRuleSet', entityId: r.id, summary: `評定要領 ${r.code} を ${r.effectiveFrom} から適用` }, m);
    });
    return this.detail(id);
  }

  async remove(id: number) {
    await this.dataSource.transaction(async (m) => {
      const r = await loadForUpdate(m, EvaluationRuleSet, id, undefined, '評定要領');
      if (r.status !== 'draft') throw badRequest('status', '適用中の評定要領は削除できません。');
      await m.remove(r);
    });
  }

  /** The rule editor's preview and the sheet's check: the domain calculation on given entries. */
  async calculate(dto: CalculateDto): Promise<EvaluationResult> {
    let rule: { code: string; definition: EvaluationRuleDefinition };
    if (dto.definition) rule = { code: 'PREVIEW', definition: assertDefinition(dto.definition) };
    else if (dto.ruleSetId) rule = await this.get(dto.ruleSetId);
    else {
      const found = await this.ruleFor(dto.category ?? 'construction', dto.date ?? todayInJapan());
      if (!found) throw badRequest('date', `${dto.date ?? todayInJapan()} に適用される評定要領がありません。`);
      rule = found;
    }
    const input: EvaluationInput = {
      chiefSupervisor: dto.chiefSupervisor ?? null,
      generalSupervisor: dto.generalSupervisor ?? null,
      inspector: dto.inspector ?? null,
      interimInspectors: dto.interimInspectors ?? null,
      deductions: dto.deductions ?? null,
    };
    try {
      return calculateEvaluation(rule, input);
    } catch (e) {
      return ruleError(e, '');
    }
  }
}
