/**
 * Administrator-editable settings: one catalogue for the server (validation, defaults) and the
 * client (the settings screen renders itself from it).
 */
export type SettingType = 'string' | 'integer' | 'number' | 'boolean' | 'taxTable';

export interface TaxRate {
  /** First day the rate applies (YYYY-MM-DD). */
  from: string;
  /** Percent, e.g. 10. */
  rate: number;
}

export interface SettingDefinition {
  key: string;
  label: string;
  group: string;
  type: SettingType;
  default: unknown;
  description?: string;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Readable by every signed-in user (names printed on forms, limits shown in screens). */
  public?: boolean;
}

export const SETTING_DEFINITIONS: SettingDefinition[] = [
  { key: 'org.name', label: '団体名', group: '団体', type: 'string', default: '防府市', maxLength: 50, public: true },
  { key: 'org.headTitle', label: '契約者名（帳票用）', group: '団体', type: 'string', default: '防府市長', maxLength: 60, public: true,
    description: '契約書・通知書に印字する発注者の職名（氏名を含めてもよい）' },
  { key: 'org.contractDepartment', label: '契約担当課名（帳票用）', group: '団体', type: 'string', default: '総務部 契約課', maxLength: 60, public: true },
  { key: 'org.address', label: '所在地（帳票用）', group: '団体', type: 'string', default: '山口県防府市寿町7番1号', maxLength: 100, public: true },
  { key: 'org.corporateNumber', label: '団体の法人番号（オープンデータの発注者識別子）', group: '団体', type: 'string', default: '2000020352063', maxLength: 13, public: true },
  { key: 'opendata.ocidPrefix', label: 'OCDSのocid接頭辞', group: 'オープンデータ', type: 'string', default: 'ocds-000000', maxLength: 20,
    description: 'Open Contracting Partnership から割り当てられた接頭辞（ocds-で始まる）。割り当て前は仮の値のまま' },
  { key: 'opendata.baseUri', label: 'OCDSデータの公開先URL', group: 'オープンデータ', type: 'string', default: 'https://www.city.hofu.yamaguchi.jp/opendata/ocds', maxLength: 200,
    description: '年度別のリリースパッケージ（例: …/2026.json）と公開方針（…/policy）を置く場所' },
  { key: 'tax.consumptionRates', label: '消費税率（適用開始日別）', group: '税率', type: 'taxTable', public: true,
    default: [
      { from: '1989-04-01', rate: 3 },
      { from: '1997-04-01', rate: 5 },
      { from: '2014-04-01', rate: 8 },
      { from: '2019-10-01', rate: 10 },
    ] as TaxRate[] },
  { key: 'auth.sessionIdleMinutes', label: '無操作でログアウトするまでの時間（分）', group: 'ログイン', type: 'integer', default: 30, min: 1, max: 480 },
  { key: 'auth.maxFailedAttempts', label: 'アカウントをロックするログイン失敗回数', group: 'ログイン', type: 'integer', default: 5, min: 3, max: 20 },
  { key: 'auth.lockoutMinutes', label: 'アカウントロックの時間（分）', group: 'ログイン', type: 'integer', default: 15, min: 1, max: 1440 },
  { key: 'registry.keishinWindowMonths', label: '経審の有効期間（審査基準日からの月数）', group: '業者登録', type: 'integer', default: 19, min: 12, max: 36,
    description: '指名・入札の日が審査基準日からこの月数以内であること（1年7か月 = 19）' },
  { key: 'files.maxUploadMb', label: 'アップロードの上限（MB）', group: 'ファイル', type: 'integer', default: 20, min: 1, max: 200, public: true },
  { key: 'jobs.concurrency', label: '同時に実行する処理の数', group: '処理', type: 'integer', default: 2, min: 1, max: 8 },
  { key: 'export.maxRows', label: '一括出力の上限行数', group: '処理', type: 'integer', default: 1_000_000, min: 1, max: 5_000_000 },
  { key: 'euc.maxRows', label: 'EUC検索の上限行数（1回の検索・出力）', group: 'EUC', type: 'integer', default: 100_000, min: 1, max: 5_000_000, public: true,
    description: 'これを超える検索結果は先頭のこの行数まで表示し、ファイル出力はお断りします' },
  { key: 'euc.timeoutSeconds', label: 'EUC検索の時間の上限（秒）', group: 'EUC', type: 'integer', default: 30, min: 1, max: 600, public: true },
  { key: 'mail.from', label: '送信元メールアドレス', group: 'メール', type: 'string', default: 'keiyaku@example.lg.jp', maxLength: 254 },
  { key: 'mail.maxAttempts', label: 'メール送信の再試行回数', group: 'メール', type: 'integer', default: 5, min: 1, max: 20 },
  { key: 'tenders.numberFormat', label: '入札案件番号の書式', group: '入札', type: 'string', default: '{era}-{seq:4}', maxLength: 40, public: true,
    description: '{fy} = 年度（2026）、{era} = 令和年度（R8）、{seq:4} = 年度内の連番（4桁）' },
  { key: 'tenders.maxRounds', label: '入札回数の上限（初回を含む）', group: '入札', type: 'integer', default: 3, min: 1, max: 10, public: true,
    description: '全員が予定価格を超えた場合に再度入札できる回数の上限です（初回＋再入札2回 = 3）' },
  { key: 'contracts.changeWarningPercent', label: '変更契約の警告割合（%）', group: 'しきい値', type: 'number', default: 30, min: 0, max: 1000, public: true,
    description: '当初契約額に対する変更額の累計がこの割合を超えると警告します' },
  { key: 'contracts.budgetWarningPercent', label: '予算執行の警告割合（%）', group: 'しきい値', type: 'number', default: 90, min: 0, max: 100, public: true,
    description: '予算科目に対する契約額の合計がこの割合に達すると警告します（超過は常に警告）' },
  { key: 'contracts.numberFormat', label: '契約番号の書式', group: '契約', type: 'string', default: '{era}-K{seq:4}', maxLength: 40, public: true,
    description: '{fy} = 年度（2026）、{era} = 令和年度（R8）、{seq:4} = 年度内の連番（4桁）。締結時に契約日の年度で採番します' },
  { key: 'contracts.smallContractNewLimitsFrom', label: '少額随意契約の新限度額の適用開始日', group: '契約', type: 'string', default: '2025-04-01', maxLength: 10, public: true,
    description: '地方自治法施行令の改正（令和7年4月1日施行）による限度額を適用する契約日（YYYY-MM-DD）' },
  { key: 'contracts.ukeshoMaxAmount', label: '請書で足りる契約金額の上限（円）', group: '契約', type: 'integer', default: 5_000_000, min: 0, max: 1_000_000_000, public: true,
    description: 'この金額（税込）以下の契約は契約書に代えて請書を徴します' },
  { key: 'applications.regularTermCode', label: '定期申請の対象期間（有効期間コード）', group: '資格審査', type: 'string', default: 'R7-8', maxLength: 20, public: true },
  { key: 'applications.regularOpensOn', label: '定期申請の受付開始日（YYYY-MM-DD）', group: '資格審査', type: 'string', default: '2026-11-01', maxLength: 10, public: true },
  { key: 'applications.regularClosesOn', label: '定期申請の受付終了日（YYYY-MM-DD）', group: '資格審査', type: 'string', default: '2027-01-31', maxLength: 10, public: true },
  { key: 'applications.additionalOpen', label: '随時申請・変更届を受け付ける', group: '資格審査', type: 'boolean', default: true, public: true },
  { key: 'applications.maxAttachmentMb', label: '申請の添付ファイルの上限（MB）', group: '資格審査', type: 'integer', default: 10, min: 1, max: 100, public: true },
  { key: 'portal.rateLimitPerHour', label: '事業者の登録・ログイン・再設定の試行上限（1時間・1宛先あたり）', group: '資格審査', type: 'integer', default: 10, min: 1, max: 1000 },
  { key: 'backup.enabled', label: '夜間バックアップを行う', group: 'バックアップ', type: 'boolean', default: true },
  { key: 'backup.time', label: 'バックアップの時刻（HH:MM、日本時間）', group: 'バックアップ', type: 'string', default: '02:00', maxLength: 5,
    description: '毎日この時刻以降に1回、バックアップと検証を行います' },
  { key: 'backup.keepDaily', label: '日次バックアップの保存数（日）', group: 'バックアップ', type: 'integer', default: 14, min: 1, max: 366 },
  { key: 'backup.keepMonthly', label: '月次バックアップの保存数（月）', group: 'バックアップ', type: 'integer', default: 12, min: 0, max: 120 },
  { key: 'evaluations.explanationDays', label: '説明請求の期限（通知日からの日数）', group: '工事成績評定', type: 'integer', default: 14, min: 1, max: 90, public: true,
    description: '工事成績評定通知書の通知日の翌日から数えた暦日数です' },
  { key: 'evaluations.statisticsYears', label: '平均評定点の集計年度数', group: '工事成績評定', type: 'integer', default: 2, min: 1, max: 10, public: true,
    description: '業者・業種別の平均評定点（主観点の算定に用いる）を直近何年度で集計するか' },
];

