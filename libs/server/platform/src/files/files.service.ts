import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { ERROR_CODES } from '@keiyaku/domain';
import { APP_CONFIG, AppConfig, AppException, notFound, SettingsService } from '@keiyaku/server/core';
import type { AuthUser } from '@keiyaku/server/auth';
import { detectKind, FILE_KINDS, FileKind } from './file-kinds';
import { StoredFile } from './stored-file.entity';

export interface FilePurpose {
  /** The kinds an upload for this purpose may be. */
  kinds: readonly FileKind[];
  /** Who besides the owner and administrators may download (e.g. anyone who may read vendors). */
  canRead?: (file: StoredFile, user: AuthUser) => boolean | Promise<boolean>;
}

const rejected = (message: string) => new AppException(HttpStatus.BAD_REQUEST, ERROR_CODES.validation, message, [{ field: 'file', message }]);

/**
 * Uploads and generated files under FILES_DIR, a row each with size, SHA-256 and the content
 * type detected from the bytes. Downloads are checked against the owner and the purpose.
 */
@Injectable()
export class FilesService {
  private readonly purposes = new Map<string, FilePurpose>([
    ['upload', { kinds: ['pdf', 'jpeg', 'png', 'xlsx', 'csv'] }],
    // Server outputs (exports, reports run as jobs): never uploaded, read by their owner.
    ['generated', { kinds: [] }],
  ]);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  registerPurpose(name: string, purpose: FilePurpose): void {
    this.purposes.set(name, purpose);
  }

  private root(): string {
    return resolve(this.config.filesDir);
  }

  private path(file: Pick<StoredFile, 'storageKey'>): string {
    return join(this.root(), file.storageKey);
  }

  async maxBytes(): Promise<number> {
    return (await this.settings.get<number>('files.maxUploadMb')) * 1024 * 1024;
  }

  /** Checks and keeps an uploaded file (already on disk at `tmpPath`, e.g. from multer). */
  async storeUpload(input: { tmpPath: string; name: string; purpose: string; owner: AuthUser }): Promise<StoredFile> {
    try {
      const purpose = this.purposes.get(input.purpose);
      if (!purpose || purpose.kinds.length === 0) throw rejected(`用途「${input.purpose}」のファイルはアップロードできません。`);
      const { size } = await stat(input.tmpPath);
      const max = await this.maxBytes();
      if (size === 0) throw rejected('ファイルが空です。');
      if (size > max) throw rejected(`ファイルが大きすぎます（上限 ${Math.floor(max / 1024 / 1024)}MB）。`);
      const head = Buffer.alloc(Math.min(size, 4096));
      const fh = await open(input.tmpPath, 'r');
      try {
        await fh.read(head, 0, head.length, 0);
      } finally {
        await fh.close();
      }
      const kind = detectKind(input.name, head, purpose.kinds);
      if (!kind) {
        const allowed = purpose.kinds.map((k) => FILE_KINDS[k].label).join('、');
        throw rejected(`「${input.name}」は受け付けられません。ファイルの内容が拡張子と一致しないか、対応していない形式です（受付: ${allowed}）。`);
      }
      return await this.keep(createReadStream(input.tmpPath), {
        name: input.name,
        contentType: FILE_KINDS[kind].mime,
        purpose: input.purpose,
        ownerId: input.owner.id,
      });
    } finally {
      await rm(input.tmpPath, { force: true });
    }
  }

  /** Keeps a file the server produced (an export, a report run as a job). */
  async storeGenerated(source: Readable | Buffer, meta: { name: string; contentType: string; ownerId: number | null }, manager?: EntityManager): Promise<StoredFile> {
    return this.keep(Buffer.isBuffer(source) ? Readable.from([source]) : source, { ...meta, purpose: 'generated' }, manager);
  }

  private async keep(
    source: Readable,
    meta: { name: string; contentType: string; purpose: string; ownerId: number | null },
    manager?: EntityManager,
  ): Promise<StoredFile> {
    const now = new Date();
    const storageKey = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
    const target = join(this.root(), storageKey);
    await mkdir(dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const partial = `${target}.part`;
    await pipeline(
      source,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(partial),
    );
    await rename(partial, target);
    try {
      const repo = (manager ?? this.dataSource.manager).getRepository(StoredFile);
      return await repo.save(repo.create({ name: meta.name.slice(0, 300), size, sha256: hash.digest('hex'), contentType: meta.contentType, purpose: meta.purpose, ownerId: meta.ownerId, storageKey }));
    } catch (e) {
      await rm(target, { force: true });
      throw e;
    }
  }

  /** The file's row, if this user may read it (404 otherwise: no hint that it exists). */
  async readable(id: number, user: AuthUser): Promise<StoredFile> {
    const file = await this.dataSource.getRepository(StoredFile).findOneBy({ id });
    if (!file) throw notFound('ファイル');
    if (file.ownerId === user.id || user.roles.includes('admin')) return file;
    const purpose = this.purposes.get(file.purpose);
    if (purpose?.canRead && (await purpose.canRead(file, user))) return file;
    throw notFound('ファイル');
  }

  /** For callers that have checked access themselves (a job's owner, a vendor's attachment). */
  async byId(id: number): Promise<StoredFile> {
    const file = await this.dataSource.getRepository(StoredFile).findOneBy({ id });
    if (!file) throw notFound('ファイル');
    return file;
  }

  /** A feature takes over an upload (e.g. attached to a vendor), changing who may read it. */
  async setPurpose(id: number, purpose: string, manager?: EntityManager): Promise<void> {
    if (!this.purposes.has(purpose)) throw new Error(`unknown file purpose ${purpose}`);
    await (manager ?? this.dataSource.manager).update(StoredFile, { id }, { purpose });
  }

  openStream(file: StoredFile): Readable {
    return createReadStream(this.path(file));
  }
}
