import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import {
  allCriteria,
  ERROR_CODES,
  EvaluationCriterion,
  EvaluationItem,
  EvaluationResult,
  EvaluationRuleDefinition,
  EvaluationSubItem,
  RATER_LABELS,
  RATER_ROLES,
  RaterEntries,
  RaterRole,
  RuleProblem,
  ruleSetProblems,
  SCORE_ROUNDING_LABELS,
  ScoreRounding,
} from '@keiyaku/domain';
import { confirmDialog, errorCode, errorMessage, fieldErrors, JapaneseDatePipe } from '@keiyaku/web/ui';
import { EvaluationsApi } from '../evaluations-api.service';
import { conflictMessage, formatPoints, RuleSet } from '../models';
import { addCriterion, newStatement, numberOrUndefined, removeCriterion, setKind } from './rule-editing';

type Criterion = Pick<EvaluationCriterion, 'grades' | 'checklistRules'>;

/** One criterion of the structured editor, with the objects it edits in place and its field path. */
interface CriterionRow {
  item: EvaluationItem;
  sub: EvaluationSubItem;
  c: EvaluationCriterion;
  /** items.i.subItems.j.criteria.k (the domain check's field names). */
  path: string;
  itemPath: string;
  subPath: string;
  /** 「施工管理（検査員）」: names its inputs and buttons. */
  label: string;
}

/** "a=4 b=2 c=0" ⇄ grade options (points only; labels are kept). */
const gradesText = (c: Criterion) => c.grades.map((g) => `${g.grade}=${Number.isFinite(g.points) ? g.points : ''}`).join(' ');
const rulesText = (c: Criterion) => c.checklistRules.map((r) => `${r.minTicked}:${r.grade}`).join(' ');

/**
 * 評定要領 editor: a draft's figures in a structured form (weights, rounding, bands, deductions,
 * each rater's criteria with their names, kinds, grades and points, count rules and checklist
 * statements, added and removed there), the rare fields (grade labels) in a JSON editor; problems
 * from the domain check as one types and the server's per field on save; a preview calculation
 * through POST /api/evaluations/calculate; activation.
 */
