import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { CorrectionRequest, diffSnapshots, formatJapaneseDateTime, staffCanDecide, stepsFor } from '@keiyaku/domain';
import { badgeClass, confirmDialog, errorMessage } from '@keiyaku/web/ui';
import { ApplicationsApi } from '../applications-api.service';
import { correctionLabel, FieldDef, FORM_SECTIONS, ReviewDetail, showField, STATUS_TONES } from '../models';
import { DecisionDialog, DecisionDialogData } from './text.dialog';

/** A changed path touches a displayed field when one is inside the other (arrays change as a whole). */
const touches = (changed: string, key: string) => changed === key || changed.startsWith(`${key}.`) || changed.startsWith(`${key}[`) || key.startsWith(`${changed}.`);

/**
 * 申請の審査: the application beside the registry's current values (differences marked), every
 * submitted round with what changed, the attachments, the review checklist, 補正依頼 per field
 * or attachment, and 認定 / 不認定.
 */
@Component({
  selector: 'ky-review-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './review.page.html',
  styleUrl: './review.page.scss',
})
export class ReviewPage {
  private readonly api = inject(ApplicationsApi);
  private readonly dialog = inject(MatDialog);

  readonly id = input.required<string>();
  readonly app = signal<ReviewDetail | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly error = signal<string | null>(null);
  readonly notice = signal<string | null>(null);
  /** The 補正依頼 being written: one row per field or attachment. */
  readonly drafts = signal<CorrectionRequest[]>([]);
  readonly checks = signal<Record<string, boolean>>({});

  readonly decidable = computed(() => staffCanDecide(this.app()?.status ?? ''));
  readonly statusBadge = computed(() => badgeClass(STATUS_TONES[this.app()?.status ?? ''] ?? 'neutral'));
  readonly sections = computed(() => {
    const a = this.app();
    if (!a) return [];
    const steps = stepsFor(a.category) as string[];
    return FORM_SECTIONS.filter((s) => steps.includes(s.step));
  });
  /** Paths changed by the vendor's latest resubmission (against the round before). */
  readonly changedSinceLast = computed(() => {
    const rounds = this.app()?.rounds ?? [];
    if (rounds.length < 2) return [] as string[];
    return diffSnapshots(rounds[rounds.length - 2].form, rounds[rounds.length - 1].form).map((d) => d.path);
  });
  /** Each round with the corrections asked of it and what the next round changed. */
  readonly history = computed(() => {
    const a = this.app();
    if (!a) return [];
    return a.rounds.map((r, i) => {
      const prev = i > 0 ? a.rounds[i - 1] : null;
      const changes = prev ? diffSnapshots(prev.form, r.form) : [];
      const attachments = a.attachments.filter((x) => x.roundNo === r.roundNo);
      return { ...r, changes: changes.map((d) => ({ path: d.path, label: this.pathLabel(d.path) })), attachments };
    });
  });
  readonly checkedCount = computed(() => Object.values(this.checks()).filter(Boolean).length);
  readonly checksDirty = computed(() => {
    const a = this.app();
    if (!a) return false;
    return a.reviewChecklist.some((c) => !!this.checks()[c.code] !== c.checked);
  });
  readonly missing = computed(() => (this.app()?.checklist ?? []).filter((i) => i.needed && i.attached === 0));

  constructor() {
    effect(() => {
      const id = Number(this.id());
      untracked(() => void this.load(id));
    });
  }

  async load(id = Number(this.id())): Promise<void> {
    this.loading.set(true);
    try {
      this.set(await this.api.get(id));
      this.error.set(null);
    } catch (e) {
      this.error.set(errorMessage(e));
    } finally {
      this.loading.set(false);
    }
  }

  private set(a: ReviewDetail): void {
    this.app.set(a);
    this.checks.set(Object.fromEntries(a.reviewChecklist.map((c) => [c.code, c.checked])));
  }

  fmt(v: string | null | undefined): string {
    return formatJapaneseDateTime(v ?? null);
  }

  show(def: FieldDef): string {
    return showField(def, this.app()?.form ?? {});
  }

  showRegistry(def: FieldDef): string {
    const value = this.registryRow(def.key)?.registry;
    if (value === null || value === undefined) return '';
    return def.showRegistry ? def.showRegistry(value) : value;
  }

  changed(key: string): boolean {
    return this.changedSinceLast().some((p) => touches(p, key));
  }

  /** The registry's comparison row for a field, when it has one. */
  registryRow(key: string) {
    return this.app()?.comparison.find((r) => r.field === key) ?? null;
  }

  pathLabel(path: string): string {
    for (const s of FORM_SECTIONS) {
      const f = s.fields.find((x) => touches(path, x.key));
      if (f) return `${s.name}: ${f.label}`;
    }
    return path;
  }

