import { HttpStatus, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Not } from 'typeorm';
import {
  calculatePrice, DEFAULT_PRICE_RULES, ERROR_CODES, PriceCategory, PriceInput, PriceResult, PriceRuleDefinition, PriceRuleError, priceRuleProblems,
  selectRuleVersion, todayInJapan,
} from '@keiyaku/domain';
import { AppException, badRequest, duplicate, FieldError, loadForUpdate, notFound } from '@keiyaku/server/core';
import { CalculatePriceDto, CreatePriceRuleDto, PriceRuleDefinitionDto, UpdatePriceRuleDto } from './dto/price-rule.dto';
import { PriceRuleSet } from './entities/price-rule-set.entity';
import { Tender } from './entities/tender.entity';

export interface PriceRuleSetRow {
  id: number;
  code: string;
  name: string;
  category: PriceCategory;
  serviceKind: string | null;
  effectiveFrom: string;
  definition: PriceRuleDefinition;
  notes: string | null;
  active: boolean;
  version: number;
  updatedAt: Date;
}

/** A tender's price with the rule set it came from. */
export interface TenderPrice extends PriceResult {
  ruleSetId: number;
}

export const priceRuleRow = (r: PriceRuleSet): PriceRuleSetRow => ({
  id: r.id,
  code: r.code,
  name: r.name,
  category: r.category,
  serviceKind: r.serviceKind,
  effectiveFrom: r.effectiveFrom,
  definition: r.definition,
  notes: r.notes,
  active: r.active,
  version: r.version,
  updatedAt: r.updatedAt,
});

/**
 * A price as the integer-yen column keeps it. Without a rounding rule the value may carry
 * fractions of a yen; rounding up keeps `bid < price` exactly as it was for every whole-yen bid.
 */
export const storedYen = (v: number | null): number | null => (v === null ? null : Math.ceil(v));

/** A definition as stored: every option present (null or [] when unused), nothing else. */
export function normalizeDefinition(d: PriceRuleDefinitionDto): PriceRuleDefinition {
  const comp = (c: { key: string; label: string; ratio: number }) => ({ key: c.key, label: c.label, ratio: c.ratio });
  return {
    components: (d.components ?? []).map(comp),
    lower: d.lower,
    upper: d.upper,
    termRounding: d.termRounding ? { unit: d.termRounding.unit, direction: d.termRounding.direction } : null,
    resultRounding: d.resultRounding ? { unit: d.resultRounding.unit, direction: d.resultRounding.direction } : null,
    disqualification: d.disqualification ? { components: d.disqualification.components.map(comp), lower: d.disqualification.lower ?? null, upper: d.disqualification.upper ?? null } : null,
    buildingAdjustment: d.buildingAdjustment ? { fromKey: d.buildingAdjustment.fromKey, toKey: d.buildingAdjustment.toKey, ratio: d.buildingAdjustment.ratio, liftRatio: d.buildingAdjustment.liftRatio } : null,
    fixedRateTrades: (d.fixedRateTrades ?? []).map((f) => ({ tradeCode: f.tradeCode, rate: f.rate })),
    randomCoefficient: d.randomCoefficient ? { min: d.randomCoefficient.min, max: d.randomCoefficient.max } : null,
  };
}

const today = () => todayInJapan();

/** The date that picks a tender's rule version: 公告日, else 指名通知日, else today. */
export const priceDateOf = (t: Pick<Tender, 'announcementDate' | 'designationDate'>): string => t.announcementDate ?? t.designationDate ?? today();

/** A domain PriceRuleError as a 400 naming the field (with a prefix such as `definition.`). */
export function priceRuleException(e: PriceRuleError, field = e.field): AppException {
  return new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, e.message, [{ field, message: e.message }]);
}

/** Maps calculatePrice's input names to the tender's fields, so a tender form's errors land on the right input. */
const TENDER_FIELD: Record<string, string> = { 'override.price': 'overridePrice', 'override.reason': 'overrideReason', plannedPrice: 'plannedPrice' };
const tenderField = (field: string) => TENDER_FIELD[field] ?? (field.startsWith('components.') ? `priceComponents.${field.slice('components.'.length)}` : field);

const noRule = (what: string) =>
  new AppException(HttpStatus.NOT_FOUND, ERROR_CODES.notFound, `${what}に適用される価格算定基準（最低制限価格等）が登録されていません。`);

/** 最低制限価格等の算定基準: versions, the calculation for a tender, seeding of the shipped defaults. */
@Injectable()
export class PriceRulesService implements OnApplicationBootstrap {
  private readonly logger = new Logger('PriceRules');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every database starts with the shipped versions (like the registry master data). */
  async onApplicationBootstrap(): Promise<void> {
    await this.seedDefaultsIfEmpty();
  }

