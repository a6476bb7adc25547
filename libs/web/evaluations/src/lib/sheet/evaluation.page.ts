import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import {
  calculateEvaluation,
  ERROR_CODES,
  EVALUATION_STATUS_LABELS,
  EvaluationResult,
  EvaluationRuleError,
  EXPLANATION_KIND_LABELS,
  formatJapaneseDate,
  RATER_PART_STATUS_LABELS,
  RaterEntries,
  RaterScore,
  raterScore,
  todayInJapan,
} from '@keiyaku/domain';
import { badgeClass, confirmDialog, errorCode, errorMessage, fieldErrors, JapaneseDatePipe, JapaneseDateTimePipe, ReportPreviewService } from '@keiyaku/web/ui';
import { EvaluationsApi } from '../evaluations-api.service';
import { askFields } from '../fields.dialog';
import { conflictMessage, EvaluationDetail, EvaluationPart, EVALUATION_STATUS_TONES, ExplanationRequest, formatPoints, formatScore, formatYen, RuleSet } from '../models';
import { EvaluationPartComponent } from './part-panel.component';

const NOT_FOUND = 'この工事成績評定は登録されていないか、閲覧できません。';
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});

/** 評定表: contract facts, one panel per rater, the live score, and the managers' actions. */
@Component({
  selector: 'ky-evaluation-page',
  imports: [
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatTooltipModule,
    JapaneseDatePipe,
    JapaneseDateTimePipe,
    EvaluationPartComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/evaluations">工事成績評定</a> ＞ {{ sheet()?.contractNumber ?? '' }}</nav>
      @if (loading() && !sheet()) {
        <mat-progress-bar mode="indeterminate" aria-label="読み込み中" />
      }
      @if (error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (sheet(); as e) {
        <header class="head">
          <h1 class="ky-page-title">{{ e.title }}</h1>
          <span [class]="statusBadge()" role="status" aria-label="状態">{{ statusLabel() }}</span>
          @if (e.revision > 1) {
            <span class="ky-badge ky-badge--warn">第{{ e.revision }}版（訂正）</span>
          }
          @if (e.finalScore !== null) {
            <span class="final" data-figure="finalScore" aria-label="評定点">評定点 <b>{{ formatScore(e.finalScore) }}</b>@if (e.band) {<span class="band" data-figure="band">評定 {{ e.band }}</span>}</span>
          }
          <span class="spacer"></span>
          <a mat-button [routerLink]="['/contracts', e.contractId]" [queryParams]="{ tab: 'rating' }"><mat-icon>description</mat-icon>契約 {{ e.contractNumber }}</a>
          <a mat-button routerLink="/evaluations"><mat-icon>list</mat-icon>一覧へ戻る</a>
        </header>
        <dl class="facts">
          <div><dt>契約番号</dt><dd>{{ e.contractNumber }}</dd></div>
          <div><dt>受注者</dt><dd>{{ e.vendorName }}</dd></div>
          <div><dt>担当課</dt><dd>{{ e.departmentName }}</dd></div>
          <div><dt>業種</dt><dd>{{ e.tradeName ?? e.tradeCode }}</dd></div>
          <div><dt>契約金額（税込）</dt><dd>{{ formatYen(e.amount) }}</dd></div>
          <div><dt>工期</dt><dd>{{ e.periodFrom | japaneseDate }} 〜 {{ e.periodTo | japaneseDate }}</dd></div>
          <div><dt>完成日</dt><dd>{{ e.completedOn | japaneseDate }}</dd></div>
          <div><dt>評定日（検査日）</dt><dd>{{ e.evaluatedOn | japaneseDate }}</dd></div>
          <div><dt>評定要領</dt><dd>{{ e.ruleCode }}</dd></div>
          <div><dt>承認</dt><dd>{{ e.approvedAt ? (e.approvedAt | japaneseDateTime) + ' ' + (e.approvedByName ?? '') : '—' }}</dd></div>
          <div><dt>通知日</dt><dd>{{ e.noticeDate ? (e.noticeDate | japaneseDate) : '—' }}</dd></div>
          <div><dt>説明請求の期限</dt><dd>{{ e.explanationDeadline ? (e.explanationDeadline | japaneseDate) : '—' }}</dd></div>
          @if (e.correctionReason) {
            <div class="wide"><dt>訂正の理由</dt><dd>{{ e.correctionReason }}</dd></div>
          }
        </dl>
        <div class="toolbar" role="group" aria-label="帳票と操作">
          <button mat-stroked-button type="button" (click)="print('evaluation-score-sheet', '工事成績採点表')"><mat-icon>print</mat-icon>工事成績採点表</button>
          <button mat-stroked-button type="button" (click)="print('evaluation-detail-sheet', '細目別評定点採点表')"><mat-icon>print</mat-icon>細目別評定点採点表</button>
          @if (e.status === 'approved' || e.status === 'superseded') {
            <button mat-stroked-button type="button" (click)="print('evaluation-notice', '工事成績評定通知書')"><mat-icon>print</mat-icon>工事成績評定通知書</button>
          }
          @if (e.can.manage) {
            <span class="spacer"></span>
            @if (e.status === 'rating' || e.status === 'submitted') {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="assign()"><mat-icon>group</mat-icon>評定者の割当</button>
              <button mat-flat-button type="button" [disabled]="busy() || e.status !== 'submitted'" [matTooltip]="e.status !== 'submitted' ? '全ての評定者が提出してから確定できます。' : ''" (click)="confirm()">
                <mat-icon>verified</mat-icon>確定
              </button>
            }
            @if (e.status === 'approved') {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="notice()"><mat-icon>mail</mat-icon>通知日の登録</button>
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="correct()"><mat-icon>edit_note</mat-icon>訂正（新しい版）</button>
            }
          }
          @if (e.previousId) {
            <a mat-button [routerLink]="['/evaluations', e.previousId]"><mat-icon>history</mat-icon>前の版</a>
          }
        </div>
        @if (actionError(); as message) {
          <p class="ky-error" role="alert">{{ message }}</p>
        }
        @if (!rule()) {
          <mat-progress-bar mode="indeterminate" aria-label="評定要領を読み込み中" />
        }
        @if (rule(); as r) {
          <div class="layout">
            <div class="parts">
              @for (p of e.parts; track p.id) {
                <section class="part" [class.mine]="p.mine" [attr.aria-label]="p.raterLabel + 'の評定'" [attr.data-part]="p.rater">
                  <header class="part-head">
                    <h2>{{ p.raterLabel }}</h2>
                    <span class="who">{{ p.userName ?? '未割当' }}</span>
                    <span [class]="partBadge(p)" role="status" [attr.aria-label]="p.raterLabel + 'の状態'">{{ partStatus(p) }}</span>
                    @if (p.score !== null) {
                      <span class="score">{{ formatScore(p.score) }}</span>
                    }
                    <span class="spacer"></span>
                    @if (editable(p)) {
                      @if (dirty(p)) {
                        <span class="note" role="status">未保存の変更があります</span>
                      }
                      <button mat-stroked-button type="button" [disabled]="busy() || !dirty(p)" (click)="save(p)"><mat-icon>save</mat-icon>下書き保存</button>
                      <button mat-flat-button type="button" [disabled]="busy()" (click)="submit(p)"><mat-icon>send</mat-icon>提出</button>
                    }
                    @if (e.can.manage && p.status === 'submitted' && e.status !== 'approved' && e.status !== 'superseded') {
                      <button mat-stroked-button type="button" [disabled]="busy()" (click)="returnPart(p)"><mat-icon>undo</mat-icon>差戻し</button>
                    }
                  </header>
                  @if (p.returnComment && p.status === 'draft') {
                    <p class="returned" role="note">差戻しの理由: {{ p.returnComment }}</p>
                  }
                  @if (p.entries !== null || editable(p)) {
                    <ky-evaluation-part
                      [definition]="r.definition"
                      [rater]="p.rater"
                      [entries]="entriesOf(p)"
                      [scores]="liveOf(p)?.criteria ?? []"
                      [editable]="editable(p)"
                      (entriesChange)="edit(p, $event)"
                    />
                    @if (partErrors()[p.id]; as message) {
                      <p class="ky-error" role="alert">{{ message }}</p>
                    }
                  } @else {
                    <p class="hidden-part">{{ p.raterLabel }}の評定内容は担当者（{{ p.userName ?? '未割当' }}）のみが確認できます（承認後に公開されます）。</p>
                  }
                </section>
              }
              <section class="part" aria-label="法令遵守等">
                <header class="part-head"><h2>法令遵守等（減点）</h2><span class="spacer"></span>
                  @if (e.can.editDeduction) {
                    <button mat-stroked-button type="button" [disabled]="busy() || !deductionDirty()" (click)="saveDeduction()"><mat-icon>save</mat-icon>減点を保存</button>
                  }
                </header>
                @if (e.deductionSuggestion.measures.length) {
                  <p class="note">業者台帳の措置（工期中）: 
                    @for (m of e.deductionSuggestion.measures; track m.id) {
                      <span class="measure">{{ m.kindName }} {{ m.startDate | japaneseDate }}@if (m.days) {（{{ m.days }}日）}@if (m.suggestedKey) { → 提案: {{ deductionLabel(m.suggestedKey) }}}</span>
                    }
                  </p>
                } @else {
                  <p class="note">工期中の指名停止等の措置は業者台帳にありません。</p>
                }
                <div class="deductions" role="group" aria-label="法令遵守等の減点">
                  @for (d of r.definition.deductions; track d.key) {
                    <mat-checkbox [checked]="deductionKeys().includes(d.key)" [disabled]="!e.can.editDeduction" (change)="toggleDeduction(d.key, $event.checked)">
                      {{ d.label }}（{{ formatPoints(d.points) }}）@if (e.deductionSuggestion.keys.includes(d.key)) {<span class="suggested">台帳より提案</span>}
                    </mat-checkbox>
                  }
                </div>
                @if (e.can.editDeduction) {
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="full">
                    <mat-label>減点の理由</mat-label>
                    <textarea matInput rows="2" [ngModel]="deductionReason()" (ngModelChange)="deductionReason.set($event)" maxlength="1000"></textarea>
                    <mat-hint>提案と異なる減点にするときは理由が必要です。</mat-hint>
                  </mat-form-field>
                } @else if (e.deductionReason) {
                  <p class="note">理由: {{ e.deductionReason }}</p>
                }
              </section>
            </div>
            <aside class="live" aria-label="評定点（入力中の内容で計算）" role="region">
              <h2>評定点の計算</h2>
              <p class="note">入力中の内容で、サーバーと同じ計算式により表示しています。</p>
              @if (liveError(); as message) {
                <p class="ky-error" role="alert">{{ message }}</p>
              }
              @for (s of liveRaters(); track s.partId) {
                <div class="line" [attr.data-live]="s.rater"><span>{{ s.label }}</span><b>{{ formatScore(s.score.score) }}</b></div>
                <div class="sub">{{ baseFormula(s.score.points) }}@if (s.score.missing.length) {（未評定 {{ s.score.missing.length }}項目）}</div>
              }
              @if (live(); as l) {
                <hr />
                @for (step of l.steps.slice(3); track step.label) {
                  <div class="line"><span>{{ step.label }}</span><b>{{ step.value }}</b></div>
                  <div class="sub">{{ step.formula }}</div>
                }
                <div class="line total" data-live="final"><span>評定点</span><b>{{ formatScore(l.final) }}</b></div>
                @if (l.band) {
                  <div class="line" data-live="band"><span>評定</span><b>{{ l.band }}</b></div>
                }
                @if (!l.complete) {
                  <p class="note">未評定の項目があります（確定前の参考値）。</p>
                }
              } @else if (!liveRaters().length) {
                <p class="note">評定点は承認後に公開されます。</p>
              }
            </aside>
          </div>
        }
        <section class="explanations" aria-label="説明請求">
          <div class="tab-toolbar">
            <h2>説明請求</h2><span class="spacer"></span>
            @if (e.can.manage && e.noticeDate && e.status === 'approved') {
              <button mat-stroked-button type="button" [disabled]="busy()" (click)="registerExplanation()"><mat-icon>add</mat-icon>説明請求を登録</button>
            }
          </div>
          @if (e.explanationRequests.length) {
            <table class="ky-table" aria-label="説明請求">
              <thead><tr><th>種別</th><th>受付日</th><th>内容</th><th>回答期限</th><th>回答</th><th>状態</th><th></th></tr></thead>
              <tbody>
                @for (x of e.explanationRequests; track x.id) {
                  <tr>
                    <td>{{ kindLabel(x) }}</td>
                    <td>{{ x.receivedOn | japaneseDate }}</td>
                    <td class="text">{{ x.content }}</td>
                    <td>{{ x.dueOn | japaneseDate }}</td>
                    <td class="text">{{ x.answer ?? '' }}@if (x.answeredOn) {<br /><span class="note">{{ x.answeredOn | japaneseDate }} {{ x.answeredBy ?? '' }}</span>}@if (x.answerFileId) {<br /><a class="file-link" [href]="'/api/files/' + x.answerFileId + '/content'" download>{{ x.answerFileName ?? '回答文書' }}</a>}</td>
                    <td>{{ x.status === 'open' ? '回答待ち' : x.status === 'answered' ? '回答済' : '取下げ' }}</td>
                    <td class="actions">
                      @if (e.can.manage && x.status === 'open') {
                        <button mat-button type="button" (click)="answer(x)">回答を登録</button>
                      }
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          } @else {
            <p class="empty">{{ e.noticeDate ? '説明請求はありません。' : '通知日の登録後に説明請求を受け付けます。' }}</p>
          }
        </section>
      }
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .head .ky-page-title { margin: 0; }
    .final { font-size: 15px; }
    .final b { font-size: 20px; }
    .band { margin-left: 10px; font-weight: 600; }
    .spacer { flex: 1; }
    .facts { display: grid; grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 6px 16px; margin: 8px 0; font-size: 13px; }
    .facts .wide { grid-column: span 3; }
    .facts dt { font-size: 11px; color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 1px 0 0; }
    .toolbar { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 300px; gap: 16px; align-items: start; }
    .part { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; margin-bottom: 12px; background: var(--mat-sys-surface); }
    .part.mine { border-color: var(--mat-sys-primary); box-shadow: 0 0 0 1px var(--mat-sys-primary) inset; }
    .part-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; margin-bottom: 6px; }
    .part-head h2 { font-size: 15px; margin: 0; }
    .who { color: var(--mat-sys-on-surface-variant); }
    .score { font-weight: 600; font-variant-numeric: tabular-nums; }
    .returned { background: #fff4e5; padding: 4px 8px; border-radius: 4px; margin: 0 0 8px; }
    .hidden-part, .note, .empty { color: var(--mat-sys-on-surface-variant); font-size: 12px; }
    .deductions { display: flex; flex-direction: column; }
    .suggested { margin-left: 6px; font-size: 11px; color: #8a5300; }
    .measure { margin-right: 12px; }
    .full { width: 100%; margin-top: 6px; }
    .live { position: sticky; top: 8px; border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; background: #f6f8fc; }
    .live h2 { font-size: 15px; margin: 0 0 4px; }
    .line { display: flex; justify-content: space-between; font-variant-numeric: tabular-nums; margin-top: 6px; }
    .line.total { font-size: 17px; border-top: 1px solid var(--mat-sys-outline-variant); padding-top: 6px; }
    .sub { font-size: 11px; color: var(--mat-sys-on-surface-variant); text-align: right; }
    .explanations { margin-top: 8px; }
    .tab-toolbar { display: flex; align-items: center; gap: 8px; margin: 12px 0 8px; }
    .tab-toolbar h2 { font-size: 15px; margin: 0; }
    .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
    .ky-table th, .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 8px; text-align: left; vertical-align: top; }
    .ky-table th { background: #eef2f8; font-weight: 600; white-space: nowrap; }
    .ky-table td.text { white-space: pre-wrap; }
    .ky-table td.actions { text-align: right; white-space: nowrap; }
  `,
})
export class EvaluationPage {
  private readonly api = inject(EvaluationsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly router = inject(Router);
  private readonly preview = inject(ReportPreviewService);

  readonly id = input.required<string>();

  readonly sheet = signal<EvaluationDetail | null>(null);
  readonly rule = signal<RuleSet | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  readonly actionError = signal<string | null>(null);
  /** The rater's unsaved entries per part id (kept across a reload after a conflict). */
  readonly drafts = signal<Record<number, RaterEntries>>({});
  readonly partErrors = signal<Record<number, string>>({});
  readonly deductionKeys = signal<string[]>([]);
  readonly deductionReason = signal<string>('');

  readonly formatScore = formatScore;
  readonly formatPoints = formatPoints;
  readonly formatYen = formatYen;

  readonly statusLabel = computed(() => EVALUATION_STATUS_LABELS[this.sheet()?.status ?? 'rating']);
  readonly statusBadge = computed(() => badgeClass(EVALUATION_STATUS_TONES[this.sheet()?.status ?? 'rating']));
  readonly deductionDirty = computed(() => {
    const e = this.sheet();
    return !!e && (!same([...this.deductionKeys()].sort(), [...e.deductionKeys].sort()) || (this.deductionReason() || null) !== (e.deductionReason || null));
  });

  /** The live figures: the same domain functions as the server, over what is on the screen. */
  private readonly calc = computed<{ result: EvaluationResult | null; raters: Array<{ partId: number; rater: string; label: string; score: RaterScore }>; error: string | null }>(() => {
    const e = this.sheet();
    const r = this.rule();
    if (!e || !r) return { result: null, raters: [], error: null };
    try {
      const entries = (p: EvaluationPart) => this.entriesOf(p);
      if (e.result) {
        const part = (slot: string) => {
          const p = e.parts.find((x) => x.rater === slot);
          return p ? entries(p) : null;
        };
        const result = calculateEvaluation(r, {
          chiefSupervisor: part('chiefSupervisor'),
          generalSupervisor: part('generalSupervisor'),
          inspector: part('inspector'),
          interimInspectors: e.parts.filter((p) => p.rater === 'interimInspector').map((p) => entries(p)),
          deductions: this.deductionKeys(),
        });
        const interim = e.parts.filter((p) => p.rater === 'interimInspector');
        const raters = e.parts.map((p) => ({
          partId: p.id,
          rater: p.rater,
          label: p.raterLabel,
          score: p.rater === 'interimInspector' ? result.interimInspectors[interim.indexOf(p)] : result[p.rater],
        }));
        return { result, raters, error: null };
      }
      // A rater sees only their own part: their own score, no total.
      const raters = e.parts.filter((p) => p.entries !== null || this.editable(p)).map((p) => ({ partId: p.id, rater: p.rater, label: p.raterLabel, score: raterScore(r.definition, p.rater, entries(p)) }));
      return { result: null, raters, error: null };
    } catch (err) {
      return { result: null, raters: [], error: err instanceof EvaluationRuleError ? err.message : '評定点を計算できませんでした。' };
    }
  });
  readonly live = computed(() => this.calc().result);
  readonly liveRaters = computed(() => this.calc().raters);
  readonly liveError = computed(() => this.calc().error);

  constructor() {
    effect(() => {
      const id = Number(this.id());
      untracked(() => {
        this.drafts.set({});
        if (Number.isInteger(id) && id > 0) void this.load(id);
        else this.error.set(NOT_FOUND);
      });
    });
  }

  async load(id = this.sheet()?.id ?? Number(this.id())): Promise<void> {
    this.loading.set(true);
    try {
      const e = await this.api.get(id);
      this.set(e);
      this.error.set(null);
      if (this.rule()?.id !== e.ruleSetId) this.rule.set(await this.api.ruleSet(e.ruleSetId));
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 404 ? NOT_FOUND : errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  private set(e: EvaluationDetail): void {
    this.sheet.set(e);
    this.deductionKeys.set([...e.deductionKeys]);
    this.deductionReason.set(e.deductionReason ?? '');
  }

  /** 65 + 18 / 65 − 5 */
  baseFormula(points: number): string {
    const abs = Math.abs(points).toLocaleString('ja-JP', { maximumFractionDigits: 3 });
    return `${this.rule()?.definition.baseScore ?? ''} ${points < 0 ? '−' : '+'} ${abs}`;
  }

  editable(p: EvaluationPart): boolean {
    return this.sheet()?.can.partIds.includes(p.id) ?? false;
  }

  entriesOf(p: EvaluationPart): RaterEntries {
    return this.drafts()[p.id] ?? p.entries ?? {};
  }

  dirty(p: EvaluationPart): boolean {
    const d = this.drafts()[p.id];
    return !!d && !same(d, p.entries);
  }

  liveOf(p: EvaluationPart): RaterScore | undefined {
    return this.liveRaters().find((s) => s.partId === p.id)?.score;
  }

  edit(p: EvaluationPart, entries: RaterEntries): void {
    this.drafts.update((d) => ({ ...d, [p.id]: entries }));
    this.partErrors.update((x) => ({ ...x, [p.id]: '' }));
  }

  partStatus(p: EvaluationPart): string {
    return p.userId ? RATER_PART_STATUS_LABELS[p.status] : '評定者未割当';
  }

  partBadge(p: EvaluationPart): string {
    return badgeClass(p.status === 'submitted' ? 'ok' : p.userId ? 'info' : 'warn');
  }

  deductionLabel(key: string): string {
    return this.rule()?.definition.deductions.find((d) => d.key === key)?.label ?? key;
  }

  kindLabel(x: ExplanationRequest): string {
    return EXPLANATION_KIND_LABELS[x.kind];
  }

  toggleDeduction(key: string, on: boolean): void {
    this.deductionKeys.update((keys) => (on ? [...new Set([...keys, key])] : keys.filter((k) => k !== key)));
  }

  print(name: string, title: string): void {
    const e = this.sheet();
    if (e) this.preview.open(name, title, { evaluationId: e.id });
  }

  /**
   * One write: busy meanwhile, the answer replaces the sheet. A version conflict (409) reloads
   * the sheet and says so, keeping what the rater typed so it can be saved again.
   */
  private async run(work: (e: EvaluationDetail) => Promise<EvaluationDetail>, success: string, partId?: number): Promise<EvaluationDetail | null> {
    const e = this.sheet();
    if (!e) return null;
    this.busy.set(true);
    this.actionError.set(null);
    if (partId !== undefined) this.partErrors.update((x) => ({ ...x, [partId]: '' }));
    try {
      const next = await work(e);
      this.set(next);
      this.snack.open(success, '閉じる', { duration: 5000 });
      return next;
    } catch (err) {
      const message = errorCode(err) === ERROR_CODES.conflict ? conflictMessage(errorMessage(err)) : errorMessage(err);
      if (errorCode(err) === ERROR_CODES.conflict) await this.load();
      const fields = Object.values(fieldErrors(err));
      const text = fields.length && !fields.includes(message) ? `${message} ${fields.join(' ')}` : message;
      if (partId !== undefined) this.partErrors.update((x) => ({ ...x, [partId]: text }));
      else this.actionError.set(text);
      return null;
    } finally {
      this.busy.set(false);
    }
  }

  private clearDraft(p: EvaluationPart): void {
    this.drafts.update((d) => {
      const next = { ...d };
      delete next[p.id];
      return next;
    });
  }

  async save(p: EvaluationPart): Promise<boolean> {
    const entries = this.entriesOf(p);
    const saved = await this.run((e) => this.api.savePart(e.id, p.id, this.partOf(e, p).version, entries), `${p.raterLabel}の評定を下書き保存しました。`, p.id);
    if (saved) this.clearDraft(p);
    return !!saved;
  }

  async submit(p: EvaluationPart): Promise<void> {
    const ok = await confirmDialog(this.dialog, { title: '評定の提出', message: `${p.raterLabel}の評定を提出します。提出後は差戻しを受けるまで修正できません。`, ok: '提出する' });
    if (!ok) return;
    if (this.dirty(p) && !(await this.save(p))) return;
    await this.run((e) => this.api.submitPart(e.id, p.id, this.partOf(e, p).version), `${p.raterLabel}の評定を提出しました。`, p.id);
  }

  private partOf(e: EvaluationDetail, p: EvaluationPart): EvaluationPart {
    return e.parts.find((x) => x.id === p.id) ?? p;
  }

  async returnPart(p: EvaluationPart): Promise<void> {
    const r = await askFields(this.dialog, { title: '評定の差戻し', message: `${p.raterLabel}（${p.userName ?? ''}）の評定を差し戻します。`, ok: '差し戻す', fields: [{ key: 'comment', label: '差戻しの理由', type: 'textarea', required: true }] });
    if (!r) return;
    await this.run((e) => this.api.returnPart(e.id, p.id, this.partOf(e, p).version, String(r['comment'])), `${p.raterLabel}の評定を差し戻しました。`);
  }

  async saveDeduction(): Promise<void> {
    await this.run((e) => this.api.setDeduction(e.id, e.version, this.deductionKeys(), this.deductionReason().trim() || null), '法令遵守等の減点を保存しました。');
  }

  async assign(): Promise<void> {
    const e = this.sheet();
    if (!e) return;
    const candidates = await this.api.raterCandidates();
    const current = (slot: string) => e.parts.find((p) => p.rater === slot)?.userId ?? null;
    const options = (slot: string) => {
      const list = candidates.map((u) => ({ value: u.id as number | null, label: u.departmentName ? `${u.name}（${u.departmentName}）` : u.name }));
      const part = e.parts.find((p) => p.rater === slot);
      if (part?.userId && !candidates.some((u) => u.id === part.userId)) list.unshift({ value: part.userId, label: part.userName ?? `ID ${part.userId}` });
      return [{ value: null, label: '（未割当）' }, ...list];
    };
    const r = await askFields(this.dialog, {
      title: '評定者の割当',
      message: '工事成績評定の採点の権限を持つ職員から選びます。提出済の評定の担当者は差戻してから変更してください。',
      ok: '割り当てる',
      fields: [
        { key: 'chiefSupervisorId', label: '主任監督員', type: 'select', initial: current('chiefSupervisor'), options: options('chiefSupervisor') },
        { key: 'generalSupervisorId', label: '総括監督員', type: 'select', initial: current('generalSupervisor'), options: options('generalSupervisor') },
        { key: 'inspectorId', label: '検査員', type: 'select', initial: current('inspector'), options: options('inspector') },
      ],
    });
    if (!r) return;
    const body: { version: number; chiefSupervisorId?: number | null; generalSupervisorId?: number | null; inspectorId?: number | null } = { version: e.version };
    for (const [key, slot] of [['chiefSupervisorId', 'chiefSupervisor'], ['generalSupervisorId', 'generalSupervisor'], ['inspectorId', 'inspector']] as const) {
      const v = (r[key] as number | null) ?? null;
      if (v !== current(slot)) body[key] = v;
    }
    await this.run((x) => this.api.assignRaters(x.id, { ...body, version: x.version }), '評定者を割り当てました。');
  }

  async confirm(): Promise<void> {
    const e = this.sheet();
    if (!e) return;
    const r = await askFields(this.dialog, {
      title: '評定の確定',
      message: `評定点 ${formatScore(this.live()?.final ?? e.finalScore)}${this.live()?.band ? `（${this.live()?.band}）` : ''}で確定します。確定すると評定表は変更できません（訂正は新しい版で行います）。`,
      ok: '確定する',
      fields: [{ key: 'comment', label: 'コメント（任意）', type: 'textarea' }],
    });
    if (!r) return;
    await this.run((x) => this.api.confirm(x.id, x.version, (r['comment'] as string | null) ?? null), '工事成績評定を確定しました。');
  }

  async notice(): Promise<void> {
    const e = this.sheet();
    if (!e) return;
    const r = await askFields(this.dialog, {
      title: '通知日の登録',
      message: '工事成績評定通知書を受注者に通知した日を登録します。説明請求の期限はこの日から計算されます。',
      ok: '登録する',
      fields: [{ key: 'noticeDate', label: '通知日', type: 'date', required: true, initial: e.noticeDate ?? todayInJapan() }],
    });
    if (!r) return;
    await this.run((x) => this.api.notice(x.id, x.version, String(r['noticeDate'])), `通知日を${formatJapaneseDate(String(r['noticeDate']))}で登録しました。`);
  }

  async correct(): Promise<void> {
    const r = await askFields(this.dialog, {
      title: '評定の訂正',
      message: '確定した評定を訂正します。新しい版の評定表を作成し、現在の版は「訂正済（旧版）」として残ります。',
      ok: '新しい版を作成',
      fields: [{ key: 'reason', label: '訂正の理由', type: 'textarea', required: true }],
    });
    if (!r) return;
    const next = await this.run((x) => this.api.correct(x.id, x.version, String(r['reason'])), '訂正用の新しい版を作成しました。');
    if (next) void this.router.navigate(['/evaluations', next.id]);
  }

  async registerExplanation(): Promise<void> {
    const e = this.sheet();
    if (!e) return;
    const answered = e.explanationRequests.some((x) => x.kind === 'explanation' && x.status === 'answered');
    const r = await askFields(this.dialog, {
      title: '説明請求の登録',
      message: `説明請求の期限: ${e.explanationDeadline ? formatJapaneseDate(e.explanationDeadline) : '—'}`,
      ok: '登録する',
      fields: [
        {
          key: 'kind',
          label: '種別',
          type: 'select',
          required: true,
          initial: answered ? 'reexplanation' : 'explanation',
          options: [
            { value: 'explanation', label: EXPLANATION_KIND_LABELS.explanation },
            { value: 'reexplanation', label: EXPLANATION_KIND_LABELS.reexplanation },
          ],
        },
        { key: 'receivedOn', label: '受付日', type: 'date', required: true, initial: todayInJapan() },
        { key: 'content', label: '請求の内容', type: 'textarea', required: true },
        { key: 'dueOn', label: '回答期限（空欄なら受付日から設定の日数）', type: 'date' },
      ],
    });
    if (!r) return;
    await this.run((x) => this.api.createExplanation(x.id, Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null))), '説明請求を登録しました。');
  }

  async answer(req: ExplanationRequest): Promise<void> {
    const r = await askFields(this.dialog, {
      title: '説明請求への回答',
      message: req.content,
      ok: '回答を登録',
      fields: [
        { key: 'answer', label: '回答', type: 'textarea', required: true },
        { key: 'answeredOn', label: '回答日', type: 'date', required: true, initial: todayInJapan() },
        { key: 'answeredBy', label: '回答者', type: 'text', initial: req.kind === 'reexplanation' ? '工事成績評定審査委員会' : '' },
        { key: 'answerFile', label: '回答文書（任意）', type: 'file', accept: '.pdf,.jpg,.jpeg,.png', hint: 'PDF・JPEG・PNG' },
      ],
    });
    if (!r) return;
    const { answerFile, ...values } = r;
    await this.run(async (x) => {
      // The document goes up first and the answer names it: a refused file leaves the answer unrecorded.
      const answerFileId = answerFile instanceof File ? (await this.api.uploadAnswerFile(answerFile)).id : undefined;
      return this.api.updateExplanation(x.id, req.id, { version: req.version, ...values, ...(answerFileId ? { answerFileId } : {}) });
    }, '回答を登録しました。');
  }
}
