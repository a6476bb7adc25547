import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, duplicate, loadForUpdate, validateBody } from '@keiyaku/server/core';
import { RankingRuleDto, SubjectiveItemDto, TermDto, TradeDto } from './dto/master.dto';
import { RankingRuleRecord, SubjectiveItem, Term, Trade } from './entities/master.entities';

const CATEGORY_NAMES: Record<string, string> = { construction: '建設工事', survey: '測量・建設コンサルタント等', goods: '物品・役務' };
const KEY_LABELS: Record<string, string> = { category: '部門', code: 'コード', tradeCode: '業種', effectiveFrom: '適用開始日' };

const MASTERS = {
  trades: { entity: Trade, dto: TradeDto, label: '業種', key: ['category', 'code'], order: { category: 'ASC', sortOrder: 'ASC', code: 'ASC' } },
  terms: { entity: Term, dto: TermDto, label: '有効期間', key: ['category', 'code'], order: { category: 'ASC', validFrom: 'DESC' } },
  'subjective-items': { entity: SubjectiveItem, dto: SubjectiveItemDto, label: '主観点項目', key: ['category', 'code'], order: { category: 'ASC', sortOrder: 'ASC', code: 'ASC' } },
  'ranking-rules': { entity: RankingRuleRecord, dto: RankingRuleDto, label: '格付基準', key: ['category', 'tradeCode', 'effectiveFrom'], order: { category: 'ASC', tradeCode: 'ASC', effectiveFrom: 'DESC' } },
} as const;
export type MasterName = keyof typeof MASTERS;
export const MASTER_NAMES = Object.keys(MASTERS) as MasterName[];

/** Registry master data: trades, terms, 主観点 items and dated ranking rules. */
@Injectable()
export class MasterService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  list(name: MasterName, category?: string) {
    const def = MASTERS[name];
    return this.dataSource.getRepository(def.entity as any).find({ where: category ? { category } : {}, order: def.order as any });
  }

  private check(name: MasterName, values: Record<string, any>) {
    if (name === 'terms' && values.validTo < values.validFrom) throw badRequest('validTo', '終了日（validTo）は開始日以降の日付にしてください。');
    if (name === 'subjective-items' && values.ratingMin != null && values.ratingMax != null && values.ratingMax <= values.ratingMin) {
      throw badRequest('ratingMax', '工事成績の平均（未満）は（以上）より大きい値にしてください。');
    }
    if (name === 'ranking-rules') {
      const t = values.thresholds as Array<{ rank: string; minTotal: number }>;
      for (let i = 1; i < t.length; i++) {
        if (t[i].minTotal >= t[i - 1].minTotal) throw badRequest(`thresholds[${i}].minTotal`, `等級の基準の${i + 1}行目: 下の等級ほど総合点数の下限を小さくしてください。`);
      }
      if (new Set(t.map((x) => x.rank)).size !== t.length) throw badRequest('thresholds', '等級の基準に同じ等級が重複しています。');
      // 発注標準金額 picks the rank for a tender: same ranks as the thresholds, amounts falling.
      const bands = (values.priceBands ?? []) as Array<{ rank: string; minPrice: number }>;
      bands.forEach((b, i) => {
        if (!t.some((x) => x.rank === b.rank)) throw badRequest(`priceBands[${i}].rank`, `発注標準金額の${i + 1}行目: 等級「${b.rank}」は等級の基準にありません。`);
        if (i > 0 && b.minPrice >= bands[i - 1].minPrice) throw badRequest(`priceBands[${i}].minPrice`, `発注標準金額の${i + 1}行目: 下の等級ほど金額の下限を小さくしてください。`);
      });
      if (new Set(bands.map((b) => b.rank)).size !== bands.length) throw badRequest('priceBands', '発注標準金額に同じ等級が重複しています。');
    }
  }

  async create(name: MasterName, body: unknown) {
    const def = MASTERS[name];
    const dto = (await validateBody(def.dto as new () => object, body)) as Record<string, any>;
    this.check(name, dto);
    return this.dataSource.transaction(async (m) => {
      const where = Object.fromEntries(def.key.map((k) => [k, dto[k]]));
      if (await m.exists(def.entity as any, { where })) {
        const shown = def.key.map((k) => (k === 'category' ? CATEGORY_NAMES[dto[k]] : dto[k])).join('・');
        throw duplicate(def.key[def.key.length - 1], def.label, shown);
      }
      if (name === 'ranking-rules' && !(await m.exists(Trade, { where: { category: dto.category, code: dto.tradeCode } }))) {
        throw badRequest('tradeCode', `業種（tradeCode）「${dto.tradeCode}」は登録されていません。`);
      }
      return m.save(m.create(def.entity as any, dto));
    });
  }

  async update(name: MasterName, id: number, body: unknown) {
    const def = MASTERS[name];
    const version = (body as { version?: unknown })?.version;
    if (typeof version !== 'number') throw badRequest('version', '版数（version）を指定してください。');
    const { version: _v, ...rest } = body as Record<string, unknown>;
    const dto = (await validateBody(def.dto as new () => object, rest, { partial: true })) as Record<string, any>;
    return this.dataSource.transaction(async (m) => {
      const row = (await loadForUpdate(m, def.entity as any, id, version, def.label)) as Record<string, any>;
      // The natural key identifies the row elsewhere (qualifications, rules): it does not change.
      for (const k of def.key) {
        if (dto[k] !== undefined && dto[k] !== row[k]) throw badRequest(k, `${def.label}の${KEY_LABELS[k] ?? k}（${k}）は変更できません。新しく登録してください。`);
      }
      Object.assign(row, dto);
      this.check(name, row);
      return m.save(row);
    });
  }
}
