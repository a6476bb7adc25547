import { Injectable, OnModuleInit } from '@nestjs/common';
import { IsIn, IsString, MaxLength } from 'class-validator';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { categoryName, kindName, statusName } from '@keiyaku/domain';
import { Label, SettingsService } from '@keiyaku/server/core';
import { PdfKit, PdfRenderer, ReportsService } from '@keiyaku/server/reports';
import { MasterService, VendorsService } from '@keiyaku/server/vendors';
import { QualAppAttachment, QualApplication } from './entities/application.entities';
import { ATTACHMENT_CHECKLISTS } from '@keiyaku/domain';

export class QualifiedListParams {
  @Label('部門') @IsIn(['construction', 'survey', 'goods']) category!: string;
  @Label('有効期間') @IsString() @MaxLength(20) termCode!: string;
}

const LOCALITY: Record<string, string> = { local: '市内', semiLocal: '準市内', outside: '市外' };

export interface QualifiedEntry {
  vendorCode: string;
  name: string;
  locality: string;
  trades: Array<{ tradeCode: string; tradeName: string; rank: string | null }>;
}

/** 入札参加資格者名簿 (PDF, xlsx, public page) and the vendor's 受付票 (PDF). */
@Injectable()
export class ApplicationReports implements OnModuleInit {
  constructor(
    private readonly reports: ReportsService,
    private readonly vendors: VendorsService,
    private readonly master: MasterService,
    private readonly settings: SettingsService,
    private readonly renderer: PdfRenderer,
  ) {}

  onModuleInit(): void {
    this.reports.register<QualifiedListParams, { title: string; conditions: string[]; rows: QualifiedEntry[] }>({
      name: 'qualified-list',
      title: '入札参加資格者名簿',
      permissions: ['qualification.review', 'vendors.read'],
      params: QualifiedListParams,
      formats: ['pdf', 'xlsx'],
      load: async (p) => {
        const term = ((await this.master.list('terms', p.category)) as Array<{ code: string; name: string }>).find((t) => t.code === p.termCode);
        return { title: '入札参加資格者名簿', conditions: [`部門: ${categoryName(p.category)}`, `有効期間: ${term?.name ?? p.termCode}`], rows: await this.qualified(p.category, p.termCode) };
      },
      pdf: (d, kit) =>
        kit.document({
          title: d.title,
          orientation: 'landscape',
          conditions: d.conditions,
          stamps: false,
          content: [
            kit.note(`${d.rows.length}者`),
            kit.table(
              [
                { header: '業者番号', width: 50, value: (r: QualifiedEntry) => r.vendorCode },
                { header: '商号又は名称', width: 200, value: (r) => r.name },
                { header: '地域', width: 40, align: 'center', value: (r) => LOCALITY[r.locality] ?? r.locality },
                { header: '業種（等級）', width: '*', value: (r) => r.trades.map((t) => `${t.tradeName}${t.rank ? `(${t.rank})` : ''}`).join('、') },
              ],
              d.rows,
            ),
          ],
        }),
      xlsx: (d, workbook, kit) => {
        kit.sheet(workbook, {
          title: d.title,
          orientation: 'landscape',
          conditions: d.conditions,
          rows: d.rows.flatMap((r) => r.trades.map((t) => ({ ...r, ...t }))),
          columns: [
            { key: 'vendorCode', header: '業者番号', width: 10, value: (r) => r.vendorCode },
            { key: 'name', header: '商号又は名称', width: 34, value: (r) => r.name },
            { key: 'locality', header: '地域', width: 8, value: (r) => LOCALITY[r.locality] ?? r.locality },
            { key: 'tradeCode', header: '業種コード', width: 10, value: (r) => r.tradeCode },
            { key: 'tradeName', header: '業種', width: 24, value: (r) => r.tradeName },
            { key: 'rank', header: '等級', width: 6, value: (r) => r.rank },
          ],
        });
      },
      describe: (p) => `${categoryName(p.category)} ${p.termCode}`,
    });
  }

  /** One row per vendor with its trades and ranks in the term (the public page shows the same). */
  async qualified(category: string, termCode: string): Promise<QualifiedEntry[]> {
    const names = new Map(((await this.master.list('trades', category)) as Array<{ code: string; shortName: string }>).map((t) => [t.code, t.shortName]));
    const out = new Map<string, QualifiedEntry>();
    for (const r of await this.vendors.rankList(category, termCode)) {
      const entry = out.get(r.vendorCode) ?? { vendorCode: r.vendorCode, name: r.name, locality: r.locality, trades: [] };
      entry.trades.push({ tradeCode: r.tradeCode, tradeName: names.get(r.tradeCode) ?? r.tradeCode, rank: r.rank });
      out.set(r.vendorCode, entry);
    }
    return [...out.values()].sort((a, b) => a.vendorCode.localeCompare(b.vendorCode));
  }

  async receiptPdf(app: QualApplication, attachments: QualAppAttachment[]): Promise<Buffer> {
    const kit = new PdfKit({
      orgName: await this.settings.get<string>('org.name'),
      department: await this.settings.get<string>('org.contractDepartment'),
      headTitle: await this.settings.get<string>('org.headTitle'),
    });
    const items = ATTACHMENT_CHECKLISTS[app.category] ?? [];
    const rows: Array<[string, string]> = [
      ['受付番号', app.receiptNumber ?? ''],
      ['受付日時', kit.warekiDateTime(app.submittedAt!)],
      ['申請の種類', kindName(app.kind)],
      ['部門', categoryName(app.category)],
      ['有効期間', app.termCode],
      ['提出回数', `第${app.roundNo}回`],
      ['状態', statusName(app.status)],
      ['商号又は名称', app.form.company?.name ?? ''],
      ['法人番号', app.form.company?.corporateNumber ?? '（個人）'],
      ['所在地', `〒${app.form.company?.postalCode ?? ''} ${app.form.company?.address ?? ''}`],
      ['代表者', [app.form.representative?.representativeTitle, app.form.representative?.representativeName].filter(Boolean).join(' ')],
      ['希望業種', (app.form.trades?.trades ?? []).map((t) => t.tradeCode).join('、')],
    ];
    const doc: TDocumentDefinitions = kit.document({
      title: '入札参加資格審査申請 受付票',
      stamps: false,
      withHeadTitle: true,
      content: [
        kit.table([{ header: '項目', width: 110, value: (r: [string, string]) => r[0] }, { header: '内容', width: '*', value: (r) => r[1] }], rows),
        { text: '添付書類', bold: true, margin: [0, 12, 0, 4] },
        kit.table(
          [
            { header: '書類', width: '*', value: (a: QualAppAttachment) => items.find((i) => i.code === a.itemCode)?.name ?? a.itemCode },
            { header: 'ファイル名', width: 200, value: (a) => a.fileName },
            { header: '提出回', width: 40, align: 'center', value: (a) => a.roundNo },
          ],
          attachments,
        ),
        kit.note('この受付票は申請を受け付けたことを示すもので、資格の認定を示すものではありません。'),
      ],
    });
    return this.renderer.render(doc);
  }
}