export function settingDefinition(key: string): SettingDefinition | undefined {
  return SETTING_DEFINITIONS.find((d) => d.key === key);
}

/** Problems with a proposed value, in Japanese; empty when it is acceptable. */
export function settingValueProblems(def: SettingDefinition, value: unknown): string[] {
  const name = def.label;
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string' || !value.trim()) return [`${name}を入力してください。`];
      if (def.maxLength && value.length > def.maxLength) return [`${name}は${def.maxLength}文字以内で入力してください。`];
      return [];
    case 'integer':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [`${name}は数値で入力してください。`];
      if (def.type === 'integer' && !Number.isInteger(value)) return [`${name}は整数で入力してください。`];
      if (def.min !== undefined && value < def.min) return [`${name}は${def.min}以上で入力してください。`];
      if (def.max !== undefined && value > def.max) return [`${name}は${def.max}以下で入力してください。`];
      return [];
    }
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${name}は「はい」か「いいえ」で指定してください。`];
    case 'taxTable': {
      if (!Array.isArray(value) || value.length === 0) return [`${name}を1行以上入力してください。`];
      const problems: string[] = [];
      value.forEach((row: any, i) => {
        const line = `${name}の${i + 1}行目`;
        if (!row || typeof row.from !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(row.from) || isNaN(Date.parse(row.from))) {
          problems.push(`${line}の適用開始日は日付（YYYY-MM-DD）で入力してください。`);
        }
        if (!row || typeof row.rate !== 'number' || row.rate < 0 || row.rate > 100) problems.push(`${line}の税率は0〜100で入力してください。`);
        if (i > 0 && row?.from <= (value[i - 1] as TaxRate)?.from) problems.push(`${line}の適用開始日は前の行より後にしてください。`);
      });
      return problems;
    }
  }
}

/** The consumption-tax rate (percent) in force on a date, from the settings' table. */
export function consumptionTaxRate(date: string, table: TaxRate[]): number {
  let rate = 0;
  for (const row of table) if (row.from <= date) rate = row.rate;
  return rate;
}

/** Tax portion of a tax-included amount in integer yen (rounded down, as contracts state it). */
export function taxPortionOfIncluded(amountIncluded: number, ratePercent: number): number {
  return Math.floor((amountIncluded * ratePercent) / (100 + ratePercent));
}
