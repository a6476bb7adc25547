import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatRadioModule } from '@angular/material/radio';
import { MatTooltipModule } from '@angular/material/tooltip';
import { criteriaOf, CriterionEntry, CriterionScore, EvaluationCriterion, EvaluationRuleDefinition, RaterEntries, RaterSlot } from '@keiyaku/domain';
import { formatPoints } from '../models';

type Criterion = ReturnType<typeof criteriaOf>[number];

/** 該当5項目以上 → a、3項目以上 → b … (the count-to-grade rule of a checklist). */
export function checklistRuleText(c: EvaluationCriterion): string {
  return [...c.checklistRules]
    .sort((a, b) => b.minTicked - a.minTicked)
    .map((r) => `${r.minTicked}項目以上 → ${r.grade}`)
    .join('、');
}

/**
 * One rater's part of a sheet: the criteria of that rater with their checklists (評価対象項目),
 * grades and additive points. Editable only for the part's own rater (the server decides, via
 * `can.partIds`); every change is emitted so the page recomputes the live score.
 */
@Component({
  selector: 'ky-evaluation-part',
  imports: [FormsModule, MatCheckboxModule, MatRadioModule, MatFormFieldModule, MatInputModule, MatIconModule, MatTooltipModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (c of criteria(); track c.key) {
      <fieldset class="criterion" [attr.data-criterion]="c.key" [disabled]="!editable()">
        <legend>
          <span class="item">{{ c.itemNo }} {{ c.itemName }}</span>
          <span class="sub">{{ c.subItemNo }} {{ c.subItemName }}</span>
          <span class="spacer"></span>
          @if (scoreOf(c.key); as s) {
            <span class="result" [attr.data-result]="c.key">
              @if (c.kind === 'grade') {
                評定 <b>{{ s.grade ?? '未評定' }}</b>
                @if (s.source === 'checklist') {
                  <span class="note">（評価対象項目から）</span>
                }
              }
              {{ formatPoints(s.points) }}点
            </span>
          }
        </legend>
        @if (c.checklist.length) {
          <div class="checklist" role="group" [attr.aria-label]="c.subItemName + 'の評価対象項目'">
            @for (s of c.checklist; track s.key) {
              <div class="statement" [class.struck]="isStruck(c.key, s.key)">
                <mat-checkbox [checked]="isTicked(c.key, s.key)" [disabled]="!editable() || isStruck(c.key, s.key)" (change)="toggle(c.key, 'ticked', s.key, $event.checked)">
                  {{ s.text }}@if (s.points !== undefined && c.kind === 'additive') {<span class="pts">（{{ formatPoints(s.points) }}）</span>}
                </mat-checkbox>
                @if (editable()) {
                  <button type="button" class="strike" [attr.aria-pressed]="isStruck(c.key, s.key)" [attr.aria-label]="s.text + 'を対象外にする'" matTooltip="該当しない項目として消す" (click)="toggle(c.key, 'struck', s.key, !isStruck(c.key, s.key))">
                    {{ isStruck(c.key, s.key) ? '対象に戻す' : '対象外' }}
                  </button>
                }
              </div>
            }
            @if (c.kind === 'grade' && c.checklistRules.length) {
              <p class="rule">判定: 該当 {{ scoreOf(c.key)?.ticked ?? 0 }}項目 ／ {{ ruleText(c) }}（評定を選ぶと選んだ評定が優先されます）</p>
            }
          </div>
        }
        @if (c.kind === 'grade') {
          <mat-radio-group class="grades" [attr.aria-label]="c.subItemName + 'の評定'" [ngModel]="entry(c.key)?.grade ?? null" (ngModelChange)="set(c.key, { grade: $event })" [disabled]="!editable()">
            @for (g of c.grades; track g.grade) {
              <mat-radio-button [value]="g.grade" [matTooltip]="g.label ?? ''">{{ g.grade }}（{{ formatPoints(g.points) }}）</mat-radio-button>
            }
            @if (c.checklistRules.length && editable()) {
              <mat-radio-button [value]="null">評価対象項目から</mat-radio-button>
            }
          </mat-radio-group>
        } @else {
          <div class="additive">
            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="points">
              <mat-label>{{ c.subItemName }}の点数</mat-label>
              <input matInput type="number" [min]="c.range?.min ?? 0" [max]="c.range?.max ?? 100" step="0.5" [placeholder]="'該当項目の合計 ' + formatPoints(checkedSum(c))" [ngModel]="entry(c.key)?.points ?? null" (ngModelChange)="setPoints(c.key, $event)" [disabled]="!editable()" />
              <mat-hint>{{ c.range?.min }}〜{{ c.range?.max }}点（空欄なら該当項目の合計）</mat-hint>
            </mat-form-field>
          </div>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="reason">
          <mat-label>{{ c.subItemName }}の理由・所見</mat-label>
          <input matInput [ngModel]="entry(c.key)?.reason ?? ''" (ngModelChange)="set(c.key, { reason: $event || null })" [disabled]="!editable()" maxlength="1000" />
        </mat-form-field>
      </fieldset>
    }
  `,
  styles: `
    .criterion { border: 1px solid var(--mat-sys-outline-variant); border-radius: 6px; margin: 0 0 10px; padding: 6px 12px 10px; }
    legend { display: flex; gap: 10px; align-items: baseline; width: 100%; padding: 0 4px; font-size: 13px; }
    .item { font-weight: 600; }
    .spacer { flex: 1; }
    .result { font-variant-numeric: tabular-nums; }
    .note, .rule, .pts { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
    .checklist { display: flex; flex-direction: column; margin: 2px 0 4px; }
    .statement { display: flex; align-items: center; gap: 6px; }
    .statement.struck mat-checkbox { text-decoration: line-through; opacity: 0.6; }
    .strike { font-size: 11px; border: 1px solid var(--mat-sys-outline-variant); background: none; border-radius: 4px; cursor: pointer; padding: 1px 6px; }
    .rule { margin: 2px 0 0 8px; }
    .grades { display: flex; flex-wrap: wrap; gap: 0 6px; }
    .points { width: 260px; margin-top: 6px; }
    .reason { width: 100%; margin-top: 6px; }
  `,
})
export class EvaluationPartComponent {
  readonly definition = input.required<EvaluationRuleDefinition>();
  readonly rater = input.required<RaterSlot>();
  readonly entries = input.required<RaterEntries>();
  /** The live per-criterion scores (computed by the page with the domain functions). */
  readonly scores = input<CriterionScore[]>([]);
  readonly editable = input(false);
  readonly entriesChange = output<RaterEntries>();

  readonly criteria = computed<Criterion[]>(() => criteriaOf(this.definition(), this.rater()));
  private readonly byKey = computed(() => new Map(this.scores().map((s) => [s.key, s])));
  readonly formatPoints = formatPoints;

  ruleText(c: EvaluationCriterion): string {
    return checklistRuleText(c);
  }

  scoreOf(key: string): CriterionScore | undefined {
    return this.byKey().get(key);
  }

  entry(key: string): CriterionEntry | undefined {
    return this.entries()[key];
  }

  isTicked(key: string, statement: string): boolean {
    return this.entry(key)?.ticked?.includes(statement) ?? false;
  }

  isStruck(key: string, statement: string): boolean {
    return this.entry(key)?.struck?.includes(statement) ?? false;
  }

  checkedSum(c: EvaluationCriterion): number {
    const struck = new Set(this.entry(c.key)?.struck ?? []);
    const ticked = (this.entry(c.key)?.ticked ?? []).filter((k) => !struck.has(k));
    return c.checklist.filter((s) => ticked.includes(s.key)).reduce((sum, s) => sum + (s.points ?? 0), 0);
  }

  set(key: string, patch: Partial<CriterionEntry>): void {
    const next: CriterionEntry = { ...(this.entry(key) ?? {}), ...patch };
    for (const k of Object.keys(next) as Array<keyof CriterionEntry>) {
      const v = next[k];
      if (v === null || v === undefined || (Array.isArray(v) && !v.length)) delete next[k];
    }
    const all = { ...this.entries() };
    if (Object.keys(next).length) all[key] = next;
    else delete all[key];
    this.entriesChange.emit(all);
  }

  toggle(key: string, list: 'ticked' | 'struck', statement: string, on: boolean): void {
    const current = new Set(this.entry(key)?.[list] ?? []);
    if (on) current.add(statement);
    else current.delete(statement);
    const patch: Partial<CriterionEntry> = { [list]: [...current] };
    // A struck statement is not ticked.
    if (list === 'struck' && on) patch.ticked = (this.entry(key)?.ticked ?? []).filter((s) => s !== statement);
    this.set(key, patch);
  }

  setPoints(key: string, value: number | string | null): void {
    const n = value === '' || value === null ? null : Number(value);
    this.set(key, { points: n === null || Number.isNaN(n) ? null : n });
  }
}