@Component({
  selector: 'ky-evaluation-rule-set-page',
  imports: [FormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, JapaneseDatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      <nav class="crumbs" aria-label="パンくずリスト"><a routerLink="/evaluations">工事成績評定</a> ＞ <a routerLink="/evaluations/rule-sets">評定要領</a> ＞ {{ rule()?.code }}</nav>
      @if (error(); as message) {
        <p class="ky-error" role="alert">{{ message }}</p>
      }
      @if (rule(); as r) {
        <header class="head">
          <h1 class="ky-page-title">{{ r.code }} {{ r.name }}</h1>
          <span [class]="r.status === 'active' ? 'ky-badge ky-badge--ok' : 'ky-badge ky-badge--warn'">{{ r.status === 'active' ? '有効' : '下書き' }}</span>
          <span class="note">適用 {{ r.effectiveFrom | japaneseDate }} 〜 {{ r.effectiveTo ? (r.effectiveTo | japaneseDate) : '' }}</span>
          <span class="spacer"></span>
          @if (draft()) {
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="save()"><mat-icon>save</mat-icon>保存</button>
            <button mat-flat-button type="button" [disabled]="busy() || problems().length > 0" (click)="activate()"><mat-icon>check_circle</mat-icon>有効にする</button>
            <button mat-button type="button" [disabled]="busy()" (click)="remove()"><mat-icon>delete</mat-icon>下書きを削除</button>
          }
        </header>
        @if (actionError(); as message) {
          <p class="ky-error" role="alert">{{ message }}</p>
        }
        @if (problems().length) {
          <div class="problems" role="alert" aria-label="評定要領の問題">
            <b>この内容では有効にできません（{{ problems().length }}件）</b>
            <ul>
              @for (p of problems(); track p.field + p.message) {
                <li><code>{{ p.field }}</code> {{ p.message }}</li>
              }
            </ul>
          </div>
        }
        <fieldset class="box" [disabled]="!draft()">
          <legend>基本</legend>
          <div class="row">
            <mat-form-field appearance="outline" subscriptSizing="dynamic"><mat-label>評定要領コード</mat-label><input matInput [(ngModel)]="meta.code" (ngModelChange)="touch()" /></mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide"><mat-label>名称</mat-label><input matInput [(ngModel)]="meta.name" (ngModelChange)="touch()" /></mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic"><mat-label>適用開始日</mat-label><input matInput type="date" [(ngModel)]="meta.effectiveFrom" (ngModelChange)="touch()" /></mat-form-field>
          </div>
          <div class="row">
            <mat-form-field appearance="outline" subscriptSizing="dynamic"><mat-label>基礎点</mat-label><input matInput type="number" [(ngModel)]="def.baseScore" (ngModelChange)="touch()" /></mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic"><mat-label>評定対象の契約金額（円以上）</mat-label><input matInput type="number" [(ngModel)]="def.thresholdAmount" (ngModelChange)="touch()" /></mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide"><mat-label>備考</mat-label><input matInput [(ngModel)]="meta.notes" (ngModelChange)="touch()" /></mat-form-field>
          </div>
          @for (f of ['baseScore', 'thresholdAmount', 'code', 'name', 'effectiveFrom']; track f) {
            @if (problemOf(f); as m) {
              <p class="ky-error">{{ m }}</p>
            }
          }
        </fieldset>
        <fieldset class="box" [disabled]="!draft()">
          <legend>重み</legend>
          <div class="row">
            <span class="lbl">中間検査なし</span>
            @for (k of weightKeys.withoutInterim; track k) {
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>{{ weightLabel(k) }}</mat-label><input matInput type="number" step="0.1" [(ngModel)]="$any(def.weights.withoutInterim)[k]" (ngModelChange)="touch()" /></mat-form-field>
            }
          </div>
          @if (problemOf('weights.withoutInterim'); as m) {
            <p class="ky-error">{{ m }}</p>
          }
          <div class="row">
            <span class="lbl">中間検査あり</span>
            @for (k of weightKeys.withInterim; track k) {
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>{{ weightLabel(k) }}</mat-label><input matInput type="number" step="0.1" [(ngModel)]="$any(def.weights.withInterim)[k]" (ngModelChange)="touch()" /></mat-form-field>
            }
          </div>
          @if (problemOf('weights.withInterim'); as m) {
            <p class="ky-error">{{ m }}</p>
          }
        </fieldset>
        <fieldset class="box" [disabled]="!draft()">
          <legend>端数処理</legend>
          <div class="row">
            @for (r of roundings; track r.key) {
              <span class="lbl">{{ r.label }}</span>
              @if (roundingOf(r.key); as x) {
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>桁数</mat-label><input matInput type="number" min="0" max="3" [(ngModel)]="x.decimals" (ngModelChange)="touch()" /></mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>方法</mat-label>
                  <mat-select [(ngModel)]="x.mode" (ngModelChange)="touch()">
                    @for (m of modes; track m.value) {
                      <mat-option [value]="m.value">{{ m.label }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
              }
              @if (r.key === 'totalRounding') {
                <button mat-button type="button" (click)="toggleTotalRounding()">{{ def.totalRounding ? 'なしにする' : '設ける' }}</button>
              }
            }
          </div>
        </fieldset>
        <div class="two">
          <fieldset class="box" [disabled]="!draft()">
            <legend>評定の段階（下限点の高い順）</legend>
            @for (b of def.bands; track $index; let i = $index) {
              <div class="row">
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>段階</mat-label><input matInput [(ngModel)]="b.band" (ngModelChange)="touch()" /></mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>下限点</mat-label><input matInput type="number" [(ngModel)]="b.min" (ngModelChange)="touch()" /></mat-form-field>
                <button mat-icon-button type="button" aria-label="段階を削除" (click)="def.bands.splice(i, 1); touch()"><mat-icon>remove_circle_outline</mat-icon></button>
                @if (problemOf('bands.' + i + '.min') || problemOf('bands.' + i + '.band'); as m) {
                  <span class="ky-error">{{ m }}</span>
                }
              </div>
            }
            <button mat-button type="button" (click)="def.bands.push({ band: '', min: 0 }); touch()"><mat-icon>add</mat-icon>段階を追加</button>
          </fieldset>
          <fieldset class="box" [disabled]="!draft()">
            <legend>法令遵守等の減点</legend>
            @for (d of def.deductions; track $index; let i = $index) {
              <div class="row">
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>キー</mat-label><input matInput [(ngModel)]="d.key" (ngModelChange)="touch()" /></mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide"><mat-label>名称</mat-label><input matInput [(ngModel)]="d.label" (ngModelChange)="touch()" /></mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>点数</mat-label><input matInput type="number" [(ngModel)]="d.points" (ngModelChange)="touch()" /></mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>指名停止の日数（以上）</mat-label><input matInput type="number" [ngModel]="d.suspensionMinDays ?? null" (ngModelChange)="d.suspensionMinDays = $event === '' || $event === null ? null : +$event; touch()" /></mat-form-field>
                <button mat-icon-button type="button" aria-label="減点を削除" (click)="def.deductions.splice(i, 1); touch()"><mat-icon>remove_circle_outline</mat-icon></button>
                @for (f of ['key', 'label', 'points']; track f) {
                  @if (problemOf('deductions.' + i + '.' + f); as m) {
                    <span class="ky-error">{{ m }}</span>
                  }
                }
              </div>
            }
            <button mat-button type="button" (click)="def.deductions.push({ key: '', label: '', points: 0, suspensionMinDays: null }); touch()"><mat-icon>add</mat-icon>減点を追加</button>
          </fieldset>
        </div>
        <fieldset class="box" [disabled]="!draft()">
          <legend>考査項目と評定（点数）</legend>
          <p class="note">
            評定は「a=4 b=2 c=0」のように記号=点数を空白で区切ります。判定規則は「該当数:評定」（例「5:a 3:b 0:c」）。考査項目・細別の名称は評定者の間で共通です。評定の説明は下の JSON で編集します。
          </p>
          @for (rater of raters; track rater) {
            <h3 class="rater">{{ raterLabel(rater) }}</h3>
            <div class="scroll"><table class="ky-table" [attr.aria-label]="raterLabel(rater) + 'の考査項目'">
              <thead>
                <tr><th>項目</th><th>細別</th><th>キー</th><th>種類</th><th>評定（点数）／加点の範囲</th><th>判定規則</th><th>評価対象項目</th><th></th></tr>
              </thead>
              <tbody>
                @for (row of rowsOf(rater); track row.c) {
                  <tr [attr.data-criterion]="row.c.key">
                    <td class="nowrap">{{ row.item.no }} <input class="cell mid" [attr.aria-label]="row.label + 'の考査項目の名称'" [ngModel]="row.item.name" (ngModelChange)="row.item.name = $event; touch()" /></td>
                    <td class="nowrap">{{ row.sub.no }} <input class="cell mid" [attr.aria-label]="row.label + 'の細別の名称'" [ngModel]="row.sub.name" (ngModelChange)="row.sub.name = $event; touch()" /></td>
                    <td><input class="cell key" [attr.aria-label]="row.label + 'のキー'" [ngModel]="row.c.key" (ngModelChange)="row.c.key = $event; touch()" /></td>
                    <td>
                      <select class="cell kind" [attr.aria-label]="row.label + 'の種類'" [ngModel]="row.c.kind" (ngModelChange)="changeKind(row.c, $event)">
                        <option value="grade">評定</option>
                        <option value="additive">加点</option>
                      </select>
                    </td>
                    <td>
                      @if (row.c.kind === 'grade') {
                        <input class="cell" [attr.aria-label]="row.label + 'の評定と点数'" [ngModel]="gradesText(row.c)" (change)="setGrades(row.c, $any($event.target).value)" />
                      } @else {
                        <input class="cell short" type="number" [attr.aria-label]="row.label + 'の加点の下限'" [ngModel]="row.c.range?.min" (change)="setRange(row.c, 'min', $any($event.target).value)" /> 〜
                        <input class="cell short" type="number" [attr.aria-label]="row.label + 'の加点の上限'" [ngModel]="row.c.range?.max" (change)="setRange(row.c, 'max', $any($event.target).value)" /> 点
                      }
                      @if (rowProblem(row); as m) {
                        <div class="ky-error">{{ m }}</div>
                      }
                    </td>
                    <td>
                      @if (row.c.kind === 'grade') {
                        <input class="cell" [attr.aria-label]="row.label + 'の判定規則'" [ngModel]="rulesText(row.c)" (change)="setRules(row.c, $any($event.target).value)" />
                      }
                    </td>
                    <td class="nowrap">
                      <button mat-button type="button" [attr.aria-expanded]="isOpen(row.c)" [attr.aria-label]="row.label + 'の評価対象項目（' + row.c.checklist.length + '件）'" (click)="toggle(row.c)">
                        <mat-icon>{{ isOpen(row.c) ? 'expand_less' : 'expand_more' }}</mat-icon>{{ row.c.checklist.length }}件
                      </button>
                    </td>
                    <td>
                      <button mat-icon-button type="button" [attr.aria-label]="row.label + 'を削除'" (click)="removeCriterion(row)"><mat-icon>remove_circle_outline</mat-icon></button>
                    </td>
                  </tr>
                  @if (isOpen(row.c)) {
                    <tr class="detail">
                      <td colspan="8">
                        <table class="ky-table statements" [attr.aria-label]="row.label + 'の評価対象項目'">
                          <thead>
                            <tr><th>キー</th><th>文</th>@if (row.c.kind === 'additive') {<th>点数</th>}<th></th></tr>
                          </thead>
                          <tbody>
                            @for (s of row.c.checklist; track s; let n = $index) {
                              <tr>
                                <td><input class="cell key" [attr.aria-label]="'評価対象項目' + (n + 1) + 'のキー'" [ngModel]="s.key" (ngModelChange)="s.key = $event; touch()" /></td>
                                <td class="wide"><input class="cell" [attr.aria-label]="'評価対象項目' + (n + 1) + 'の文'" [ngModel]="s.text" (ngModelChange)="s.text = $event; touch()" /></td>
                                @if (row.c.kind === 'additive') {
                                  <td><input class="cell short" type="number" [attr.aria-label]="'評価対象項目' + (n + 1) + 'の点数'" [ngModel]="s.points" (ngModelChange)="s.points = toNumber($event); touch()" /></td>
                                }
                                <td>
                                  <button mat-icon-button type="button" [attr.aria-label]="'評価対象項目' + (n + 1) + 'を削除'" (click)="removeStatement(row.c, n)"><mat-icon>remove_circle_outline</mat-icon></button>
                                  @if (statementProblem(row, n); as m) {
                                    <span class="ky-error">{{ m }}</span>
                                  }
                                </td>
                              </tr>
                            }
                          </tbody>
                        </table>
                        <button mat-button type="button" (click)="addStatement(row.c)"><mat-icon>add</mat-icon>文を追加</button>
                      </td>
                    </tr>
                  }
                }
              </tbody>
            </table></div>
            <div class="row add" role="group" [attr.aria-label]="raterLabel(rater) + 'の項目の追加'">
              <select class="cell mid" aria-label="考査項目" [ngModel]="adding[rater].item" (ngModelChange)="adding[rater].item = $event; adding[rater].sub = 'new'">
                @for (it of def.items; track it; let i = $index) {
                  <option [ngValue]="i">{{ it.no }} {{ it.name }}</option>
                }
                <option ngValue="new">（新しい考査項目）</option>
              </select>
              <select class="cell mid" aria-label="細別" [(ngModel)]="adding[rater].sub">
                @for (s of freeSubItems(rater); track s.index) {
                  <option [ngValue]="s.index">{{ s.no }} {{ s.name }}</option>
                }
                <option ngValue="new">（新しい細別）</option>
              </select>
              <select class="cell kind" aria-label="種類" [(ngModel)]="adding[rater].kind">
                <option value="grade">評定</option>
                <option value="additive">加点</option>
              </select>
              <button mat-button type="button" (click)="addCriterion(rater)"><mat-icon>add</mat-icon>項目を追加</button>
            </div>
          }
        </fieldset>
        <details class="box json">
          <summary>JSON で編集（評定の説明など）</summary>
          <textarea class="json-text" aria-label="評定要領の内容（JSON）" [disabled]="!draft()" [ngModel]="json()" (ngModelChange)="jsonDraft = $event" rows="20"></textarea>
          @if (jsonError(); as m) {
            <p class="ky-error" role="alert">{{ m }}</p>
          }
          @if (draft()) {
            <button mat-stroked-button type="button" (click)="applyJson()"><mat-icon>input</mat-icon>JSON を反映</button>
          }
        </details>
        <section class="box" aria-label="計算のプレビュー">
          <h2>計算のプレビュー</h2>
          <p class="note">全ての評定項目を同じ評定とし、加点項目を指定の割合にして、サーバーで計算します（保存前の内容で計算）。</p>
          <div class="row">
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>評定</mat-label>
              <mat-select [(ngModel)]="previewGrade">
                @for (g of ['a', 'b', 'c', 'd']; track g) {
                  <mat-option [value]="g">{{ g }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="num"><mat-label>加点（上限の%）</mat-label><input matInput type="number" [(ngModel)]="previewShare" /></mat-form-field>
            <button mat-stroked-button type="button" [disabled]="busy()" (click)="previewCalc()"><mat-icon>calculate</mat-icon>試算</button>
          </div>
          @if (preview(); as p) {
            <table class="ky-table steps" aria-label="試算の結果">
              <tbody>
                @for (s of p.steps; track s.label) {
                  <tr><th>{{ s.label }}</th><td>{{ s.formula }}</td><td class="num">{{ s.value }}</td></tr>
                }
                <tr><th>評定</th><td></td><td class="num" data-figure="previewBand">{{ p.band }}</td></tr>
              </tbody>
            </table>
          }
        </section>
      }
    </section>
  `,
  styles: `
    .crumbs { font-size: 13px; margin-bottom: 4px; color: var(--mat-sys-on-surface-variant); }
    .head { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
    .head .ky-page-title { margin: 0; }
    .spacer { flex: 1; }
    .note { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    /* The rater tables are wide: they scroll by themselves instead of pushing the page sideways. */
    fieldset { min-width: 0; }
    .scroll { overflow-x: auto; max-width: 100%; }
    .problems { background: #fdecea; border-radius: 6px; padding: 6px 12px; margin: 8px 0; font-size: 13px; }
    .problems ul { margin: 4px 0; }
    .box { border: 1px solid var(--mat-sys-outline-variant); border-radius: 8px; padding: 8px 12px; margin: 10px 0; }
    .box h2 { font-size: 14px; margin: 0; }
    .row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 4px 0; }
    .row .wide { flex: 1; min-width: 240px; }
    .num { width: 130px; }
    .lbl { min-width: 110px; font-size: 13px; }
    .two { display: grid; grid-template-columns: 1fr 1.6fr; gap: 12px; }
    .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
    .ky-table th, .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 3px 6px; text-align: left; }
    .ky-table thead th { background: #eef2f8; }
    .ky-table .num { text-align: right; width: auto; }
    .cell { width: 100%; min-width: 220px; font: inherit; padding: 2px 4px; }
    .cell.short { width: 60px; min-width: 0; }
    .cell.mid { width: 150px; min-width: 0; }
    .cell.key { width: 110px; min-width: 0; }
    .cell.kind { width: 70px; min-width: 0; }
    .nowrap { white-space: nowrap; }
    .rater { font-size: 13px; margin: 10px 0 2px; }
    .row.add { margin-bottom: 8px; }
    .detail > td { background: #f7f9fc; padding: 4px 12px 8px 32px; }
    .statements { width: 100%; }
    .statements .wide { width: 100%; }
    .json-text { width: 100%; font-family: monospace; font-size: 12px; }
    .steps th { width: 220px; }
  `,
})
export class RuleSetPage {
  private readonly api = inject(EvaluationsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snack = inject(MatSnackBar);
  private readonly router = inject(Router);
  readonly id = input.required<string>();

  readonly rule = signal<RuleSet | null>(null);
  readonly error = signal<string | null>(null);
  readonly actionError = signal<string | null>(null);
  readonly busy = signal(false);
  readonly preview = signal<EvaluationResult | null>(null);
  readonly jsonError = signal<string | null>(null);
  /** Bumped on every edit: the form edits `def` in place, the checks recompute from this. */
  private readonly tick = signal(0);
  private readonly serverErrors = signal<Record<string, string>>({});
  def!: EvaluationRuleDefinition;
  meta = { code: '', name: '', effectiveFrom: '', notes: '' };
  jsonDraft: string | null = null;
  previewGrade = 'b';
  previewShare = 50;

  readonly weightKeys = { withoutInterim: ['chiefSupervisor', 'generalSupervisor', 'inspector'], withInterim: ['chiefSupervisor', 'generalSupervisor', 'interimInspector', 'inspector'] };
  readonly roundings = [
    { key: 'raterRounding', label: '評定者ごとの点' },
    { key: 'totalRounding', label: '加重合計' },
    { key: 'finalRounding', label: '評定点' },
  ] as const;
  readonly modes = Object.entries(SCORE_ROUNDING_LABELS).map(([value, label]) => ({ value, label }));
  readonly gradesText = gradesText;
  readonly rulesText = rulesText;
  readonly formatPoints = formatPoints;

  readonly raters = RATER_ROLES;
  readonly toNumber = numberOrUndefined;
  /** Where each rater's next criterion goes: an item / sub-item by index, or a new one. */
  adding = this.freshAdding();
  /** Criteria whose checklist statements are shown (by object: keys are editable). */
  private readonly opened = new Set<EvaluationCriterion>();

  readonly draft = computed(() => this.rule()?.status === 'draft');
  readonly rows = computed(() => {
    this.tick();
    const rows: CriterionRow[] = [];
    (this.def?.items ?? []).forEach((item, i) =>
      item.subItems.forEach((sub, j) =>
        sub.criteria.forEach((c, k) => {
          const subPath = `items.${i}.subItems.${j}`;
          rows.push({ item, sub, c, path: `${subPath}.criteria.${k}`, itemPath: `items.${i}`, subPath, label: `${sub.name || '新しい細別'}（${RATER_LABELS[c.rater] ?? c.rater}）` });
        }),
      ),
    );
    return rows;
  });
  readonly problems = computed<RuleProblem[]>(() => {
    this.tick();
    if (!this.def) return [];
    const local = ruleSetProblems(this.def);
    const server = Object.entries(this.serverErrors()).map(([field, message]) => ({ field: field.replace(/^definition\./, ''), message }));
    return [...server.filter((s) => !local.some((l) => l.field === s.field)), ...local];
  });
  readonly json = computed(() => {
    this.tick();
    return this.def ? JSON.stringify(this.def, null, 2) : '';
  });

  constructor() {
    effect(() => {
      const id = Number(this.id());
      untracked(() => void this.load(id));
    });
  }

  async load(id = this.rule()?.id ?? 0): Promise<void> {
    try {
      this.setRule(await this.api.ruleSet(id, true));
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 404 ? 'この評定要領は登録されていません。' : errorMessage(err));
    }
  }

  private setRule(r: RuleSet): void {
    this.def = structuredClone(r.definition);
    this.opened.clear();
    this.adding = this.freshAdding();
    this.meta = { code: r.code, name: r.name, effectiveFrom: r.effectiveFrom, notes: r.notes ?? '' };
    this.serverErrors.set({});
    this.rule.set(r);
    this.touch();
  }

  touch(): void {
    this.tick.update((n) => n + 1);
  }

  problemOf(field: string): string | null {
    return this.problems().find((p) => p.field === field)?.message ?? null;
  }

  rowsOf(rater: RaterRole): CriterionRow[] {
    return this.rows().filter((r) => r.c.rater === rater);
  }

  /** The first problem of a criterion (its names, key, grades, rules, range …; statements are shown beside them). */
  rowProblem(row: CriterionRow): string | null {
    const own = (f: string) => f === row.path || (f.startsWith(`${row.path}.`) && !f.startsWith(`${row.path}.checklist.`));
    return this.problems().find((p) => p.field === row.itemPath + '.name' || p.field === row.subPath + '.name' || own(p.field))?.message ?? null;
  }

  statementProblem(row: CriterionRow, n: number): string | null {
    const at = `${row.path}.checklist.${n}.`;
    return this.problems().find((p) => p.field.startsWith(at))?.message ?? null;
  }

  isOpen(c: EvaluationCriterion): boolean {
    return this.opened.has(c);
  }

  toggle(c: EvaluationCriterion): void {
    if (!this.opened.delete(c)) this.opened.add(c);
    this.touch();
  }

  /** Sub-items of the item chosen for a rater's next criterion that have no criterion of that rater yet. */
  freeSubItems(rater: RaterRole): Array<{ index: number; no: string; name: string }> {
    this.tick();
    const at = this.adding[rater].item;
    const item = typeof at === 'number' ? this.def.items[at] : undefined;
    return (item?.subItems ?? []).map((s, index) => ({ index, no: s.no, name: s.name, taken: s.criteria.some((c) => c.rater === rater) })).filter((s) => !s.taken);
  }

  addCriterion(rater: RaterRole): void {
    const a = this.adding[rater];
    const placed = addCriterion(this.def, rater, a.kind, a);
    this.opened.add(placed.criterion);
    this.adding[rater] = { ...a, item: placed.item, sub: 'new' };
    this.touch();
  }

  async removeCriterion(row: CriterionRow): Promise<void> {
    const what = `「${row.item.name || '（名称なし）'}・${row.sub.name || '（名称なし）'}」（${this.raterLabel(row.c.rater)}）`;
    const last = row.sub.criteria.length === 1 ? (row.item.subItems.length === 1 ? 'この考査項目も削除されます。' : 'この細別も削除されます。') : '';
    const ok = await confirmDialog(this.dialog, { title: '項目の削除', message: `${what}の評定項目を削除します。${last}`, ok: '削除する' });
    if (!ok) return;
    removeCriterion(this.def, row.c);
    this.opened.delete(row.c);
    for (const r of RATER_ROLES) this.adding[r] = { ...this.adding[r], item: 'new', sub: 'new' };
    this.touch();
  }

  changeKind(c: EvaluationCriterion, kind: EvaluationCriterion['kind']): void {
    setKind(c, kind);
    this.touch();
  }

  addStatement(c: EvaluationCriterion): void {
    c.checklist.push(newStatement(c));
    this.touch();
  }

  removeStatement(c: EvaluationCriterion, n: number): void {
    c.checklist.splice(n, 1);
    this.touch();
  }

  private freshAdding(): Record<RaterRole, { item: number | 'new'; sub: number | 'new'; kind: EvaluationCriterion['kind'] }> {
    return {
      chiefSupervisor: { item: 'new', sub: 'new', kind: 'grade' },
      generalSupervisor: { item: 'new', sub: 'new', kind: 'grade' },
      inspector: { item: 'new', sub: 'new', kind: 'grade' },
    };
  }

  raterLabel(r: RaterRole): string {
    return RATER_LABELS[r];
  }

  weightLabel(k: string): string {
    return k === 'interimInspector' ? '中間・既済部分' : RATER_LABELS[k as RaterRole];
  }

  roundingOf(key: 'raterRounding' | 'totalRounding' | 'finalRounding'): ScoreRounding | null {
    return this.def[key];
  }

  toggleTotalRounding(): void {
    this.def.totalRounding = this.def.totalRounding ? null : { decimals: 1, mode: 'round' };
    this.touch();
  }

  setGrades(x: EvaluationCriterion, text: string): void {
    const labels = new Map(x.grades.map((g) => [g.grade, g.label]));
    x.grades = text
      .split(/[\s,、]+/)
      .filter(Boolean)
      .map((part) => {
        const [grade, points] = part.split('=');
        const label = labels.get(grade);
        return { grade, points: points === undefined || points === '' ? Number.NaN : Number(points), ...(label ? { label } : {}) };
      });
    this.touch();
  }

  setRules(x: EvaluationCriterion, text: string): void {
    x.checklistRules = text
      .split(/[\s,、]+/)
      .filter(Boolean)
      .map((part) => {
        const [n, grade] = part.split(':');
        return { minTicked: Number(n), grade: grade ?? '' };
      });
    this.touch();
  }

  setRange(x: EvaluationCriterion, end: 'min' | 'max', value: string): void {
    x.range = { min: x.range?.min ?? 0, max: x.range?.max ?? 0, [end]: value === '' ? Number.NaN : Number(value) };
    this.touch();
  }

  applyJson(): void {
    if (this.jsonDraft === null) return;
    try {
      const parsed = JSON.parse(this.jsonDraft);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      this.def = parsed;
      this.opened.clear();
      this.adding = this.freshAdding();
      this.jsonDraft = null;
      this.jsonError.set(null);
      this.touch();
    } catch (e) {
      this.jsonError.set(`JSON の形式が正しくありません（${e instanceof Error ? e.message : ''}）。`);
    }
  }

  private async run(work: (r: RuleSet) => Promise<RuleSet | null>, success: string): Promise<RuleSet | null> {
    const r = this.rule();
    if (!r) return null;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      const next = await work(r);
      if (next) this.setRule(next);
      this.snack.open(success, '閉じる', { duration: 5000 });
      return next ?? r;
    } catch (err) {
      const conflict = errorCode(err) === ERROR_CODES.conflict;
      this.serverErrors.set(fieldErrors(err));
      this.touch();
      this.actionError.set(conflict ? conflictMessage(errorMessage(err)) : errorMessage(err));
      if (conflict) await this.load();
      return null;
    } finally {
      this.busy.set(false);
    }
  }

  async save(): Promise<boolean> {
    const saved = await this.run(
      (r) => this.api.updateRuleSet(r.id, { version: r.version, code: this.meta.code, name: this.meta.name, effectiveFrom: this.meta.effectiveFrom, notes: this.meta.notes || null, definition: this.def }),
      '評定要領を保存しました。',
    );
    return !!saved;
  }

  async activate(): Promise<void> {
    const ok = await confirmDialog(this.dialog, { title: '評定要領を有効にする', message: `${this.meta.effectiveFrom} 以降に完成する工事の評定にこの版を使います。有効にした版は変更できません。`, ok: '有効にする' });
    if (!ok || !(await this.save())) return;
    await this.run((r) => this.api.activateRuleSet(r.id, r.version), '評定要領を有効にしました。');
  }

  async remove(): Promise<void> {
    const ok = await confirmDialog(this.dialog, { title: '下書きの削除', message: 'この評定要領の下書きを削除します。', ok: '削除する' });
    if (!ok) return;
    const done = await this.run(async (r) => {
      await this.api.deleteRuleSet(r.id);
      return null;
    }, '下書きを削除しました。');
    if (done) void this.router.navigate(['/evaluations/rule-sets']);
  }

  /** Every grade criterion at the chosen grade (or its nearest), additive ones at a share of the range. */
  async previewCalc(): Promise<void> {
    const entries: Record<RaterRole, RaterEntries> = { chiefSupervisor: {}, generalSupervisor: {}, inspector: {} };
    for (const c of allCriteria(this.def)) {
      if (c.kind === 'grade') {
        const g = c.grades.find((x) => x.grade === this.previewGrade) ?? c.grades.find((x) => x.grade === 'c') ?? c.grades[0];
        if (g) entries[c.rater][c.key] = { grade: g.grade };
      } else if (c.range) {
        entries[c.rater][c.key] = { points: Math.round(((c.range.max - c.range.min) * Math.max(0, Math.min(100, this.previewShare))) / 100 + c.range.min) };
      }
    }
    this.busy.set(true);
    this.actionError.set(null);
    try {
      this.preview.set(await this.api.calculate({ definition: this.def, ...entries }));
    } catch (err) {
      this.serverErrors.set(fieldErrors(err));
      this.touch();
      this.actionError.set(errorMessage(err));
    } finally {
      this.busy.set(false);
    }
  }
}
