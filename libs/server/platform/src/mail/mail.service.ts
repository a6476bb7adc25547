import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, EntityManager, IsNull, LessThanOrEqual, Or } from 'typeorm';
import { APP_CONFIG, AppConfig, describeList, ExportColumn, ListQueryDto, ListSpec, notFound, SettingsService } from '@keiyaku/server/core';
import { LockService } from '../locks/lock.service';
import { MailMessage } from './mail-message.entity';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  relatedEntity?: string;
  relatedId?: string | number;
}

export const MAIL_LIST: ListSpec = {
  fields: {
    id: { expr: 'm.id', type: 'number', label: '番号' },
    toAddress: { expr: 'm.toAddress', type: 'text', label: '宛先' },
    subject: { expr: 'm.subject', type: 'text', label: '件名' },
    status: { expr: 'm.status', type: 'text', label: '状態' },
    attempts: { expr: 'm.attempts', type: 'number', label: '送信回数' },
    createdAt: { expr: 'm.createdAt', type: 'date', label: '登録日時' },
    sentAt: { expr: 'm.sentAt', type: 'date', label: '送信日時' },
  },
  searchPlain: ['m.toAddress', 'm.subject'],
  defaultSort: 'id:desc',
  tieBreaker: 'm.id',
};

const mailView = (m: MailMessage) => ({ ...m, body: m.body.text });
const MAIL_STATUS_NAMES: Record<string, string> = { pending: '未送信', sent: '送信済', failed: '送信失敗' };

const MAIL_EXPORT_COLUMNS: ExportColumn<ReturnType<typeof mailView>>[] = [
  { key: 'id', header: '番号', type: 'number', value: (m) => m.id },
  { key: 'toAddress', header: '宛先', width: 28, value: (m) => m.toAddress },
  { key: 'subject', header: '件名', width: 36, value: (m) => m.subject },
  { key: 'status', header: '状態', width: 9, value: (m) => MAIL_STATUS_NAMES[m.status] ?? m.status },
  { key: 'attempts', header: '送信回数', type: 'number', value: (m) => m.attempts },
  { key: 'nextAttemptAt', header: '次回送信', type: 'datetime', value: (m) => m.nextAttemptAt },
  { key: 'lastError', header: '最後のエラー', width: 36, value: (m) => m.lastError },
  { key: 'createdAt', header: '登録日時', type: 'datetime', value: (m) => m.createdAt },
  { key: 'sentAt', header: '送信日時', type: 'datetime', value: (m) => m.sentAt },
];

/** Minutes to wait before attempt n+1: 1, 2, 4, 8 … capped at one hour. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1));
}

/**
 * Notifications are written to the outbox in the same transaction as the business change.
 * When SMTP is configured they are sent with retries; otherwise they wait, visible to admins.
 */
@Injectable()
export class MailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailService');
  private transport: Transporter | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
    private readonly locks: LockService,
  ) {}

  get smtpConfigured(): boolean {
    return !!this.config.smtp;
  }

  onApplicationBootstrap(): void {
    if (!this.config.smtp || this.config.env === 'test') return;
    this.timer = setInterval(() => void this.sendDue().catch((e) => this.logger.error(e)), 15_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.transport?.close();
  }

  async queue(mail: OutgoingMail, manager?: EntityManager): Promise<MailMessage> {
    const repo = (manager ?? this.dataSource.manager).getRepository(MailMessage);
    return repo.save(
      repo.create({
        toAddress: mail.to,
        subject: mail.subject.slice(0, 300),
        body: { text: mail.text },
        status: 'pending',
        attempts: 0,
        lastError: null,
        nextAttemptAt: new Date(),
        relatedEntity: mail.relatedEntity ?? null,
        relatedId: mail.relatedId === undefined ? null : String(mail.relatedId),
        createdAt: new Date(),
        sentAt: null,
      }),
    );
  }

  private smtp(): Transporter {
    const s = this.config.smtp!;
    this.transport ??= createTransport({
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.user ? { user: s.user, pass: s.password ?? '' } : undefined,
      connectionTimeout: 10_000,
      // Closed-network relays often present internal certificates.
      tls: { rejectUnauthorized: false },
    });
    return this.transport;
  }

  /** Sends what is due; one API instance at a time (database lock). Returns how many were sent. */
  async sendDue(): Promise<number> {
    if (!this.config.smtp) return 0;
    let sent = 0;
    await this.locks.runExclusive('mail-sender', 5 * 60_000, async () => {
      const repo = this.dataSource.getRepository(MailMessage);
      const due = await repo.find({
        where: { status: 'pending', nextAttemptAt: Or(IsNull(), LessThanOrEqual(new Date())) },
        order: { id: 'ASC' },
        take: 50,
      });
      const from = await this.settings.get<string>('mail.from');
      const maxAttempts = await this.settings.get<number>('mail.maxAttempts');
      for (const m of due) {
        try {
          await this.smtp().sendMail({ from, to: m.toAddress, subject: m.subject, text: m.body.text });
          await repo.update({ id: m.id }, { status: 'sent', attempts: m.attempts + 1, sentAt: new Date(), lastError: null, nextAttemptAt: null });
          sent++;
        } catch (e) {
          const attempts = m.attempts + 1;
          const failed = attempts >= maxAttempts;
          await repo.update(
            { id: m.id },
            {
              status: failed ? 'failed' : 'pending',
              attempts,
              lastError: String(e instanceof Error ? e.message : e).slice(0, 1000),
              nextAttemptAt: failed ? null : new Date(Date.now() + retryDelayMinutes(attempts) * 60_000),
            },
          );
        }
      }
    });
    return sent;
  }

  list(query: ListQueryDto) {
    const qb = this.dataSource.getRepository(MailMessage).createQueryBuilder('m');
    return describeList({ name: 'mail-outbox', title: 'メール送信状況', qb, query, spec: MAIL_LIST, map: mailView, columns: MAIL_EXPORT_COLUMNS });
  }

  /** An administrator sends a failed message again. */
  async retry(id: number): Promise<void> {
    const res = await this.dataSource.getRepository(MailMessage).update({ id }, { status: 'pending', attempts: 0, nextAttemptAt: new Date(), lastError: null });
    if (!res.affected) throw notFound('メール');
  }
}
