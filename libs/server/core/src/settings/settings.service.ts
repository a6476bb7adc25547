import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ERROR_CODES, SETTING_DEFINITIONS, settingDefinition, settingValueProblems, TaxRate } from '@keiyaku/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { currentContext } from '../context/request-context';
import { AppException, notFound, versionConflict } from '../http/app-exception';
import { Setting } from './setting.entity';

export interface SettingView {
  key: string;
  label: string;
  group: string;
  type: string;
  description: string | null;
  value: unknown;
  isDefault: boolean;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

/**
 * Typed, validated, audited settings with an in-process cache. Values absent from the table
 * are the catalogue's defaults.
 */
@Injectable()
export class SettingsService {
  private cache: Map<string, Setting> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The installation's defaults: environment variables, where they exist, before the catalogue's. */
  private defaultOf(key: string): unknown {
    const fromEnv: Record<string, unknown> = {
      'auth.sessionIdleMinutes': this.config.sessionIdleMinutes,
      'auth.maxFailedAttempts': this.config.maxFailedAttempts,
      'auth.lockoutMinutes': this.config.lockoutMinutes,
    };
    return key in fromEnv ? fromEnv[key] : settingDefinition(key)?.default;
  }

  private async rows(): Promise<Map<string, Setting>> {
    if (!this.cache) {
      const rows = await this.dataSource.getRepository(Setting).find();
      this.cache = new Map(rows.map((r) => [r.key, r]));
    }
    return this.cache;
  }

  /** The value in force (or the default). */
  async get<T = unknown>(key: string): Promise<T> {
    const def = settingDefinition(key);
    if (!def) throw new Error(`unknown setting ${key}`);
    const row = (await this.rows()).get(key);
    return (row ? row.value : this.defaultOf(key)) as T;
  }

  async taxTable(): Promise<TaxRate[]> {
    return this.get<TaxRate[]>('tax.consumptionRates');
  }

  async list(includePrivate: boolean): Promise<SettingView[]> {
    const rows = await this.rows();
    return SETTING_DEFINITIONS.filter((d) => includePrivate || d.public).map((d) => {
      const row = rows.get(d.key);
      return {
        key: d.key,
        label: d.label,
        group: d.group,
        type: d.type,
        description: d.description ?? null,
        value: row ? row.value : this.defaultOf(d.key),
        isDefault: !row,
        version: row?.version ?? 0,
        updatedAt: row?.updatedAt ?? null,
        updatedBy: row?.updatedBy ?? null,
      };
    });
  }

  /** Sets one value; `version` is what the editor saw (0 while it was the default). */
  async update(key: string, value: unknown, version: number): Promise<SettingView> {
    const def = settingDefinition(key);
    if (!def) throw notFound('設定');
    const problems = settingValueProblems(def, value);
    if (problems.length) {
      throw new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, problems.join(' '), problems.map((message) => ({ field: 'value', message })));
    }
    try {
      await this.dataSource.transaction(async (m) => {
        const lockable = m.connection.options.type !== 'better-sqlite3';
        const row = await m.findOne(Setting, { where: { key }, ...(lockable ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
        if ((row?.version ?? 0) !== version) throw versionConflict('設定');
        const next = row ?? m.create(Setting, { key });
        next.value = value;
        next.updatedBy = currentContext()?.loginId ?? null;
        await m.save(next);
      });
    } finally {
      this.cache = null;
    }
    return (await this.list(true)).find((s) => s.key === key)!;
  }
}
