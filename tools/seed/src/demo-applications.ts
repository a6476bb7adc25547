import { DataSource, In } from 'typeorm';
import { ApplicationForm, checklistFor, CorrectionRequest, fiscalYearOf, receiptNumber, SETTING_DEFINITIONS } from '@keiyaku/domain';
import { AuditService } from '@keiyaku/server/audit';
import { PasswordService } from '@keiyaku/server/auth';
import { APPLICATION_FILE_PURPOSE, QualAppAttachment, QualApplication, QualAppRound, VendorAccount } from '@keiyaku/server/applications';
import { FilesService, StoredFile } from '@keiyaku/server/platform';
import { Qualification, Vendor } from '@keiyaku/server/vendors';
import { DEMO_PASSWORD } from './departments';
import { withCheckDigit } from './demo-vendors';

/** A one-page PDF (a real PDF header, so the byte check and the viewer accept it). */
const DEMO_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

interface DemoApp {
  label: string;
  kind: 'regular' | 'additional';
  category: 'construction' | 'survey' | 'goods';
  status: 'draft' | 'submitted' | 'correction' | 'resubmitted' | 'approved' | 'rejected';
  trade: string;
  local: boolean;
  /** Approved ones belong to a vendor of the demo registry. */
  registered?: boolean;
}

const DEMO_APPS: DemoApp[] = [
  { label: '新田', kind: 'regular', category: 'construction', status: 'submitted', trade: '010', local: true },
  { label: '牟礼', kind: 'regular', category: 'construction', status: 'submitted', trade: '130', local: true },
  { label: '大道', kind: 'regular', category: 'survey', status: 'submitted', trade: '010', local: false },
  { label: '右田', kind: 'regular', category: 'construction', status: 'correction', trade: '020', local: true },
  { label: '小野', kind: 'regular', category: 'goods', status: 'correction', trade: '010', local: true },
  { label: '華城', kind: 'regular', category: 'construction', status: 'resubmitted', trade: '010', local: true },
  { label: '西浦', kind: 'additional', category: 'construction', status: 'resubmitted', trade: '080', local: false },
  { label: '中関', kind: 'regular', category: 'construction', status: 'approved', trade: '010', local: true, registered: true },
  { label: '富海', kind: 'regular', category: 'construction', status: 'approved', trade: '090', local: true, registered: true },
  { label: '向島', kind: 'regular', category: 'construction', status: 'rejected', trade: '010', local: false },
  { label: '佐波', kind: 'regular', category: 'construction', status: 'draft', trade: '010', local: true },
];

function formOf(d: DemoApp, i: number, corp: string | null, name: string, email: string, address: string): ApplicationForm {
  const construction = d.category === 'construction';
  return {
    company: { corporateNumber: corp, entityType: corp ? 'corporation' : 'individual', name, nameKana: 'デモ', postalCode: '747-0001', address, phone: `0835-2${i}-0000`, fax: null, email, capitalThousandYen: 10_000 + i * 1000 },
    representative: { representativeTitle: '代表取締役', representativeName: `${d.label} 太郎`, contactName: `${d.label} 花子`, contactPhone: `0835-2${i}-0001` },
    offices: { offices: [] },
    ...(construction
      ? {
          permits: { permits: [{ tradeCode: d.trade, grade: 'general' as const, issuer: 'governor' as const, issuerPrefecture: '山口県', permitNumber: `（般-6）第2${String(i).padStart(4, '0')}号`, permitDate: '2024-04-01', expiresOn: '2029-03-31' }] },
          keishin: { baseDate: '2026-03-31', noticeDate: '2026-06-01', x2: 650 + i * 10, y: 780, w: 600 + i * 20, scores: [{ tradeCode: d.trade, x1: 700 + i * 15, z: 720 }] },
        }
      : {}),
    staff: { total: 10 + i, construction: construction ? 8 : 0, technical: 4, other: 2 + i },
    trades: { trades: [{ tradeCode: d.trade, grade: construction ? 'general' : null }] },
    local: { locality: d.local ? 'local' : 'outside', neighbourhoodAssociation: d.local ? `${d.label}自治会` : null, subjectiveItems: [] },
    declarations: { noExclusion: true, truthful: true, taxPaid: true },
  };
}

/**
 * Demo bid-qualification applications in every state (受付, 補正依頼中 with the request, 再提出
 * with both rounds, 認定 for two registry vendors, 不認定 with its reason, a draft), each with its
 * vendor account (the demo password signs in to the portal) and PDFs for the needed attachments.
 */
