import { Workbook } from 'exceljs';
import { In } from 'typeorm';
import { calculateEvaluation, DEFAULT_EVALUATION_RULES, permissionsOf, todayInJapan } from '@keiyaku/domain';
import { User } from '@keiyaku/server/auth';
import { AuditLog } from '@keiyaku/server/audit';
import { MailMessage } from '@keiyaku/server/platform';
import { Vendor, VendorContact } from '@keiyaku/server/vendors';
import { binary } from '../../../../apps/api/src/testing/outputs';
import { Client, startTestApp, TestApp } from '../../../../apps/api/src/testing/test-app';
import { TEST_VENDOR } from '../../vendors/src/testing/fixtures';
import { ALL_C, evaluationFixture, EvaluationFixture, inspectedContract, partOf, sheetOf, WORKED } from './testing/evaluation-fixtures';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('工事成績評定 (HTTP)', () => {
  let t: TestApp;
  let f: EvaluationFixture<Client>;
  let vendorId: number;
  let sheet: any;

  beforeAll(async () => {
    t = await startTestApp();
    f = await evaluationFixture(t.dataSource, (id, pw) => Client.signIn(t, id, pw));
    vendorId = (await f.contract.post('/api/vendors', TEST_VENDOR)).body.id;
  }, 120_000);
  afterAll(async () => t?.close());

  /** Saves a rater's entries as that rater and returns the sheet. */
  async function save(client: typeof f.contract, s: any, rater: string, entries: object, seq = 0) {
    const part = partOf(s, rater, seq);
    const res = await client.put(`/api/evaluations/${s.id}/parts/${part.id}`, { version: part.version, entries });
    if (res.status !== 200) throw new Error(`save ${rater}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function submit(client: typeof f.contract, s: any, rater: string, seq = 0) {
    const part = partOf(s, rater, seq);
    const res = await client.post(`/api/evaluations/${s.id}/parts/${part.id}/submit`, { version: part.version });
    if (res.status !== 200) throw new Error(`submit ${rater}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  /** A sheet with the given entries for all three raters, submitted and confirmed. */
  async function rated(entries: { chiefSupervisor: object; generalSupervisor: object; inspector: object }, extra: Record<string, unknown> = {}) {
    const c = await inspectedContract(f, vendorId, extra);
    let s = await sheetOf(f.contract, c.id);
    s = (await f.contract.patch(`/api/evaluations/${s.id}/raters`, { version: s.version, generalSupervisorId: f.ids.general })).body;
    s = await save(f.supervisor, s, 'chiefSupervisor', entries.chiefSupervisor);
    s = await save(f.general, s, 'generalSupervisor', entries.generalSupervisor);
    s = await save(f.inspector, s, 'inspector', entries.inspector);
    s = await submit(f.supervisor, s, 'chiefSupervisor');
    s = await submit(f.general, s, 'generalSupervisor');
    s = await submit(f.inspector, s, 'inspector');
    const confirmed = await f.contract.post(`/api/evaluations/${s.id}/confirm`, { version: s.version });
    if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
    return confirmed.body;
  }

  it('ships the MLIT-type rule set, active from 2016-04-01', async () => {
    const list = await f.supervisor.get('/api/evaluations/rule-sets');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([expect.objectContaining({ code: 'WORKS-EVAL-2016', category: 'construction', effectiveFrom: '2016-04-01', effectiveTo: null, status: 'active' })]);
    const one = await f.supervisor.get(`/api/evaluations/rule-sets/${list.body[0].id}`);
    expect(one.body.definition.thresholdAmount).toBe(5_000_000);
    expect(one.body.problems).toEqual([]);
  });

  it('opens a sheet when the completion inspection of a qualifying contract is approved', async () => {
    const c = await inspectedContract(f, vendorId, {}, { interim: true });
    expect(c.status).toBe('inspected');
    sheet = await sheetOf(f.contract, c.id);
    expect(sheet).toMatchObject({ contractId: c.id, status: 'rating', ruleCode: 'WORKS-EVAL-2016', revision: 1, fiscalYear: 2026, evaluatedOn: '2026-09-29', departmentId: f.ids.doboku, deductionKeys: [] });
    expect(sheet.parts.map((p: any) => [p.rater, p.userId])).toEqual([
      ['chiefSupervisor', f.ids.supervisor],
      ['generalSupervisor', null],
      ['inspector', f.ids.inspector],
      ['interimInspector', f.ids.inspector],
    ]);
    // Nothing entered yet: every rater 65.0, the interim inspection weighted in.
    expect(sheet.result).toMatchObject({ weighting: 'withInterim', total: 65, final: 65, complete: false });
    const audit = await t.dataSource.getRepository(AuditLog).findOneByOrFail({ action: 'open', entity: 'Evaluation', entityId: String(sheet.id) });
    expect(audit.summary).toContain('WORKS-EVAL-2016');
  });

  it('does not open one below the threshold, and refuses to open it by hand', async () => {
    const small = await inspectedContract(f, vendorId, { amount: 3_300_000, bondAmount: 330_000 });
    expect(await sheetOf(f.contract, small.id)).toBeNull();
    const res = await f.contract.post('/api/evaluations', { contractId: small.id });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('contractId');
    expect(res.body.message).toContain('評定の対象金額');
    // A sheet that exists is not opened twice.
    expect((await f.contract.post('/api/evaluations', { contractId: sheet.contractId })).body.message).toContain('既に作成');
    // A rater may not open sheets.
    expect((await f.supervisor.post('/api/evaluations', { contractId: small.id })).status).toBe(403);
  });

  it('offers the users who may rate as raters, to managers only', async () => {
    const res = await f.contract.get('/api/evaluations/rater-candidates');
    expect(res.status).toBe(200);
    const logins = await t.dataSource.getRepository(User).find({ where: { id: In(res.body.map((u: any) => u.id)) } });
    expect(logins.map((u) => u.loginId).sort()).toEqual(expect.arrayContaining(['inspector', 'supervisor']));
    for (const u of logins) expect(permissionsOf(u.roles)).toContain('evaluation.rate');
    expect(logins.map((u) => u.loginId)).not.toContain('viewer');
    expect((await f.supervisor.get('/api/evaluations/rater-candidates')).status).toBe(403);
  });

  it('lets each rater edit only their own part (403) and hides other departments (404)', async () => {
    sheet = (await f.contract.patch(`/api/evaluations/${sheet.id}/raters`, { version: sheet.version, generalSupervisorId: f.ids.general })).body;
    expect(partOf(sheet, 'generalSupervisor').userName).toBe('総括 一郎');
    const insp = partOf(sheet, 'inspector');
    const denied = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${insp.id}`, { version: insp.version, entries: WORKED.inspector });
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('自分の担当の評定のみ');
    expect((await f.general.post(`/api/evaluations/${sheet.id}/parts/${insp.id}/submit`, { version: insp.version })).status).toBe(403);
    // Managers approve, they do not rate.
    expect((await f.contract.put(`/api/evaluations/${sheet.id}/parts/${insp.id}`, { version: insp.version, entries: {} })).status).toBe(403);
    // A supervisor of 建築課 does not see 土木課's sheet at all.
    expect((await f.otherSupervisor.get(`/api/evaluations/${sheet.id}`)).status).toBe(404);
    const chief = partOf(sheet, 'chiefSupervisor');
    expect((await f.otherSupervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: {} })).status).toBe(404);
    expect((await f.otherSupervisor.get('/api/evaluations')).body.total).toBe(0);
    // The inspector (another department) sees the sheet because they rate it.
    expect((await f.inspector.get(`/api/evaluations/${sheet.id}`)).status).toBe(200);
  });

  it('computes the worked example of evaluation.md through HTTP: 83.0, 78.0, 79.0 → 80.4 − 5 = 75 (B)', async () => {
    sheet = await save(f.supervisor, sheet, 'chiefSupervisor', WORKED.chiefSupervisor);
    expect(partOf(sheet, 'chiefSupervisor')).toMatchObject({ score: 83, points: 18, mine: true, missing: [] });
    // The supervisor sees only their own part.
    expect(partOf(sheet, 'inspector')).toMatchObject({ entries: null, score: null });
    expect(sheet.result).toBeNull();
    expect(sheet.finalScore).toBeNull();
    sheet = await save(f.general, sheet, 'generalSupervisor', WORKED.generalSupervisor);
    expect(partOf(sheet, 'generalSupervisor').score).toBe(78);
    expect(partOf(sheet, 'chiefSupervisor').entries).toBeNull();
    sheet = await save(f.inspector, sheet, 'inspector', WORKED.inspector);
    expect(partOf(sheet, 'inspector').score).toBe(79);
    // The interim inspection is rated like the completion one here.
    sheet = await save(f.inspector, sheet, 'interimInspector', WORKED.inspector);

    // 法令遵守等: no registry measure, so a deduction needs a reason.
    const noReason = await f.general.put(`/api/evaluations/${sheet.id}/deduction`, { version: sheet.version, keys: ['oralWarning'] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect((await f.supervisor.put(`/api/evaluations/${sheet.id}/deduction`, { version: sheet.version, keys: [] })).status).toBe(403);
    sheet = (await f.general.put(`/api/evaluations/${sheet.id}/deduction`, { version: sheet.version, keys: ['oralWarning'], reason: '安全管理について口頭注意' })).body;

    const managed = (await f.contract.get(`/api/evaluations/${sheet.id}`)).body;
    const expected = calculateEvaluation(DEFAULT_EVALUATION_RULES[0], { ...WORKED, interimInspectors: [WORKED.inspector] });
    expect(expected.final).toBe(75);
    expect(managed).toMatchObject({ chiefScore: 83, generalScore: 78, inspectorScore: 79, interimScore: 79, total: 80.4, deduction: -5, finalScore: 75, band: 'B', complete: true });
    expect(managed.result.final).toBe(expected.final);
    expect(managed.result.total).toBe(expected.total);
    // The same figures from the calculation endpoint (the rule editor's preview).
    const calc = await f.supervisor.post('/api/evaluations/calculate', { ruleSetId: sheet.ruleSetId, ...WORKED });
    expect(calc.status).toBe(200);
    expect(calc.body).toMatchObject({ total: 80.4, deduction: -5, final: 75, band: 'B', weighting: 'withoutInterim' });
  });

  it('refuses a stale version with 409 and bad input with 400 naming the field in Japanese', async () => {
    const chief = partOf(sheet, 'chiefSupervisor');
    const stale = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version - 1, entries: WORKED.chiefSupervisor });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const badGrade = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: { ...WORKED.chiefSupervisor, 'chief.1-1': { grade: 'z' } } });
    expect(badGrade.status).toBe(400);
    expect(badGrade.body.errors[0]).toEqual({ field: 'entries.chief.1-1.grade', message: expect.stringContaining('施工体制一般') });
    const otherKey = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: { 'inspector.2-1': { grade: 'a' } } });
    expect(otherKey.body.errors[0].field).toBe('entries.inspector.2-1');
    expect(otherKey.body.message).toContain('主任監督員の評定項目');
    const range = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: { 'chief.5-1': { points: 9 } } });
    expect(range.body.errors[0]).toEqual({ field: 'entries.chief.5-1.points', message: expect.stringContaining('0〜7') });
    const statement = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: { 'chief.5-1': { ticked: ['nope'] } } });
    expect(statement.body.errors[0].field).toBe('entries.chief.5-1.ticked');
    const noVersion = await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { entries: {} });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.errors[0].field).toBe('version');
    expect(noVersion.body.errors[0].message).toMatch(/[ぁ-んァ-ン一-龥]/);
    // Nothing was changed by the refused writes.
    expect(partOf((await f.supervisor.get(`/api/evaluations/${sheet.id}`)).body, 'chiefSupervisor')).toMatchObject({ version: chief.version, score: 83 });
  });

  it('submits the parts, returns one, confirms and locks the sheet', async () => {
    expect((await f.contract.post(`/api/evaluations/${sheet.id}/confirm`, { version: sheet.version })).body.errors[0].field).toBe('status');
    sheet = await submit(f.supervisor, sheet, 'chiefSupervisor');
    sheet = await submit(f.general, sheet, 'generalSupervisor');
    sheet = await submit(f.inspector, sheet, 'inspector');
    expect(sheet.status).toBe('rating');
    sheet = await submit(f.inspector, sheet, 'interimInspector');
    expect(sheet.status).toBe('submitted');
    // A submitted part is read-only for its rater until returned.
    const chief = partOf(sheet, 'chiefSupervisor');
    expect((await f.supervisor.put(`/api/evaluations/${sheet.id}/parts/${chief.id}`, { version: chief.version, entries: WORKED.chiefSupervisor })).body.errors[0].field).toBe('status');
    let managed = (await f.contract.get(`/api/evaluations/${sheet.id}`)).body;
    const noComment = await f.contract.post(`/api/evaluations/${sheet.id}/parts/${chief.id}/return`, { version: chief.version });
    expect(noComment.body.errors[0].field).toBe('comment');
    managed = (await f.contract.post(`/api/evaluations/${sheet.id}/parts/${chief.id}/return`, { version: chief.version, comment: '創意工夫の根拠を記入してください' })).body;
    expect(managed.status).toBe('rating');
    expect(partOf(managed, 'chiefSupervisor')).toMatchObject({ status: 'draft', returnComment: '創意工夫の根拠を記入してください' });
    sheet = (await f.supervisor.get(`/api/evaluations/${sheet.id}`)).body;
    sheet = await save(f.supervisor, sheet, 'chiefSupervisor', { ...WORKED.chiefSupervisor, 'chief.5-1': { ...WORKED.chiefSupervisor['chief.5-1'], reason: 'ICT施工・安全設備の工夫' } });
    sheet = await submit(f.supervisor, sheet, 'chiefSupervisor');
    const stale = await f.contract.post(`/api/evaluations/${sheet.id}/confirm`, { version: managed.version });
    expect(stale.status).toBe(409);
    managed = (await f.contract.get(`/api/evaluations/${sheet.id}`)).body;
    const confirmed = await f.contract.post(`/api/evaluations/${sheet.id}/confirm`, { version: managed.version });
    expect(confirmed.status).toBe(200);
    sheet = confirmed.body;
    expect(sheet).toMatchObject({ status: 'approved', finalScore: 75, band: 'B', approvedByName: '契約 花子' });
    // Locked: no rater and no manager changes it any more.
    const insp = partOf(sheet, 'inspector');
    expect((await f.inspector.put(`/api/evaluations/${sheet.id}/parts/${insp.id}`, { version: insp.version, entries: WORKED.inspector })).body.errors[0].field).toBe('status');
    expect((await f.contract.put(`/api/evaluations/${sheet.id}/deduction`, { version: sheet.version, keys: [], reason: 'x' })).body.errors[0].field).toBe('status');
    // Now that it is approved every reader sees all parts.
    const asRater = (await f.supervisor.get(`/api/evaluations/${sheet.id}`)).body;
    expect(partOf(asRater, 'inspector').score).toBe(79);
    expect(asRater.finalScore).toBe(75);
  });

  it('records the notice and runs an explanation request and a re-request with deadlines', async () => {
    const today = todayInJapan();
    // The notice is mailed to the vendor's address and its contacts' (each address once).
    await t.dataSource.getRepository(Vendor).update({ id: sheet.vendorId }, { email: 'info@hyoutei-kensetsu.example.jp' });
    await t.dataSource.getRepository(VendorContact).save([
      Object.assign(new VendorContact(), { vendorId: sheet.vendorId, name: '工務 太郎', department: '工務部', phone: null, email: 'koumu@hyoutei-kensetsu.example.jp' }),
      Object.assign(new VendorContact(), { vendorId: sheet.vendorId, name: '総務 花子', department: null, phone: null, email: 'info@hyoutei-kensetsu.example.jp' }),
    ]);
    const notice = await f.contract.post(`/api/evaluations/${sheet.id}/notice`, { version: sheet.version, noticeDate: today });
    expect(notice.status).toBe(200);
    sheet = notice.body;
    expect(sheet).toMatchObject({ noticeDate: today, explanationDeadline: addDays(today, 14) });
    const mails = await t.dataSource.getRepository(MailMessage).find({ where: { relatedEntity: 'Evaluation', relatedId: String(sheet.id) }, order: { toAddress: 'ASC' } });
    expect(mails.map((x) => x.toAddress)).toEqual(['info@hyoutei-kensetsu.example.jp', 'koumu@hyoutei-kensetsu.example.jp']);
    expect(mails[0].subject).toContain('工事成績評定の通知');
    expect(mails[0].body.text).toContain(`評定点: ${sheet.finalScore}点（評定 ${sheet.band}）`);
    expect(mails[0].body.text).toContain(`説明請求の期限: ${addDays(today, 14)}`);
    const late = await f.contract.post(`/api/evaluations/${sheet.id}/explanation-requests`, { receivedOn: addDays(today, 15), content: '品質の評定理由' });
    expect(late.status).toBe(400);
    expect(late.body.errors[0]).toEqual({ field: 'receivedOn', message: expect.stringContaining('期限') });
    expect((await f.contract.post(`/api/evaluations/${sheet.id}/explanation-requests`, { receivedOn: today })).body.errors[0].field).toBe('content');
    const reFirst = await f.contract.post(`/api/evaluations/${sheet.id}/explanation-requests`, { kind: 'reexplanation', receivedOn: today, content: 'x' });
    expect(reFirst.body.errors[0].field).toBe('kind');
    const created = await f.contract.post(`/api/evaluations/${sheet.id}/explanation-requests`, { receivedOn: addDays(today, 3), content: '出来ばえの評定（b）の理由を説明されたい。' });
    expect(created.status).toBe(201);
    sheet = created.body;
    const req = sheet.explanationRequests[0];
    expect(req).toMatchObject({ kind: 'explanation', status: 'open', dueOn: addDays(today, 17) });
    const dash = (await f.contract.get('/api/contracts/deadlines?days=30')).body;
    expect(dash.explanationRequestsDue).toEqual([expect.objectContaining({ contractId: sheet.contractId, date: addDays(today, 17) })]);
    expect((await f.contract.get('/api/evaluations/explanation-requests?status=open')).body).toHaveLength(1);
    expect((await f.supervisor.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: req.version, answer: 'x' })).status).toBe(403);
    const noDate = await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: req.version, answer: '検査時の仕上げ状況による。' });
    expect(noDate.body.errors[0].field).toBe('answeredOn');
    sheet = (await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: req.version, answer: '検査時の仕上げ状況による。', answeredOn: addDays(today, 10), answeredBy: '契約課長' })).body;
    expect(sheet.explanationRequests[0]).toMatchObject({ status: 'answered', answeredOn: addDays(today, 10) });
    expect((await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: req.version, answer: 'y' })).status).toBe(409);
    // The answer's document: one's own upload for this purpose (PDF or image by its bytes), readable with the rating only.
    const uploadAs = async (c: Client, body: Buffer, name: string, purpose = 'evaluation') => c.raw('post', '/api/files').field('purpose', purpose).attach('file', body, name);
    expect((await uploadAs(f.contract, Buffer.from('MZ\x90\x00 not a document'), '回答.pdf')).status).toBe(400);
    const doc = (await uploadAs(f.contract, PDF, '回答書.pdf')).body;
    const answered = sheet.explanationRequests[0];
    const otherUsers = (await uploadAs(f.supervisor, PDF, '監督員.pdf')).body;
    expect((await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: answered.version, answerFileId: otherUsers.id })).status).toBe(403);
    const generic = (await uploadAs(f.contract, PDF, '汎用.pdf', 'upload')).body;
    expect((await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: answered.version, answerFileId: generic.id })).body.errors[0].field).toBe('answerFileId');
    expect((await f.supervisor.get(`/api/files/${doc.id}/content`)).status).toBe(404); // not attached yet: the uploader's only
    sheet = (await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${req.id}`, { version: answered.version, answerFileId: doc.id })).body;
    expect(sheet.explanationRequests[0]).toMatchObject({ answerFileId: doc.id, answerFileName: '回答書.pdf', status: 'answered' });
    const download = await f.supervisor.raw('get', `/api/files/${doc.id}/content`).buffer(true).parse(binary);
    expect(download.status).toBe(200);
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await f.otherSupervisor.get(`/api/files/${doc.id}/content`)).status).toBe(404);
    expect((await f.contract.get('/api/contracts/deadlines?days=30')).body.explanationRequestsDue).toEqual([]);
    // 再説明請求: after the answer, answered by the committee.
    sheet = (await f.contract.post(`/api/evaluations/${sheet.id}/explanation-requests`, { kind: 'reexplanation', receivedOn: addDays(today, 12), content: '回答に納得できない。' })).body;
    const re = sheet.explanationRequests[1];
    expect(re).toMatchObject({ kind: 'reexplanation', status: 'open' });
    const noCommittee = await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${re.id}`, { version: re.version, answer: '評定は妥当', answeredOn: addDays(today, 20) });
    expect(noCommittee.body.errors[0].field).toBe('answeredBy');
    sheet = (await f.contract.patch(`/api/evaluations/${sheet.id}/explanation-requests/${re.id}`, { version: re.version, answer: '評定は妥当', answeredOn: addDays(today, 20), answeredBy: '工事成績評定審査委員会' })).body;
    expect(sheet.explanationRequests.map((r: any) => r.status)).toEqual(['answered', 'answered']);
  });

  it('corrects an approved rating as a new revision and keeps the old one', async () => {
    const res = await f.contract.post(`/api/evaluations/${sheet.id}/correct`, { version: sheet.version, reason: '品質の評定誤り' });
    expect(res.status).toBe(201);
    const next = res.body;
    expect(next).toMatchObject({ revision: 2, previousId: sheet.id, status: 'rating', correctionReason: '品質の評定誤り', finalScore: 75, noticeDate: null });
    expect(partOf(next, 'inspector')).toMatchObject({ status: 'draft', score: 79 });
    expect((await f.contract.get(`/api/evaluations/${sheet.id}`)).body.status).toBe('superseded');
    const list = (await f.contract.get('/api/evaluations?limit=1000')).body.rows.filter((r: any) => r.contractId === sheet.contractId);
    expect(list.map((r: any) => r.revision)).toEqual([2]);
    // Fix the inspector's 品質 (b' → b: +4 → +7.5): inspector 82.5; 83×0.4 + 78×0.2 + 79×0.2 + 82.5×0.2 = 81.1 → −5 → 76.
    let s = (await f.inspector.get(`/api/evaluations/${next.id}`)).body;
    s = await save(f.inspector, s, 'inspector', { ...WORKED.inspector, 'inspector.3-2': { grade: 'b' } });
    for (const [client, rater] of [[f.supervisor, 'chiefSupervisor'], [f.general, 'generalSupervisor'], [f.inspector, 'inspector'], [f.inspector, 'interimInspector']] as const) {
      s = (await client.get(`/api/evaluations/${next.id}`)).body;
      s = await submit(client, s, rater);
    }
    const managed = (await f.contract.get(`/api/evaluations/${next.id}`)).body;
    const expected = calculateEvaluation(DEFAULT_EVALUATION_RULES[0], { ...WORKED, inspector: { ...WORKED.inspector, 'inspector.3-2': { grade: 'b' } }, interimInspectors: [WORKED.inspector] });
    expect(managed).toMatchObject({ inspectorScore: 82.5, total: expected.total, finalScore: expected.final });
    sheet = (await f.contract.post(`/api/evaluations/${next.id}/confirm`, { version: managed.version })).body;
    expect(sheet.status).toBe('approved');
  });

  it('suggests the 法令遵守等 deduction from the registry’s measures during the work period', async () => {
    const v2 = (await f.contract.post('/api/vendors', { ...TEST_VENDOR, corporateNumber: null, invoiceNumber: null, entityType: 'individual', name: '佐波土木', nameKana: 'サバドボク' })).body.id;
    // 45 days of 指名停止 within the period (→ 1–2 months, −13); one long before it is ignored.
    expect((await f.contract.post(`/api/vendors/${v2}/measures`, { kind: 'suspension', startDate: '2026-06-01', endDate: '2026-07-15', reason: '安全管理措置の不適切' })).status).toBe(201);
    expect((await f.contract.post(`/api/vendors/${v2}/measures`, { kind: 'writtenWarning', startDate: '2025-01-10', reason: '書類の不備' })).status).toBe(201);
    const c = await inspectedContract(f, v2);
    const s = await sheetOf(f.contract, c.id);
    expect(s.deductionKeys).toEqual(['suspension1m']);
    expect(s.deductionSuggestion.keys).toEqual(['suspension1m']);
    expect(s.deductionSuggestion.measures).toEqual([expect.objectContaining({ kind: 'suspension', days: 45, suggestedKey: 'suspension1m' })]);
    // Keeping the suggestion needs no reason; removing it does.
    expect((await f.contract.put(`/api/evaluations/${s.id}/deduction`, { version: s.version, keys: ['suspension1m'] })).status).toBe(200);
    const s2 = (await f.contract.get(`/api/evaluations/${s.id}`)).body;
    expect((await f.contract.put(`/api/evaluations/${s.id}/deduction`, { version: s2.version, keys: [] })).body.errors[0].field).toBe('reason');
    expect((await f.contract.put(`/api/evaluations/${s.id}/deduction`, { version: s2.version, keys: ['nope'], reason: 'x' })).body.errors[0].field).toBe('keys');
    expect(s2.deduction).toBe(-13);
  });

  it('lists the rater’s pending parts on the dashboard and filters the list', async () => {
    // 総括 一郎 has submitted everything assigned to him; the supervisor still has the last sheet's part.
    expect((await f.general.get('/api/contracts/deadlines')).body.ratingsPending).toEqual([]);
    const mine = (await f.supervisor.get('/api/evaluations?mine=1')).body;
    expect(mine.rows.length).toBeGreaterThan(0);
    const pending = (await f.supervisor.get('/api/contracts/deadlines')).body.ratingsPending;
    expect(pending.map((x: any) => x.kind)).toEqual(expect.arrayContaining(['rating']));
    const approved = (await f.contract.get('/api/evaluations?status=approved')).body;
    expect(approved.rows.map((r: any) => r.finalScore)).toEqual([76]);
    expect((await f.contract.get('/api/evaluations?scoreMin=76&scoreMax=78')).body.total).toBe(1);
    expect((await f.contract.get('/api/evaluations?scoreMin=78')).body.total).toBe(0);
    expect((await f.contract.get('/api/evaluations?scoreMin=abc')).body.errors[0].field).toBe('scoreMin');
    // A rater's grid filter on the score finds approved sheets only (the pending one's score is not theirs to see).
    const byScore = encodeURIComponent(JSON.stringify({ finalScore: { filterType: 'number', type: 'greaterThan', filter: 0 } }));
    expect((await f.supervisor.get('/api/evaluations')).body.total).toBe(2);
    expect((await f.supervisor.get(`/api/evaluations?filter=${byScore}`)).body.rows.map((r: any) => r.finalScore)).toEqual([76]);
    expect((await f.contract.get(`/api/evaluations?filter=${byScore}`)).body.total).toBe(2);
    const xlsx = await f.contract.raw('get', '/api/evaluations?format=xlsx').buffer(true);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('gives statistics that match figures computed independently', async () => {
    // Two more approved ratings: all c (65, 70 with 社会性等 c = +5, 65 → 66) and the worked example without deduction (80).
    await rated(ALL_C);
    await rated({ chiefSupervisor: WORKED.chiefSupervisor, generalSupervisor: WORKED.generalSupervisor, inspector: WORKED.inspector });
    const approved = (await f.contract.get('/api/evaluations?status=approved&fiscalYear=2026')).body.rows;
    const scores = approved.map((r: any) => r.finalScore).sort();
    expect(scores).toEqual([66, 76, 80]);
    const res = await f.contract.get('/api/evaluations/statistics?fiscalYear=2026&years=2');
    expect(res.status).toBe(200);
    const avg = Math.round(((66 + 76 + 80) / 3) * 10) / 10; // 74.0
    expect(res.body).toMatchObject({ fiscalYears: [2025, 2026], count: 3, average: avg });
    expect(res.body.bands).toEqual([{ band: 'A', count: 0 }, { band: 'B', count: 2 }, { band: 'C', count: 1 }, { band: 'D', count: 0 }, { band: 'E', count: 0 }]);
    expect(res.body.byDepartment).toEqual([expect.objectContaining({ departmentId: f.ids.doboku, departmentName: '土木課', count: 3, average: avg })]);
    expect(res.body.byTrade).toEqual([expect.objectContaining({ tradeCode: '130', tradeName: '舗装工事', count: 3 })]);
    expect(res.body.byInspector).toEqual([expect.objectContaining({ userId: f.ids.inspector, count: 3, average: avg })]);
    expect(res.body.byVendor).toEqual([expect.objectContaining({ vendorId, count: 3, average: avg })]);
    expect(res.body.trend).toEqual([{ fiscalYear: 2025, count: 0, average: null }, { fiscalYear: 2026, count: 3, average: avg }]);
    // The same figures as a workbook.
    const xlsx = await f.contract.raw('get', '/api/reports/evaluation-statistics?format=xlsx&fiscalYear=2026&years=2').buffer(true).parse(binary);
    expect(xlsx.status).toBe(200);
    const wb = new Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概要', '年度別', '業者別', '担当課別', '業種別', '検査員別']);
    expect([wb.worksheets[0].getCell(5, 1).value, wb.worksheets[0].getCell(5, 2).value, wb.worksheets[0].getCell(5, 3).value]).toEqual(['全体', 3, avg]);
    expect([wb.worksheets[2].getCell(5, 2).value, wb.worksheets[2].getCell(5, 4).value]).toEqual([TEST_VENDOR.name, avg]);
    // Another department's supervisor sees none of them.
    expect((await f.otherSupervisor.get('/api/evaluations/statistics?fiscalYear=2026')).body.count).toBe(0);

    // 主観点 from the same average: 74.0 earns none of the shipped items (80以上 / 75以上80未満 / 65未満) …
    const average = (query: string) => f.contract.get(`/api/evaluations/vendor-average?vendorId=${vendorId}&${query}`);
    const asIs = await average('tradeCode=130&lastFiscalYear=2026');
    expect(asIs.status).toBe(200);
    expect(asIs.body).toMatchObject({ fiscalYears: [2025, 2026], count: 3, average: avg, suggested: [], ratingItemCodes: ['RATING-H', 'RATING-M', 'RATING-L'] });
    expect((await average('tradeCode=010&lastFiscalYear=2026')).body).toMatchObject({ count: 0, average: null, suggested: [] });
    expect((await average('tradeCode=130&lastFiscalYear=2024')).body).toMatchObject({ fiscalYears: [2023, 2024], count: 0 });
    // … until the administrator moves the 75 line down to 70 (an upper end not above the lower is refused).
    const admin = await Client.signIn(t, 'admin');
    const middle = (await admin.get('/api/registry/subjective-items?category=construction')).body.find((i: any) => i.code === 'RATING-M');
    expect(middle).toMatchObject({ ratingMin: 75, ratingMax: 80 });
    const inverted = await admin.patch(`/api/registry/subjective-items/${middle.id}`, { version: middle.version, ratingMin: 80, ratingMax: 70 });
    expect(inverted.body.errors[0].field).toBe('ratingMax');
    expect((await admin.patch(`/api/registry/subjective-items/${middle.id}`, { version: middle.version, ratingMin: 70 })).status).toBe(200);
    expect((await average('tradeCode=130&lastFiscalYear=2026')).body.suggested).toEqual([{ code: 'RATING-M', name: '工事成績（過去2年平均75点以上）', points: 15 }]);
    // Scoped like the statistics: another department's supervisor counts none of them; readers of ratings only.
    expect((await f.otherSupervisor.get(`/api/evaluations/vendor-average?vendorId=${vendorId}&lastFiscalYear=2026`)).body).toMatchObject({ count: 0, average: null });
    expect((await (await Client.signIn(t, 'operator')).get(`/api/evaluations/vendor-average?vendorId=${vendorId}`)).status).toBe(403);
    expect((await f.contract.get('/api/evaluations/vendor-average?vendorId=999999')).status).toBe(404);
    expect((await f.contract.get('/api/evaluations/vendor-average')).body.errors[0].field).toBe('vendorId');
  });

  it('versions rule sets: copy, refuse inconsistent definitions, activate, lock', async () => {
    const base = (await f.contract.get('/api/evaluations/rule-sets')).body[0];
    expect((await f.supervisor.post('/api/evaluations/rule-sets', { code: 'X', name: 'x', category: 'construction', effectiveFrom: '2027-04-01' })).status).toBe(403);
    const created = await f.contract.post('/api/evaluations/rule-sets', { code: 'WORKS-EVAL-2027', name: '工事成績評定要領（令和9年度改正）', category: 'construction', effectiveFrom: '2027-04-01', copyOf: base.id });
    expect(created.status).toBe(201);
    let r = created.body;
    expect(r).toMatchObject({ status: 'draft', basedOnId: base.id, problems: [] });
    expect((await f.contract.post('/api/evaluations/rule-sets', { code: 'WORKS-EVAL-2027', name: 'x', category: 'construction', effectiveFrom: '2027-04-01' })).status).toBe(409);
    const def = JSON.parse(JSON.stringify(r.definition));
    def.weights.withoutInterim.chiefSupervisor = 0.3;
    const bad = await f.contract.patch(`/api/evaluations/rule-sets/${r.id}`, { version: r.version, definition: def });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toEqual({ field: 'definition.weights.withoutInterim', message: expect.stringContaining('重みの合計が1になりません') });
    def.weights.withoutInterim = { chiefSupervisor: 0.4, generalSupervisor: 0.3, inspector: 0.3 };
    def.thresholdAmount = 2_500_000;
    r = (await f.contract.patch(`/api/evaluations/rule-sets/${r.id}`, { version: r.version, definition: def })).body;
    expect((await f.contract.patch(`/api/evaluations/rule-sets/${r.id}`, { version: r.version - 1, name: 'x' })).status).toBe(409);
    // Preview of the draft: 83×0.4 + 78×0.3 + 79×0.3 = 80.3 → −5 → 75.3 → 75.
    expect((await f.contract.post('/api/evaluations/calculate', { ruleSetId: r.id, ...WORKED })).body).toMatchObject({ total: 80.3, final: 75 });
    r = (await f.contract.post(`/api/evaluations/rule-sets/${r.id}/activate`, { version: r.version })).body;
    expect(r.status).toBe('active');
    expect((await f.contract.patch(`/api/evaluations/rule-sets/${r.id}`, { version: r.version, name: 'x' })).body.errors[0].field).toBe('status');
    expect((await f.contract.send('delete', `/api/evaluations/rule-sets/${r.id}`)).status).toBe(400);
    const list = (await f.contract.get('/api/evaluations/rule-sets?category=construction')).body;
    expect(list.find((x: any) => x.code === 'WORKS-EVAL-2016').effectiveTo).toBe('2027-03-31');
    // The date picks the version: a calculation for 2027-05-01 uses the new weights.
    expect((await f.contract.post('/api/evaluations/calculate', { category: 'construction', date: '2027-05-01', ...WORKED })).body.ruleVersion).toBe('WORKS-EVAL-2027');
    expect((await f.contract.post('/api/evaluations/calculate', { category: 'construction', date: '2026-05-01', ...WORKED })).body.ruleVersion).toBe('WORKS-EVAL-2016');
    // A draft copy may be deleted.
    const draft = (await f.contract.post('/api/evaluations/rule-sets', { code: 'TMP', name: '試案', category: 'construction', effectiveFrom: '2028-04-01' })).body;
    expect((await f.contract.send('delete', `/api/evaluations/rule-sets/${draft.id}`)).status).toBe(204);
  });
});
