import type { RaterEntries } from '@keiyaku/domain';
import type { DataSource } from 'typeorm';
import { Department, User } from '@keiyaku/server/auth';

/** What the fixtures need of the HTTP test harness's signed-in client (apps/api/src/testing/test-app). */
export interface Client {
  get(url: string): Promise<{ status: number; body: any }>;
  post(url: string, body?: unknown): Promise<{ status: number; body: any }>;
  put(url: string, body?: unknown): Promise<{ status: number; body: any }>;
  patch(url: string, body?: unknown): Promise<{ status: number; body: any }>;
}

/** The worked example of evaluation.md (→ 75), entered part by part as the raters would. */
export const WORKED: { chiefSupervisor: RaterEntries; generalSupervisor: RaterEntries; inspector: RaterEntries; deductions: string[] } = {
  chiefSupervisor: {
    'chief.1-1': { grade: 'b' },
    'chief.1-2': { grade: 'b' },
    'chief.2-1': { grade: 'a' },
    'chief.2-2': { grade: 'b' },
    'chief.2-3': { grade: 'b' },
    'chief.2-4': { grade: 'c' },
    'chief.3-1': { grade: 'b' },
    'chief.3-2': { grade: 'b' },
    'chief.5-1': { ticked: ['c51-1', 'c51-3', 'c51-5'] },
  },
  generalSupervisor: {
    'general.2-2': { grade: 'b' },
    'general.2-3': { grade: 'a' },
    'general.4-1': { ticked: ['g41-1'] },
    'general.6-1': { grade: 'c' },
  },
  inspector: {
    'inspector.2-1': { grade: 'b' },
    'inspector.3-1': { grade: 'b' },
    'inspector.3-2': { grade: "b'" },
    'inspector.3-3': { grade: 'b' },
  },
  deductions: ['oralWarning'],
};

/** All grades 'c', nothing ticked: chief 65.0, general 70.0 (社会性等 c = +5), inspector 65.0 → 66. */
export const ALL_C = {
  chiefSupervisor: Object.fromEntries(['1-1', '1-2', '2-1', '2-2', '2-3', '2-4', '3-1', '3-2'].map((k) => [`chief.${k}`, { grade: 'c' }])),
  generalSupervisor: { 'general.2-2': { grade: 'c' }, 'general.2-3': { grade: 'c' }, 'general.6-1': { grade: 'c' } },
  inspector: Object.fromEntries(['2-1', '3-1', '3-2', '3-3'].map((k) => [`inspector.${k}`, { grade: 'c' }])),
};

export const WORK = {
  title: '市道華浦線舗装修繕工事',
  category: 'construction',
  tradeCode: '130',
  method: 'designated',
  location: '防府市華浦',
  amount: 22_000_000,
  contractDate: '2026-05-11',
  periodFrom: '2026-05-12',
  periodTo: '2026-09-30',
  bondKind: 'insurance',
  bondAmount: 2_200_000,
};

export interface EvaluationFixture<C extends Client = Client> {
  contract: C;
  admin: C;
  supervisor: C;
  inspector: C;
  general: C;
  otherSupervisor: C;
  ids: { supervisor: number; inspector: number; general: number; doboku: number; kenchiku: number };
}

/** Signs in the clerks and raters; adds a 総括監督員 (supervisor role) of 土木課 and one of 建築課. */
export async function evaluationFixture<C extends Client>(ds: DataSource, signIn: (loginId: string, password?: string) => Promise<C>): Promise<EvaluationFixture<C>> {
  const contract = await signIn('contract');
  const admin = await signIn('admin');
  const users = ds.getRepository(User);
  const departments = ds.getRepository(Department);
  const doboku = (await departments.findOneByOrFail({ code: 'DOBOKU' })).id;
  const kenchiku = (await departments.findOneByOrFail({ code: 'KENCHIKU' })).id;
  const password = 'hyoutei-soukatsu-2026';
  for (const [loginId, name, departmentId] of [['gsv', '総括 一郎', doboku], ['kensv', '建築 監督', kenchiku]] as const) {
    const res = await admin.post('/api/users', { loginId, name, departmentId, roles: ['supervisor'], password });
    if (res.status !== 201) throw new Error(`user ${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return {
    contract,
    admin,
    supervisor: await signIn('supervisor'),
    inspector: await signIn('inspector'),
    general: await signIn('gsv', password),
    otherSupervisor: await signIn('kensv', password),
    ids: {
      supervisor: (await users.findOneByOrFail({ loginId: 'supervisor' })).id,
      inspector: (await users.findOneByOrFail({ loginId: 'inspector' })).id,
      general: (await users.findOneByOrFail({ loginId: 'gsv' })).id,
      doboku,
      kenchiku,
    },
  };
}

/**
 * A contract of 土木課 run to 検査済 over HTTP: 決裁, 締結, 施工中, (an interim inspection), 完成,
 * completion inspection passed and approved — the approval opens the sheet.
 */
export async function inspectedContract(f: EvaluationFixture<Client>, vendorId: number, extra: Record<string, unknown> = {}, options: { interim?: boolean } = {}) {
  const { contract, admin, inspector } = f;
  const ok = (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  let d = ok(await contract.post('/api/contracts', { ...WORK, vendorId, departmentId: f.ids.doboku, supervisorId: f.ids.supervisor, ...extra }), 'create');
  d = ok(await contract.post(`/api/contracts/${d.id}/submit`, { version: d.version }), 'submit');
  d = ok(await admin.post(`/api/contracts/${d.id}/approve`, { version: d.version }), 'approve');
  d = ok(await contract.post(`/api/contracts/${d.id}/transition`, { to: 'concluded', version: d.version }), 'conclude');
  d = ok(await contract.post(`/api/contracts/${d.id}/transition`, { to: 'inProgress', version: d.version }), 'inProgress');
  const inspect = async (kind: string, date: string) => {
    d = ok(await contract.post(`/api/contracts/${d.id}/inspections`, { version: d.version, kind, scheduledDate: date, inspectorIds: [f.ids.inspector] }), `${kind} inspection`);
    const ins = d.inspections[d.inspections.length - 1];
    d = ok(await inspector.patch(`/api/contracts/${d.id}/inspections/${ins.id}`, { version: ins.version, inspectedDate: date, result: 'passed' }), 'inspect');
    const i2 = d.inspections.find((x: any) => x.id === ins.id);
    d = ok(await inspector.post(`/api/contracts/${d.id}/inspections/${ins.id}/submit`, { version: i2.version }), 'submit inspection');
    const i3 = d.inspections.find((x: any) => x.id === ins.id);
    d = ok(await admin.post(`/api/contracts/${d.id}/inspections/${ins.id}/approve`, { version: i3.version }), 'approve inspection');
  };
  if (options.interim) await inspect('interim', '2026-07-15');
  d = ok(await contract.post(`/api/contracts/${d.id}/transition`, { to: 'completed', version: d.version, date: '2026-09-25' }), 'complete');
  await inspect('completion', '2026-09-29');
  return d;
}

/** The sheet of a contract, found through the list. */
export async function sheetOf(client: Client, contractId: number) {
  const list = await client.get(`/api/evaluations?contractId=${contractId}`);
  const row = list.body.rows.find((r: any) => r.contractId === contractId);
  if (!row) return null;
  return (await client.get(`/api/evaluations/${row.id}`)).body;
}

export const partOf = (sheet: any, rater: string, seq = 0) => sheet.parts.find((p: any) => p.rater === rater && p.seq === seq);
