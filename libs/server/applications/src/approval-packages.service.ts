import { HttpStatus, Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, createPrivateKey, createPublicKey, KeyObject, randomUUID, sign, verify } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, AppException, badRequest, describeList, ExportColumn, ListQueryDto, ListSpec, notFound } from '@keiyaku/server/core';
import { AuditService } from '@keiyaku/server/audit';
import type { AuthUser } from '@keiyaku/server/auth';
import { RegistryApproval, RegistryApprovalResult, RegistryWriter } from '@keiyaku/server/vendors';
import { QualApplication } from './entities/application.entities';
import { QualAppPackage, QualPackageImport } from './entities/package.entities';

export const PACKAGE_FORMAT = 'keiyaku.qualification-approval';
export const PACKAGE_VERSION = 1;

/** What the portal signs: the approval as the registry writer takes it, and where it came from. */
export interface PackagePayload {
  application: { receiptNumber: string; kind: string; category: string; termCode: string; roundNo: number; decidedAt: string; decidedBy: string | null; note: string | null };
  approval: RegistryApproval;
}

export interface ApprovalPackage {
  format: string;
  version: number;
  packageId: string;
  issuedAt: string;
  keyId: string;
  payload: PackagePayload;
  /** Ed25519 over canonicalJson() of every other field, base64. */
  signature: string;
}