  /** Inserts DEFAULT_PRICE_RULES into an empty table; false when the table is missing or has rows. */
  async seedDefaultsIfEmpty(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      // Without MIGRATE_ON_START the schema may not exist yet: `npm run migrate` comes first.
      if (!(await runner.hasTable(this.dataSource.getMetadata(PriceRuleSet).tableName))) return false;
    } finally {
      await runner.release();
    }
    const repo = this.dataSource.getRepository(PriceRuleSet);
    if ((await repo.count()) > 0) return false;
    try {
      await this.dataSource.transaction(async (m) => {
        if ((await m.count(PriceRuleSet)) > 0) return;
        for (const r of DEFAULT_PRICE_RULES) {
          await m.save(m.create(PriceRuleSet, { code: r.code, name: r.name, category: r.category, serviceKind: r.serviceKind, effectiveFrom: r.effectiveFrom, definition: r.definition, notes: null, active: true }));
        }
      });
    } catch (e) {
      // Another instance seeding at the same moment wins on the unique code; that is fine.
      if ((await repo.count()) === 0) throw e;
      this.logger.log('price rule sets were seeded by another instance');
    }
    return true;
  }

  async list(category?: string | null): Promise<PriceRuleSetRow[]> {
    const rows = await this.dataSource.getRepository(PriceRuleSet).find({
      where: category ? { category: category as PriceCategory } : {},
      order: { category: 'ASC', serviceKind: 'ASC', effectiveFrom: 'DESC', id: 'ASC' },
    });
    return rows.map(priceRuleRow);
  }

  async get(id: number, manager: EntityManager = this.dataSource.manager): Promise<PriceRuleSetRow> {
    const row = await manager.findOneBy(PriceRuleSet, { id });
    if (!row) throw notFound('価格算定基準');
    return priceRuleRow(row);
  }

  private checkDefinition(definition: PriceRuleDefinition) {
    const problems = priceRuleProblems(definition);
    if (problems.length) {
      const errors: FieldError[] = problems.map((p) => ({ field: `definition.${p.field}`, message: p.message }));
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, errors.map((e) => e.message).join(' '), errors);
    }
  }

  private checkShape(category: string, serviceKind: string | null | undefined) {
    if (category === 'survey' && !serviceKind) throw badRequest('serviceKind', '業務の種類（serviceKind）を入力してください（測量・建設コンサルタント等の場合は必須です）。');
    if (category === 'construction' && serviceKind) throw badRequest('serviceKind', '建設工事の算定基準には業務の種類（serviceKind）を指定できません。');
  }

  private async checkUnique(m: EntityManager, r: { code: string; category: string; serviceKind: string | null; effectiveFrom: string }, excludeId?: number) {
    const not = excludeId ? { id: Not(excludeId) } : {};
    if (await m.exists(PriceRuleSet, { where: { code: r.code, ...not } })) throw duplicate('code', '算定基準コード', r.code);
    const sameStart = await m.find(PriceRuleSet, { where: { category: r.category as PriceCategory, effectiveFrom: r.effectiveFrom, ...not } });
    if (sameStart.some((x) => (x.serviceKind ?? null) === (r.serviceKind ?? null))) {
      throw duplicate('effectiveFrom', `この部門${r.serviceKind ? `・業務の種類（${r.serviceKind}）` : ''}の適用開始日`, r.effectiveFrom);
    }
  }

  async create(dto: CreatePriceRuleDto): Promise<PriceRuleSetRow> {
    const serviceKind = dto.serviceKind ?? null;
    this.checkShape(dto.category, serviceKind);
    const definition = normalizeDefinition(dto.definition);
    this.checkDefinition(definition);
    const id = await this.dataSource.transaction(async (m) => {
      await this.checkUnique(m, { code: dto.code, category: dto.category, serviceKind, effectiveFrom: dto.effectiveFrom });
      const saved = await m.save(
        m.create(PriceRuleSet, { code: dto.code, name: dto.name, category: dto.category, serviceKind, effectiveFrom: dto.effectiveFrom, definition, notes: dto.notes ?? null, active: dto.active ?? true }),
      );
      return saved.id;
    });
    return this.get(id);
  }

  async update(id: number, dto: UpdatePriceRuleDto): Promise<PriceRuleSetRow> {
    await this.dataSource.transaction(async (m) => {
      const row = await loadForUpdate(m, PriceRuleSet, id, dto.version, '価格算定基準');
      const { version: _v, definition: rawDefinition, ...rest } = dto;
      const changes: Partial<PriceRuleSet> = { ...rest, ...(rawDefinition ? { definition: normalizeDefinition(rawDefinition) } : {}) };
      if ('serviceKind' in dto) changes.serviceKind = dto.serviceKind ?? null;
      const next = { ...row, ...changes } as PriceRuleSet;
      this.checkShape(next.category, next.serviceKind);
      if (changes.definition) this.checkDefinition(changes.definition);
      await this.checkUnique(m, next, id);
      Object.assign(row, changes);
      await m.save(row);
    });
    return this.get(id);
  }

  /** Active versions of a category (and survey kind) — what selectRuleVersion chooses from. */
  private async candidates(m: EntityManager, category: string, serviceKind: string | null): Promise<PriceRuleSet[]> {
    const rows = await m.find(PriceRuleSet, { where: { category: category as PriceCategory, active: true } });
    return category === 'survey' ? rows.filter((r) => r.serviceKind === serviceKind) : rows;
  }

  /** POST /price-rules/calculate: the live figures for any inputs (the price panel, the rule editor's preview). */
  async calculate(dto: CalculatePriceDto): Promise<PriceResult & { ruleSetId: number; ruleName: string; effectiveFrom: string }> {
    const m = this.dataSource.manager;
    let rule: PriceRuleSet | null;
    if (dto.ruleSetId) {
      rule = await m.findOneBy(PriceRuleSet, { id: dto.ruleSetId });
      if (!rule) throw notFound('価格算定基準');
    } else {
      const serviceKind = dto.category === 'survey' ? (dto.serviceKind ?? null) : null;
      if (dto.category === 'survey' && !serviceKind) throw badRequest('serviceKind', '業務の種類（serviceKind）を入力してください（測量・建設コンサルタント等の場合は必須です）。');
      rule = selectRuleVersion(await this.candidates(m, dto.category, serviceKind), dto.category, serviceKind, dto.date);
      if (!rule) throw noRule(`${dto.date}${serviceKind ? `・業務の種類（${serviceKind}）` : ''}`);
    }
    const input: PriceInput = {
      plannedPrice: dto.plannedPrice,
      components: dto.components,
      tradeCode: dto.tradeCode ?? null,
      building: dto.building ?? null,
      randomCoefficient: dto.randomCoefficient ?? null,
      override: dto.override ?? null,
      mode: dto.mode ?? 'minimum',
    };
    try {
      return { ...calculatePrice(rule, input), ruleSetId: rule.id, ruleName: rule.name, effectiveFrom: rule.effectiveFrom };
    } catch (e) {
      if (e instanceof PriceRuleError) throw priceRuleException(e);
      throw e;
    }
  }

  /** The rule version in force for a tender (by its price date), or null. */
  async ruleFor(m: EntityManager, tender: Pick<Tender, 'category' | 'tradeCode' | 'announcementDate' | 'designationDate'>): Promise<PriceRuleSet | null> {
    if (tender.category === 'goods') return null;
    const serviceKind = tender.category === 'survey' ? tender.tradeCode : null;
    return selectRuleVersion(await this.candidates(m, tender.category, serviceKind), tender.category, serviceKind, priceDateOf(tender));
  }

  /**
   * A tender's 最低制限価格 / 低入札価格調査基準価格 under the version in force on its price date;
   * null when it has none (設定なし, 物品, no 予定価格 yet, or no cost breakdown to compute from).
   * The random coefficient is the one given, else the one recorded at opening.
   */
  async priceFor(m: EntityManager, tender: Tender, options: { randomCoefficient?: number | null; rule?: PriceRuleSet; ignoreOverride?: boolean } = {}): Promise<TenderPrice | null> {
    if (tender.priceControl === 'none' || tender.category === 'goods' || tender.plannedPrice === null || tender.plannedPrice === undefined) return null;
    const rule = options.rule ?? (await this.ruleFor(m, tender));
    if (!rule) {
      throw badRequest(
        'priceControl',
        `${priceDateOf(tender)}に適用される価格算定基準（${tender.category === 'survey' ? `業務の種類 ${tender.tradeCode}` : '建設工事'}）が登録されていません。最低制限価格等を設けない場合は「設定なし」を選んでください（priceControl）。`,
      );
    }
    const fixed = rule.definition.fixedRateTrades.some((f) => f.tradeCode === tender.tradeCode);
    if (!fixed && (!tender.priceComponents || !Object.keys(tender.priceComponents).length)) return null;
    const coefficient = options.randomCoefficient !== undefined ? options.randomCoefficient : tender.randomCoeff ? Number(tender.randomCoeff) : null;
    const override = !options.ignoreOverride && tender.overridePrice !== null && tender.overridePrice !== undefined ? { price: tender.overridePrice, reason: tender.overrideReason ?? '' } : null;
    try {
      const result = calculatePrice(rule, {
        plannedPrice: tender.plannedPrice,
        components: tender.priceComponents ?? {},
        tradeCode: tender.tradeCode,
        building: tender.buildingKind,
        randomCoefficient: coefficient,
        override,
        mode: tender.priceControl,
      });
      return { ...result, ruleSetId: rule.id };
    } catch (e) {
      if (e instanceof PriceRuleError) throw priceRuleException(e, tenderField(e.field));
      throw e;
    }
  }

  /** Writes a computed price onto the tender (the caller saves it). */
  applyPrice(tender: Tender, result: PriceResult | null, ruleSetId?: number | null): Tender {
    if (!result) {
      Object.assign(tender, { priceCalc: null, minimumPrice: null, lowBidThreshold: null, disqualificationPrice: null, priceRuleSetId: null });
      return tender;
    }
    const { ruleSetId: fromResult, ...calc } = result as TenderPrice;
    Object.assign(tender, {
      priceCalc: calc as PriceResult,
      minimumPrice: storedYen(result.minimumPrice),
      lowBidThreshold: storedYen(result.lowBidThreshold),
      disqualificationPrice: storedYen(result.disqualificationPrice),
      priceRuleSetId: ruleSetId ?? fromResult ?? null,
    });
    return tender;
  }
}
