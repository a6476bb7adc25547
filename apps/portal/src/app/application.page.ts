import { DatePipe } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, ChangeDetectorRef, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { FORM_STEPS } from '@keiyaku/domain';
import { apiErrorOf, errorMessage } from '@keiyaku/web/ui';
import { PortalApi, PortalApplication, PortalOptions } from './portal-api.service';

const ATTACHMENTS = 'attachments';
const CONFIRM = 'confirm';

/** Empty values of each step, so every input has something to bind to. */
function withDefaults(form: Record<string, any>, email: string): Record<string, any> {
  const f = JSON.parse(JSON.stringify(form ?? {}));
  f.company ??= { corporateNumber: null, entityType: 'corporation', name: '', nameKana: '', postalCode: '', address: '', phone: '', fax: null, email, capitalThousandYen: null };
  f.representative ??= { representativeTitle: '', representativeName: '', contactName: '', contactPhone: '' };
  f.offices ??= { offices: [] };
  f.permits ??= { permits: [] };
  if (!f.permits.permits.length) f.permits.permits.push({ tradeCode: '', grade: 'general', issuer: 'governor', issuerPrefecture: '山口県', permitNumber: '', permitDate: '', expiresOn: '' });
  f.keishin ??= { baseDate: '', noticeDate: null, x2: null, y: null, w: null, scores: [{ tradeCode: '', x1: null, z: null }] };
  f.staff ??= { total: null, construction: null, technical: null, other: null };
  f.trades ??= { trades: [{ tradeCode: '', grade: 'general' }] };
  f.local ??= { locality: 'local', neighbourhoodAssociation: '', subjectiveItems: [] };
  f.declarations ??= { noExclusion: false, truthful: false, taxPaid: false };
  return f;
}

/** Empty text becomes null (the server stores no empty strings). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
  return value === '' ? null : value;
}

/** One application: the form step by step (saved at each step), attachments, submission, corrections. */
@Component({
  selector: 'ky-portal-application-page',
  imports: [FormsModule, DatePipe, RouterLink, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatCheckboxModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './application.page.html',
  styleUrl: './application.page.scss',
})
export class PortalApplicationPage implements OnInit {
  private readonly api = inject(PortalApi);
  private readonly http = inject(HttpClient);
  private readonly route = inject(ActivatedRoute);
  private readonly cd = inject(ChangeDetectorRef);
  readonly app = signal<PortalApplication | null>(null);
  readonly options = signal<PortalOptions | null>(null);
  readonly step = signal<string>('company');
  readonly error = signal<string | null>(null);
  readonly problems = signal<Array<{ field: string; message: string }>>([]);
  readonly notice = signal<string | null>(null);
  readonly busy = signal(false);
  model: Record<string, any> = {};

  readonly editable = computed(() => ['draft', 'correction'].includes(this.app()?.status ?? ''));
  readonly steps = computed(() => {
    const a = this.app();
    if (!a) return [];
    return [...a.steps.map((code) => ({ code, name: FORM_STEPS.find((s) => s.code === code)?.name ?? code })), { code: ATTACHMENTS, name: '添付書類' }, { code: CONFIRM, name: '確認・提出' }];
  });
  readonly trades = computed(() => this.options()?.byCategory[this.app()?.category ?? 'construction']?.trades ?? []);
  readonly subjectiveItems = computed(() => this.options()?.byCategory[this.app()?.category ?? 'construction']?.subjectiveItems ?? []);

  async ngOnInit(): Promise<void> {
    const id = Number(this.route.snapshot.paramMap.get('id'));
    try {
      const [app, options] = await Promise.all([this.api.get<PortalApplication>(`/api/portal/applications/${id}`), this.api.get<PortalOptions>('/api/portal/options')]);
      this.options.set(options);
      this.load(app);
      if (!this.editable()) this.step.set(CONFIRM);
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  private load(app: PortalApplication): void {
    this.app.set(app);
    this.model = withDefaults(app.form, this.api.account()?.email ?? '');
    this.cd.markForCheck();
  }

  correctionFor(key: string): string | null {
    const c = this.app()?.corrections.filter((x) => x.key === key || x.key.startsWith(`${key}.`)) ?? [];
    return c.length ? c.map((x) => x.comment).join(' ') : null;
  }

  stepHasCorrection(code: string): boolean {
    return (this.app()?.corrections ?? []).some((c) => (c.target === 'field' ? c.key.split('.')[0] === code : code === ATTACHMENTS));
  }

  go(code: string): void {
    this.problems.set([]);
    this.error.set(null);
    this.notice.set(null);
    this.step.set(code);
  }

  /** 保存して次へ: the step is checked and saved as a draft. */
  async save(next = true): Promise<void> {
    const app = this.app()!;
    const code = this.step();
    this.busy.set(true);
    this.error.set(null);
    this.problems.set([]);
    try {
      const saved = await this.api.put<PortalApplication>(`/api/portal/applications/${app.id}/steps/${code}`, { version: app.version, value: clean(this.model[code]) });
      this.load(saved);
      this.notice.set('保存しました。');
      if (next) {
        const list = this.steps();
        const i = list.findIndex((s) => s.code === code);
        this.step.set(list[Math.min(i + 1, list.length - 1)].code);
      }
    } catch (err) {
      this.error.set(errorMessage(err));
      this.problems.set(apiErrorOf(err)?.errors ?? []);
    } finally {
      this.busy.set(false);
    }
  }

  addRow(list: unknown[], row: unknown): void {
    list.push(row);
  }
  removeRow(list: unknown[], i: number): void {
    list.splice(i, 1);
  }
  toggleItem(code: string, on: boolean): void {
    const items: string[] = this.model['local'].subjectiveItems;
    this.model['local'].subjectiveItems = on ? [...new Set([...items, code])] : items.filter((c) => c !== code);
  }

  attachmentsOf(code: string) {
    return (this.app()?.attachments ?? []).filter((a) => a.itemCode === code);
  }

  async upload(itemCode: string, input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    const app = this.app()!;
    const body = new FormData();
    body.append('itemCode', itemCode);
    body.append('file', file, file.name);
    this.error.set(null);
    try {
      await firstValueFrom(this.http.post(`/api/portal/applications/${app.id}/attachments`, body));
      this.load(await this.api.get<PortalApplication>(`/api/portal/applications/${app.id}`));
      this.notice.set(`「${file.name}」を添付しました。`);
    } catch (err) {
      this.error.set(errorMessage(err));
    } finally {
      input.value = '';
    }
  }

  async removeAttachment(id: number): Promise<void> {
    const app = this.app()!;
    try {
      await this.api.delete(`/api/portal/applications/${app.id}/attachments/${id}`);
      this.load(await this.api.get<PortalApplication>(`/api/portal/applications/${app.id}`));
    } catch (err) {
      this.error.set(errorMessage(err));
    }
  }

  async submit(): Promise<void> {
    const app = this.app()!;
    this.busy.set(true);
    this.error.set(null);
    this.problems.set([]);
    try {
      this.load(await this.api.post<PortalApplication>(`/api/portal/applications/${app.id}/submit`, { version: app.version }));
      this.notice.set(`申請を受け付けました。受付番号: ${this.app()?.receiptNumber}`);
    } catch (err) {
      this.error.set(errorMessage(err));
      this.problems.set(apiErrorOf(err)?.errors ?? []);
    } finally {
      this.busy.set(false);
    }
  }

  receiptUrl(): string {
    return `/api/portal/applications/${this.app()?.id}/receipt`;
  }
}