/** JSON with keys sorted at every level: the bytes signed do not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** A key from PEM or from base64 DER (PKCS#8 private, SPKI public): env variables hold one line better. */
function readKey(text: string, kind: 'private' | 'public'): KeyObject {
  const pem = text.includes('-----BEGIN');
  const source = pem ? text.replace(/\\n/g, '\n') : Buffer.from(text, 'base64');
  const key = kind === 'private'
    ? createPrivateKey(pem ? { key: source } : { key: source as Buffer, format: 'der', type: 'pkcs8' })
    : createPublicKey(pem ? { key: source } : { key: source as Buffer, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 ${kind} key`);
  return key;
}

/** The first 16 hex digits of SHA-256 over the public key (SPKI DER): names the key in a package. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

const refused = (status: HttpStatus, code: string, message: string) => new AppException(status, code, message);

const PACKAGE_LIST: ListSpec = {
  fields: {
    receiptNumber: { expr: 'p.receiptNumber', type: 'text', label: '受付番号' },
    packageId: { expr: 'p.packageId', type: 'text', label: 'パッケージID' },
    createdAt: { expr: 'p.createdAt', type: 'date', label: '作成日時' },
    downloadedAt: { expr: 'p.downloadedAt', type: 'date', label: '出力日時' },
  },
  searchPlain: ['p.receiptNumber', 'p.packageId'],
  defaultSort: 'createdAt:desc',
  tieBreaker: 'p.id',
};
const packageRow = (p: QualAppPackage) => ({
  id: p.id,
  applicationId: p.applicationId,
  packageId: p.packageId,
  receiptNumber: p.receiptNumber,
  keyId: p.keyId,
  companyName: ((p.content['payload'] as PackagePayload | undefined)?.approval.vendor.name) ?? null,
  createdAt: p.createdAt,
  downloadedAt: p.downloadedAt,
  downloadCount: p.downloadCount,
});
const PACKAGE_COLUMNS: ExportColumn<ReturnType<typeof packageRow>>[] = [
  { key: 'receiptNumber', header: '受付番号', value: (r) => r.receiptNumber },
  { key: 'companyName', header: '商号又は名称', value: (r) => r.companyName, width: 30 },
  { key: 'packageId', header: 'パッケージID', value: (r) => r.packageId, width: 38 },
  { key: 'createdAt', header: '作成日時', value: (r) => r.createdAt, type: 'datetime' },
  { key: 'downloadedAt', header: '出力日時', value: (r) => r.downloadedAt, type: 'datetime' },
];

/**
 * Split deployment (PORTAL_ONLY=true): an approval on the portal leaves as a package signed with
 * Ed25519 (node:crypto; keys in configuration). The contract system verifies the signature
 * against its configured public keys, refuses a package it has seen (replay), writes the
 * registry in one transaction and audits both the import and every refusal.
 */
@Injectable()
export class ApprovalPackagesService implements OnModuleInit {
  private signingKey: KeyObject | null = null;
  private signingKeyId: string | null = null;
  private readonly verifyKeys = new Map<string, KeyObject>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly writer: RegistryWriter,
  ) {}

  /** A bad key stops the start with a message naming the variable (as loadConfig does). */
  onModuleInit(): void {
    if (this.config.packageSigningKey) {
      try {
        this.signingKey = readKey(this.config.packageSigningKey, 'private');
      } catch (e) {
        throw new Error(`PACKAGE_SIGNING_KEY: not an Ed25519 private key (PEM or base64 PKCS#8): ${(e as Error).message}`);
      }
      this.signingKeyId = keyIdOf(createPublicKey(this.signingKey));
    }
    for (const [i, text] of this.config.packageVerifyKeys.entries()) {
      let key: KeyObject;
      try {
        key = readKey(text, 'public');
      } catch (e) {
        throw new Error(`PACKAGE_VERIFY_KEYS[${i}]: not an Ed25519 public key (PEM or base64 SPKI): ${(e as Error).message}`);
      }
      this.verifyKeys.set(keyIdOf(key), key);
    }
  }

  get portalOnly(): boolean {
    return this.config.portalOnly;
  }

  /** Signs an approval inside the approving transaction (the package exists iff the approval does). */
  async create(m: EntityManager, app: QualApplication, approval: RegistryApproval, note: string | null): Promise<QualAppPackage> {
    if (!this.signingKey || !this.signingKeyId) throw refused(HttpStatus.INTERNAL_SERVER_ERROR, 'PACKAGE_KEY_MISSING', '承認パッケージの署名鍵（PACKAGE_SIGNING_KEY）が設定されていません。システム管理者に連絡してください。');
    const unsigned = {
      format: PACKAGE_FORMAT,
      version: PACKAGE_VERSION,
      packageId: randomUUID(),
      issuedAt: new Date().toISOString(),
      keyId: this.signingKeyId,
      payload: {
        application: {
          receiptNumber: app.receiptNumber ?? '', kind: app.kind, category: app.category, termCode: app.termCode, roundNo: app.roundNo,
          decidedAt: (app.decidedAt ?? new Date()).toISOString(), decidedBy: app.decidedBy, note,
        },
        // The portal's own vendor ids mean nothing to the contract system: it matches by 法人番号.
        approval: { ...approval, vendorId: null },
      } satisfies PackagePayload,
    };
    const signature = sign(null, Buffer.from(canonicalJson(unsigned)), this.signingKey).toString('base64');
    return m.save(
      m.create(QualAppPackage, {
        applicationId: app.id, packageId: unsigned.packageId, receiptNumber: unsigned.payload.application.receiptNumber, keyId: unsigned.keyId,
        content: { ...unsigned, signature }, createdAt: new Date(), downloadedAt: null, downloadCount: 0,
      }),
    );
  }

  list(query: ListQueryDto) {
    const qb = this.dataSource.getRepository(QualAppPackage).createQueryBuilder('p');
    return describeList({ name: 'approval-packages', title: '承認パッケージ一覧', qb, query, spec: PACKAGE_LIST, map: packageRow, columns: PACKAGE_COLUMNS });
  }

  async forApplication(applicationId: number) {
    const rows = await this.dataSource.getRepository(QualAppPackage).find({ where: { applicationId }, order: { id: 'ASC' } });
    return rows.map(packageRow);
  }

  /** The file staff carry to the contract system; every download is counted and audited. */
  async download(id: number): Promise<{ name: string; body: string }> {
    const repo = this.dataSource.getRepository(QualAppPackage);
    const row = await repo.findOneBy({ id });
    if (!row) throw notFound('承認パッケージ');
    await repo.update({ id }, { downloadedAt: new Date(), downloadCount: row.downloadCount + 1 });
    await this.audit.record({ action: 'exportPackage', entity: 'QualAppPackage', entityId: row.id, summary: `承認パッケージの出力（受付番号 ${row.receiptNumber}、${row.packageId}）` });
    return { name: `承認パッケージ_${row.receiptNumber}.json`, body: JSON.stringify(row.content, null, 2) };
  }

  /** Checks a package: its shape, a known key, the signature; returns it typed. Throws a Japanese error. */
  verifyPackage(input: unknown): ApprovalPackage {
    const p = input as Partial<ApprovalPackage> | null;
    if (!p || typeof p !== 'object' || p.format !== PACKAGE_FORMAT) throw refused(HttpStatus.BAD_REQUEST, 'PACKAGE_INVALID', '承認パッケージの形式ではありません。ポータルから出力したファイルを選択してください。');
    if (p.version !== PACKAGE_VERSION) throw refused(HttpStatus.BAD_REQUEST, 'PACKAGE_INVALID', `承認パッケージの版（${String(p.version)}）に対応していません。`);
    if (typeof p.packageId !== 'string' || !/^[0-9a-f-]{36}$/.test(p.packageId) || typeof p.signature !== 'string' || typeof p.keyId !== 'string' || !p.payload?.approval?.vendor || !p.payload.application?.receiptNumber) {
      throw refused(HttpStatus.BAD_REQUEST, 'PACKAGE_INVALID', '承認パッケージの内容が不足しています。ファイルが壊れているおそれがあります。');
    }
    const key = this.verifyKeys.get(p.keyId);
    if (!key) throw refused(HttpStatus.BAD_REQUEST, 'PACKAGE_KEY_UNKNOWN', `承認パッケージの署名鍵（${p.keyId}）は登録されていません。ポータルの公開鍵を PACKAGE_VERIFY_KEYS に設定してください。`);
    const { signature, ...unsigned } = p as ApprovalPackage;
    const ok = verify(null, Buffer.from(canonicalJson(unsigned)), key, Buffer.from(signature, 'base64'));
    if (!ok) throw refused(HttpStatus.BAD_REQUEST, 'PACKAGE_SIGNATURE_INVALID', '承認パッケージの署名が一致しません。ファイルが改ざんされているおそれがあるため取り込みませんでした。');
    return p as ApprovalPackage;
  }

  /** 取込: verify, refuse a replay, write the registry and the ledger in one transaction. */
  async import(input: unknown, user: AuthUser): Promise<RegistryApprovalResult & { receiptNumber: string; packageId: string }> {
    if (this.config.portalOnly) throw badRequest('package', 'ポータル単独の構成では承認パッケージを取り込めません。契約システムで取り込んでください。');
    const described = (input as { packageId?: unknown; payload?: { application?: { receiptNumber?: unknown } } } | null) ?? null;
    try {
      const pkg = this.verifyPackage(input);
      const a = pkg.payload.application;
      const approvalKey = `${a.receiptNumber}#${a.decidedAt}`.slice(0, 60);
      return await this.dataSource.transaction(async (m) => {
        const seen = (await m.findOneBy(QualPackageImport, { packageId: pkg.packageId })) ?? (await m.findOneBy(QualPackageImport, { approvalKey }));
        if (seen) {
          throw refused(HttpStatus.CONFLICT, 'PACKAGE_REPLAYED', `この承認（受付番号 ${seen.receiptNumber}）は ${seen.importedAt.toISOString().slice(0, 10)} に取込済みです。同じパッケージは二度取り込めません。`);
        }
        const written = await this.writer.applyApproval(m, { ...pkg.payload.approval, vendorId: null, summary: `${pkg.payload.approval.summary}（承認パッケージ ${pkg.packageId} の取込）` });
        await m.save(m.create(QualPackageImport, { packageId: pkg.packageId, approvalKey, receiptNumber: a.receiptNumber, keyId: pkg.keyId, vendorId: written.vendorId, importedAt: new Date(), importedBy: user.loginId }));
        await this.audit.record({ action: 'importPackage', entity: 'QualPackageImport', entityId: pkg.packageId, summary: `承認パッケージの取込（受付番号 ${a.receiptNumber}、業者番号 ${written.vendorCode}）` }, m);
        return { ...written, receiptNumber: a.receiptNumber, packageId: pkg.packageId };
      });
    } catch (e) {
      // Every refusal leaves a trace, outside the rolled-back transaction.
      if (e instanceof AppException && e.code.startsWith('PACKAGE_')) {
        const receipt = typeof described?.payload?.application?.receiptNumber === 'string' ? described.payload.application.receiptNumber.slice(0, 20) : '不明';
        const id = typeof described?.packageId === 'string' ? described.packageId.slice(0, 36) : null;
        await this.audit.record({ action: 'refusePackage', entity: 'QualPackageImport', entityId: id, summary: `承認パッケージの取込を拒否（受付番号 ${receipt}）: ${e.message}`.slice(0, 300) });
      }
      throw e;
    }
  }

  /** The public key (base64 SPKI) matching the signing key: what the contract system configures. */
  publicKey(): { keyId: string; publicKey: string } | null {
    if (!this.signingKey || !this.signingKeyId) return null;
    return { keyId: this.signingKeyId, publicKey: createPublicKey(this.signingKey).export({ format: 'der', type: 'spki' }).toString('base64') };
  }
}