  correctionText(c: CorrectionRequest): string {
    return correctionLabel(c, this.app()?.checklist ?? []);
  }

  attachmentsOf(code: string) {
    return (this.app()?.attachments ?? []).filter((a) => a.itemCode === code);
  }

  packageUrl(rowId: number): string {
    return this.api.packageUrl(rowId);
  }

  fileUrl(attachmentId: number): string {
    return this.api.attachmentUrl(this.app()?.id ?? 0, attachmentId);
  }

  asked(target: 'field' | 'attachment', key: string): boolean {
    return this.drafts().some((d) => d.target === target && d.key === key);
  }

  ask(target: 'field' | 'attachment', key: string): void {
    if (!this.decidable() || this.asked(target, key)) return;
    this.drafts.update((d) => [...d, { target, key, comment: '' }]);
    this.notice.set(null);
  }

  setComment(i: number, comment: string): void {
    this.drafts.update((d) => d.map((x, j) => (j === i ? { ...x, comment } : x)));
  }

  unask(i: number): void {
    this.drafts.update((d) => d.filter((_, j) => j !== i));
  }

  toggle(code: string, checked: boolean): void {
    this.checks.update((c) => ({ ...c, [code]: checked }));
  }

  async saveChecklist(): Promise<void> {
    const a = this.app();
    if (!a) return;
    await this.run(async () => {
      this.set(await this.api.saveChecklist(a.id, a.version, this.checks()));
      this.notice.set('審査チェックリストを保存しました。');
    });
  }

  async sendCorrections(): Promise<void> {
    const a = this.app();
    if (!a) return;
    const items = this.drafts();
    const blank = items.findIndex((i) => !i.comment.trim());
    if (blank >= 0) {
      this.error.set(`補正依頼の${blank + 1}行目（${this.correctionText(items[blank])}）: 補正の内容を入力してください。`);
      return;
    }
    const ok = await confirmDialog(this.dialog, { title: '補正依頼', message: `${items.length}件の補正を依頼します。申請者にメールで通知され、申請者が修正して再提出するまで審査は止まります。`, ok: '補正を依頼' });
    if (!ok) return;
    await this.run(async () => {
      this.set(await this.api.requestCorrections(a.id, a.version, items.map((i) => ({ ...i, comment: i.comment.trim() }))));
      this.drafts.set([]);
      this.notice.set('補正を依頼しました。');
    });
  }

  async approve(): Promise<void> {
    const a = this.app();
    if (!a) return;
    const unchecked = a.reviewChecklist.filter((c) => !this.checks()[c.code]).length;
    const note = await this.ask$({
      title: '認定',
      message: `${a.companyName ?? ''} の${a.kindName}を認定し、${a.portalOnly ? '署名付きの承認パッケージを作成します（契約システムで取り込むと業者台帳に反映されます）' : '業者台帳（業者・許可・経審・資格・格付）に反映します'}。${unchecked ? `\n審査チェックリストに未確認の項目が${unchecked}件あります。` : ''}${this.missing().length ? `\n不足している添付書類があります。` : ''}`,
      label: 'メモ（任意）',
      ok: '認定する',
      required: false,
    });
    if (note === undefined) return;
    await this.run(async () => {
      const done = await this.api.approve(a.id, a.version, note || null);
      this.set(done);
      if (done.result?.packageId) {
        this.notice.set('認定しました。承認パッケージを作成しました。出力して契約システムで取り込んでください。');
        return;
      }
      const ranks = done.result?.qualifications.map((q) => `${q.tradeCode}: ${q.rank ?? '格付なし'}`).join('、');
      this.notice.set(`認定しました。業者番号 ${done.result?.vendorCode ?? ''}${ranks ? `（${ranks}）` : ''}`);
    });
  }

  async reject(): Promise<void> {
    const a = this.app();
    if (!a) return;
    const reason = await this.ask$({ title: '不認定', message: '不認定の理由は申請者に通知されます。', label: '不認定の理由', ok: '不認定にする', required: true });
    if (!reason) return;
    await this.run(async () => {
      this.set(await this.api.reject(a.id, a.version, reason));
      this.notice.set('不認定にしました。');
    });
  }

  private ask$(data: DecisionDialogData): Promise<string | undefined> {
    return firstValueFrom(this.dialog.open<DecisionDialog, DecisionDialogData, string>(DecisionDialog, { data, width: '520px' }).afterClosed());
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.notice.set(null);
    try {
      await action();
    } catch (e) {
      this.error.set(errorMessage(e));
    } finally {
      this.busy.set(false);
    }
  }
}
