import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { budgetCommitment, todayInJapan, fiscalYearOf } from '@keiyaku/domain';
import { ContractsService } from '@keiyaku/server/contracts';
import { escapeLike, notFound, SettingsService } from '@keiyaku/server/core';
import { BudgetLine } from './entities';

/** 予算の執行状況: imported budget lines with what the contracts commit against each. */
@Injectable()
export class BudgetLinesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contracts: ContractsService,
    private readonly settings: SettingsService,
  ) {}

  async list(fiscalYear: number | undefined, q: string | undefined) {
    // todayInJapan() is always a valid date.
    const fy = fiscalYear ?? (fiscalYearOf(todayInJapan()) as number);
    const qb = this.dataSource.getRepository(BudgetLine).createQueryBuilder('b').where('b.fiscalYear = :fy', { fy });
    if (q?.trim()) {
      const like = `%${escapeLike(q.trim())}%`;
      qb.andWhere("(b.budgetCode LIKE :like ESCAPE '\\' OR b.budgetName LIKE :like ESCAPE '\\' OR b.projectName LIKE :like ESCAPE '\\')", { like });
    }
    const lines = await qb.orderBy('b.budgetCode', 'ASC').take(2000).getMany();
    const [committed, warningPercent] = await Promise.all([this.contracts.committedByBudgetLine(fy, lines.map((l) => l.budgetCode)), this.warningPercent()]);
    return { fiscalYear: fy, warningPercent, items: lines.map((l) => this.view(l, committed.get(l.budgetCode), warningPercent)) };
  }

  /** One line by its code (the contract page shows it beside 予算科目). */
  async byCode(code: string, fiscalYear: number) {
    const line = await this.dataSource.getRepository(BudgetLine).findOne({ where: { budgetCode: code, fiscalYear } });
    if (!line) throw notFound(`${fiscalYear}年度の予算科目「${code}」は取り込まれていません。`);
    const [committed, warningPercent] = await Promise.all([this.contracts.committedByBudgetLine(fiscalYear, [code]), this.warningPercent()]);
    return this.view(line, committed.get(code), warningPercent);
  }

  private warningPercent(): Promise<number> {
    return this.settings.get<number>('contracts.budgetWarningPercent');
  }

  private view(l: BudgetLine, c: { committed: number; contracts: number } | undefined, warningPercent: number) {
    return {
      id: l.id,
      fiscalYear: l.fiscalYear,
      account: l.account,
      budgetCode: l.budgetCode,
      budgetName: l.budgetName,
      departmentCode: l.departmentCode,
      projectName: l.projectName,
      executed: l.executed,
      contracts: c?.contracts ?? 0,
      ...budgetCommitment(l.amount, c?.committed ?? 0, warningPercent),
    };
  }
}