export async function seedDemoApplicationsIfEmpty(ds: DataSource, files: FilesService, passwords: PasswordService, audit: AuditService): Promise<number> {
  if (await ds.getRepository(QualApplication).exists()) return 0;
  const termCode = SETTING_DEFINITIONS.find((s) => s.key === 'applications.regularTermCode')!.default as string;
  const hash = await passwords.hash(DEMO_PASSWORD);
  // Two construction vendors of the demo registry (with a 法人番号) for the approved ones.
  const qualified = await ds.getRepository(Qualification).find({ where: { category: 'construction', termCode }, order: { vendorId: 'ASC' }, take: 200 });
  const candidates = await ds.getRepository(Vendor).find({ where: { id: In([...new Set(qualified.map((q) => q.vendorId)), -1]) }, order: { id: 'ASC' } });
  const fallback = candidates.filter((v) => v.corporateNumber).slice(0, 2);
  const now = Date.now();
  const day = 86_400_000;
  const fy = fiscalYearOf(new Date()) ?? new Date().getFullYear();
  const seq: Record<string, number> = {};
  let made = 0;
  for (const [i, d] of DEMO_APPS.entries()) {
    const vendor = d.registered ? fallback.shift() ?? null : null;
    const corp = vendor ? vendor.corporateNumber : withCheckDigit(String(880000000000 + i * 7919).slice(-12));
    const name = vendor ? vendor.name : `${d.label}${d.category === 'goods' ? '商事' : d.category === 'survey' ? '測量設計' : '建設'}株式会社（デモ申請）`;
    const email = `demo-applicant${i + 1}@example.jp`;
    const oldAddress = `山口県防府市${d.label}1丁目`;
    const address = d.status === 'resubmitted' ? `${oldAddress}2番3号` : vendor?.address ?? oldAddress;
    await ds.transaction(async (m) => {
      const account = await m.save(
        m.create(VendorAccount, {
          email, corporateNumber: corp, companyName: name, entityType: corp ? 'corporation' : 'individual', passwordHash: hash, status: 'active',
          emailVerifiedAt: new Date(now - 20 * day), vendorId: vendor?.id ?? null, failedAttempts: 0, lockedUntil: null, lastLoginAt: null, invitedBy: null,
        }),
      );
      const form = formOf(d, i, corp, name, email, address);
      const submitted = d.status !== 'draft';
      const rounds = d.status === 'resubmitted' ? 2 : submitted ? 1 : 0;
      const letter = d.category;
      seq[letter] = (seq[letter] ?? 0) + (submitted ? 1 : 0);
      const submittedAt = new Date(now - (12 - i) * day);
      const corrections: CorrectionRequest[] = [
        { target: 'field', key: 'company.address', comment: '所在地は登記簿のとおり番地まで記入してください。' },
        { target: 'attachment', key: 'nationalTax', comment: '納税証明書は発行から3か月以内のものを添付してください。' },
      ];
      const app = await m.save(
        m.create(QualApplication, {
          accountId: account.id, kind: d.kind, category: d.category, termCode, status: d.status, receiptNumber: submitted ? receiptNumber(fy, d.category, seq[letter]) : null,
          form, currentStep: submitted ? 'declarations' : 'staff', roundNo: rounds, submittedAt: submitted ? new Date(submittedAt.getTime() + (rounds - 1) * 3 * day) : null,
          decidedAt: d.status === 'approved' || d.status === 'rejected' ? new Date(now - day) : null,
          decidedBy: d.status === 'approved' || d.status === 'rejected' ? 'contract' : null,
          decisionReason: d.status === 'rejected' ? '営業年数が要件（2年以上）に満たないため。' : null,
          vendorId: vendor?.id ?? null, reviewChecklist: d.status === 'approved' ? { eligibility: true, completeness: true, permits: true, keishin: true, objective: true } : null,
          corrections: d.status === 'correction' ? corrections : null,
        }),
      );
      const attached: Array<{ id: number; itemCode: string; fileName: string }> = [];
      for (const item of checklistFor(d.category, form).filter((c) => c.needed)) {
        const file = await files.storeGenerated(DEMO_PDF, { name: `${item.name}.pdf`, contentType: 'application/pdf', ownerId: null }, m);
        await m.update(StoredFile, { id: file.id }, { purpose: APPLICATION_FILE_PURPOSE });
        const row = await m.save(m.create(QualAppAttachment, { applicationId: app.id, itemCode: item.code, fileId: file.id, fileName: `${item.name}.pdf`, roundNo: 1, createdAt: submittedAt }));
        attached.push({ id: row.id, itemCode: row.itemCode, fileName: row.fileName });
      }
      for (let r = 1; r <= rounds; r++) {
        const asked = d.status === 'resubmitted' ? r === 1 : d.status === 'correction';
        await m.save(
          m.create(QualAppRound, {
            applicationId: app.id, roundNo: r, submittedAt: new Date(submittedAt.getTime() + (r - 1) * 3 * day),
            form: r === 1 && d.status === 'resubmitted' ? { ...form, company: { ...form.company!, address: oldAddress } } : form,
            attachments: attached, corrections: asked ? corrections.slice(0, 1) : null, requestedAt: asked ? new Date(submittedAt.getTime() + day) : null, requestedBy: asked ? 'contract' : null,
          }),
        );
      }
    });
    made++;
  }
  await audit.record({ action: 'seed', entity: 'QualApplication', summary: `デモの資格審査申請を登録（${made}件）` });
  return made;
}
