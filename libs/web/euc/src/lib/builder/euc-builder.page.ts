import { CdkDrag, CdkDragDrop, CdkDropList, moveItemInArray } from '@angular/cdk/drag-drop';
import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatSelectModule } from '@angular/material/select';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { ColDef } from 'ag-grid-community';
import {
  aggregateAllowed, aggregateKey, EUC_AGGREGATE_LABELS, EUC_AGGREGATES, EUC_OPERATOR_LABELS, EUC_SCHEDULE_LABELS, EUC_SCHEDULES, EUC_SHARING, EUC_SHARING_LABELS,
  EucAggregateFn, EucDatasetInfo, EucFieldInfo, EucFilter, EucOperator, EucQuery, EucResultColumn, EucSchedule, EucSharing, formatJapaneseDate, formatJapaneseDateTime,
} from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { ChartKind, ChartPoint, errorMessage, GridPage, GridParams, KyChart, KyDataGrid, startDownload, urlWithParams } from '@keiyaku/web/ui';
import { EucApi, SavedQuery, SavedScope } from '../euc-api.service';

interface FilterRow {
  field: string;
  op: EucOperator;
  /** eq/ne/contains/startsWith/lastNDays; the first bound of between. */
  value: string;
  /** The second bound of between. */
  value2: string;
  /** in: the chosen codes, or the typed values separated by commas. */
  list: string[];
}

interface AggregateRow {
  fn: EucAggregateFn;
  field: string;
}

const NO_VALUE: EucOperator[] = ['empty', 'notEmpty', 'thisFiscalYear', 'lastFiscalYear'];

/**
 * 検索・抽出（EUC）: pick a dataset, columns (drag to reorder), conditions, sort and grouping;
 * the result pages on the server into the shared grid; grouped results also draw as a chart.
 * Saved queries can be shared, starred, exported and scheduled. Users without euc.author run
 * the queries shared with them.
 */
@Component({
  selector: 'ky-euc-builder-page',
  imports: [
    FormsModule, RouterLink, CdkDropList, CdkDrag, KyDataGrid, KyChart, MatButtonModule, MatButtonToggleModule, MatCheckboxModule, MatFormFieldModule, MatIconModule,
    MatInputModule, MatMenuModule, MatSelectModule, MatTooltipModule,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page page">
      <div class="title-row">
        <h1 class="ky-page-title">検索・抽出（EUC）</h1>
        <a mat-button routerLink="/euc/forms"><mat-icon>description</mat-icon>登録帳票</a>
      </div>
      @if (message()) {
        <p class="message" role="status">{{ message() }}</p>
      }
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      <div class="layout">
        <aside class="saved" aria-label="保存した検索条件">
          <h2>保存した検索条件</h2>
          <mat-button-toggle-group [value]="scope()" (change)="setScope($event.value)" aria-label="表示する検索条件" hideSingleSelectionIndicator>
            <mat-button-toggle value="all">すべて</mat-button-toggle>
            <mat-button-toggle value="mine">自分</mat-button-toggle>
            <mat-button-toggle value="shared">共有</mat-button-toggle>
            <mat-button-toggle value="favorites">お気に入り</mat-button-toggle>
          </mat-button-toggle-group>
          <ul class="saved-list">
            @for (s of savedList(); track s.id) {
              <li [class.current]="current()?.id === s.id">
                <button mat-icon-button type="button" [attr.aria-label]="(s.favorite ? 'お気に入りから外す: ' : 'お気に入りに追加: ') + s.name" (click)="toggleFavorite(s)">
                  <mat-icon>{{ s.favorite ? 'star' : 'star_border' }}</mat-icon>
                </button>
                <button type="button" class="saved-open" [attr.aria-label]="'開いて実行: ' + s.name" (click)="openSaved(s)">
                  <span class="saved-name">{{ s.name }}</span>
                  <span class="saved-meta">{{ s.datasetLabel }}・{{ sharingLabels[s.sharing] }}{{ s.mine ? '' : '・' + s.ownerLoginId }}{{ s.schedule ? '・' + scheduleLabels[s.schedule] : '' }}</span>
                </button>
              </li>
            } @empty {
              <li class="empty">ありません。</li>
            }
          </ul>
        </aside>

        <div class="main">
          @if (canAuthor()) {
            <form class="builder" aria-label="検索条件" (submit)="$event.preventDefault(); run()">
              <div class="row">
                <mat-form-field appearance="outline" subscriptSizing="dynamic">
                  <mat-label>データの種類</mat-label>
                  <mat-select [ngModel]="datasetKey()" name="dataset" (ngModelChange)="chooseDataset($event)">
                    @for (d of datasets(); track d.key) {
                      <mat-option [value]="d.key">{{ d.label }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                @if (dataset(); as d) {
                  <span class="hint">{{ d.description }}（範囲: {{ d.scope }}）</span>
                }
              </div>

              @if (dataset(); as d) {
                <fieldset [disabled]="grouped()">
                  <legend>表示する項目（ドラッグで並べ替え）</legend>
                  <div class="chips" cdkDropList cdkDropListOrientation="horizontal" (cdkDropListDropped)="dropColumn($event)" aria-label="表示する項目">
                    @for (c of columns(); track c) {
                      <span class="chip" cdkDrag [attr.data-column]="c">
                        <mat-icon class="handle">drag_indicator</mat-icon>{{ labelOf(c) }}
                        <button type="button" class="chip-remove" [attr.aria-label]="labelOf(c) + 'を外す'" (click)="removeColumn(c)"><mat-icon>close</mat-icon></button>
                      </span>
                    }
                  </div>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic" class="add">
                    <mat-label>項目を追加</mat-label>
                    <mat-select [ngModel]="null" name="addColumn" (ngModelChange)="addColumn($event)">
                      @for (f of unusedFields(); track f.key) {
                        <mat-option [value]="f.key">{{ f.group }}: {{ f.label }}{{ f.masked ? '（開札前は非表示）' : '' }}</mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                </fieldset>

                <fieldset>
                  <legend>条件</legend>
                  @for (f of filters(); track $index; let i = $index) {
                    <div class="filter" role="group" [attr.aria-label]="'条件' + (i + 1)">
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>項目</mat-label>
                        <mat-select [ngModel]="f.field" [name]="'ff' + i" (ngModelChange)="patchFilter(i, { field: $event, op: fieldInfo($event)!.operators[0], value: '', value2: '', list: [] })">
                          @for (x of d.fields; track x.key) {
                            <mat-option [value]="x.key">{{ x.label }}</mat-option>
                          }
                        </mat-select>
                      </mat-form-field>
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>条件の種類</mat-label>
                        <mat-select [ngModel]="f.op" [name]="'fo' + i" (ngModelChange)="patchFilter(i, { op: $event })">
                          @for (op of fieldInfo(f.field)?.operators ?? []; track op) {
                            <mat-option [value]="op">{{ operatorLabels[op] }}</mat-option>
                          }
                        </mat-select>
                      </mat-form-field>
                      @if (fieldInfo(f.field); as fi) {
                        @if (f.op === 'in' && fi.type === 'code') {
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="value">
                            <mat-label>値</mat-label>
                            <mat-select multiple [ngModel]="f.list" [name]="'fl' + i" (ngModelChange)="patchFilter(i, { list: $event })">
                              @for (c of fi.codes ?? []; track c.code) {
                                <mat-option [value]="c.code">{{ c.label }}</mat-option>
                              }
                            </mat-select>
                          </mat-form-field>
                        } @else if (fi.type === 'code' && !noValue(f.op)) {
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="value">
                            <mat-label>値</mat-label>
                            <mat-select [ngModel]="f.value" [name]="'fv' + i" (ngModelChange)="patchFilter(i, { value: $event })">
                              @for (c of fi.codes ?? []; track c.code) {
                                <mat-option [value]="c.code">{{ c.label }}</mat-option>
                              }
                            </mat-select>
                          </mat-form-field>
                        } @else if (f.op === 'lastNDays') {
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="value">
                            <mat-label>日数</mat-label>
                            <input matInput type="number" min="1" [ngModel]="f.value" [name]="'fv' + i" (ngModelChange)="patchFilter(i, { value: $event })" />
                          </mat-form-field>
                        } @else if (!noValue(f.op)) {
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="value">
                            <mat-label>{{ f.op === 'between' ? '開始' : f.op === 'in' ? '値（「,」区切り）' : '値' }}</mat-label>
                            <input matInput [type]="inputType(fi, f.op)" [ngModel]="f.value" [name]="'fv' + i" (ngModelChange)="patchFilter(i, { value: $event })" />
                          </mat-form-field>
                          @if (f.op === 'between') {
                            <mat-form-field appearance="outline" subscriptSizing="dynamic" class="value">
                              <mat-label>終了</mat-label>
                              <input matInput [type]="inputType(fi, f.op)" [ngModel]="f.value2" [name]="'fw' + i" (ngModelChange)="patchFilter(i, { value2: $event })" />
                            </mat-form-field>
                          }
                        }
                      }
                      <button mat-icon-button type="button" [attr.aria-label]="'条件' + (i + 1) + 'を削除'" (click)="removeFilter(i)"><mat-icon>delete</mat-icon></button>
                    </div>
                  }
                  <button mat-stroked-button type="button" (click)="addFilter()"><mat-icon>add</mat-icon>条件を追加</button>
                </fieldset>

                <fieldset>
                  <legend>集計</legend>
                  <mat-checkbox [ngModel]="grouped()" name="grouped" (ngModelChange)="grouped.set($event)">集計する（グループごとの件数・合計など）</mat-checkbox>
                  @if (grouped()) {
                    <div class="row">
                      <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
                        <mat-label>集計の単位</mat-label>
                        <mat-select multiple [ngModel]="groupFields()" name="groupFields" (ngModelChange)="groupFields.set($event)">
                          @for (x of d.fields; track x.key) {
                            <mat-option [value]="x.key">{{ x.label }}</mat-option>
                          }
                        </mat-select>
                      </mat-form-field>
                    </div>
                    @for (a of aggregates(); track $index; let i = $index) {
                      <div class="filter" role="group" [attr.aria-label]="'集計値' + (i + 1)">
                        <mat-form-field appearance="outline" subscriptSizing="dynamic">
                          <mat-label>集計の種類</mat-label>
                          <mat-select [ngModel]="a.fn" [name]="'af' + i" (ngModelChange)="patchAggregate(i, { fn: $event })">
                            @for (fn of aggregateFns; track fn) {
                              <mat-option [value]="fn">{{ aggregateLabels[fn] }}</mat-option>
                            }
                          </mat-select>
                        </mat-form-field>
                        @if (a.fn !== 'count') {
                          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
                            <mat-label>集計する項目</mat-label>
                            <mat-select [ngModel]="a.field" [name]="'ag' + i" (ngModelChange)="patchAggregate(i, { field: $event })">
                              @for (x of aggregatable(a.fn); track x.key) {
                                <mat-option [value]="x.key">{{ x.label }}</mat-option>
                              }
                            </mat-select>
                          </mat-form-field>
                        }
                        <button mat-icon-button type="button" [attr.aria-label]="'集計値' + (i + 1) + 'を削除'" (click)="removeAggregate(i)"><mat-icon>delete</mat-icon></button>
                      </div>
                    }
                    <button mat-stroked-button type="button" (click)="addAggregate()"><mat-icon>add</mat-icon>集計値を追加</button>
                  }
                </fieldset>

                <fieldset>
                  <legend>並び順</legend>
                  @for (s of sort(); track $index; let i = $index) {
                    <div class="filter" role="group" [attr.aria-label]="'並び順' + (i + 1)">
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>項目</mat-label>
                        <mat-select [ngModel]="s.field" [name]="'sf' + i" (ngModelChange)="patchSort(i, { field: $event })">
                          @for (o of sortOptions(); track o.key) {
                            <mat-option [value]="o.key">{{ o.label }}</mat-option>
                          }
                        </mat-select>
                      </mat-form-field>
                      <mat-form-field appearance="outline" subscriptSizing="dynamic">
                        <mat-label>順序</mat-label>
                        <mat-select [ngModel]="s.direction" [name]="'sd' + i" (ngModelChange)="patchSort(i, { direction: $event })">
                          <mat-option value="asc">昇順</mat-option>
                          <mat-option value="desc">降順</mat-option>
                        </mat-select>
                      </mat-form-field>
                      <button mat-icon-button type="button" [attr.aria-label]="'並び順' + (i + 1) + 'を削除'" (click)="removeSort(i)"><mat-icon>delete</mat-icon></button>
                    </div>
                  }
                  <button mat-stroked-button type="button" (click)="addSort()"><mat-icon>add</mat-icon>並び順を追加</button>
                </fieldset>

                <div class="actions">
                  <button mat-flat-button type="submit"><mat-icon>play_arrow</mat-icon>実行</button>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>名前</mat-label>
                    <input matInput [ngModel]="saveName()" name="saveName" maxlength="150" (ngModelChange)="saveName.set($event)" />
                  </mat-form-field>
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>共有</mat-label>
                    <mat-select [ngModel]="saveSharing()" name="saveSharing" (ngModelChange)="saveSharing.set($event)">
                      @for (s of sharings; track s) {
                        <mat-option [value]="s">{{ sharingLabels[s] }}</mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                  @if (current()?.mine) {
                    <button mat-stroked-button type="button" (click)="save(false)"><mat-icon>save</mat-icon>上書き保存</button>
                  }
                  <button mat-stroked-button type="button" (click)="save(true)"><mat-icon>save_as</mat-icon>{{ current()?.mine ? '別名で保存' : '保存' }}</button>
                  @if (current()?.mine) {
                    <button mat-button type="button" (click)="remove()"><mat-icon>delete</mat-icon>削除</button>
                  }
                </div>
              }
            </form>
          } @else if (current(); as c) {
            <div class="builder">
              <p><strong>{{ c.name }}</strong>（{{ c.datasetLabel }}・作成者 {{ c.ownerLoginId }}）</p>
              <p class="hint">{{ summary() }}</p>
            </div>
          } @else {
            <p class="hint">左の一覧から共有された検索条件を選んで実行してください。検索条件の作成・共有はEUC作成者の権限が必要です。</p>
          }

          @if (ran()) {
            <div class="outputs">
              <button mat-stroked-button type="button" (click)="exportFile('xlsx')"><mat-icon>table_view</mat-icon>Excel出力</button>
              <button mat-stroked-button type="button" [matMenuTriggerFor]="csvMenu"><mat-icon>download</mat-icon>CSV出力</button>
              <mat-menu #csvMenu="matMenu">
                <button mat-menu-item type="button" (click)="exportFile('csv', 'utf8')">UTF-8（BOM付き・Excel向け）</button>
                <button mat-menu-item type="button" (click)="exportFile('csv', 'sjis')">Shift_JIS（従来のシステム向け）</button>
              </mat-menu>
              @if (current(); as c) {
                <button mat-button type="button" matTooltip="処理状況に結果のファイルが届きます" (click)="exportJob()"><mat-icon>schedule_send</mat-icon>バックグラウンドで出力</button>
                @if (c.mine && canAuthor()) {
                  <mat-form-field appearance="outline" subscriptSizing="dynamic">
                    <mat-label>定期出力</mat-label>
                    <mat-select [ngModel]="c.schedule" name="schedule" (ngModelChange)="setSchedule($event)">
                      <mat-option [value]="null">しない</mat-option>
                      @for (s of schedules; track s) {
                        <mat-option [value]="s">{{ scheduleLabels[s] }}（Excel）</mat-option>
                      }
                    </mat-select>
                  </mat-form-field>
                }
                <a mat-button routerLink="/jobs"><mat-icon>pending_actions</mat-icon>処理状況</a>
              }
              @if (truncated()) {
                <span class="error">結果が上限（{{ rowLimit() }}件）を超えたため、先頭の{{ rowLimit() }}件を表示しています。</span>
              }
            </div>
            @if (grouped() && chartPoints().length) {
              <section class="chart" [attr.aria-label]="chartTitle()"><h3 class="chart-title">{{ chartTitle() }}</h3><ky-chart [points]="chartPoints()" [title]="chartTitle()" [kinds]="chartKinds" /></section>
            }
            <ky-data-grid
              class="grid"
              [endpoint]="endpoint()"
              [gridId]="'euc.' + (datasetKey() ?? 'result')"
              [columnDefs]="gridColumns()"
              [params]="gridParams()"
              [exportable]="false"
              searchPlaceholder="（検索は条件で指定します）"
              (pageLoaded)="onPage($event)"
            />
          }
        </div>
      </div>
    </section>
  `,
  styles: `
    .chart { border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; background: #fff; }
    .chart-title { margin: 0; font-size: 14px; font-weight: 500; }
    .page { display: flex; flex-direction: column; gap: 8px; height: 100%; }
    .title-row { display: flex; align-items: center; justify-content: space-between; }
    .layout { display: grid; grid-template-columns: 260px 1fr; gap: 16px; min-height: 0; flex: 1; }
    .saved { border-right: 1px solid #e0e0e0; padding-right: 12px; overflow: auto; }
    .saved h2 { font-size: 15px; margin: 0 0 8px; }
    .saved-list { list-style: none; padding: 0; margin: 8px 0 0; }
    .saved-list li { display: flex; align-items: center; gap: 2px; border-radius: 4px; }
    .saved-list li.current { background: #e8eef9; }
    .saved-open { flex: 1; text-align: left; background: none; border: 0; padding: 4px; cursor: pointer; display: flex; flex-direction: column; font: inherit; }
    .saved-name { font-weight: 500; }
    .saved-meta { font-size: 12px; color: #666; }
    .main { display: flex; flex-direction: column; gap: 10px; min-width: 0; }
    .builder fieldset { border: 1px solid #e0e0e0; border-radius: 6px; margin: 0 0 8px; padding: 6px 10px 10px; }
    .builder legend { font-size: 13px; color: #444; padding: 0 4px; }
    .row, .filter, .actions, .outputs { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin-bottom: 6px; }
    .chips { display: flex; flex-wrap: wrap; gap: 6px; min-height: 36px; margin-bottom: 6px; }
    .chip { display: inline-flex; align-items: center; gap: 2px; background: #eef2f8; border: 1px solid #c9d4e6; border-radius: 16px; padding: 2px 4px 2px 6px; cursor: move; font-size: 13px; }
    .chip .handle { font-size: 16px; width: 16px; height: 16px; color: #777; }
    .chip-remove { background: none; border: 0; cursor: pointer; padding: 0; display: inline-flex; }
    .chip-remove mat-icon { font-size: 16px; width: 16px; height: 16px; }
    .cdk-drag-preview { box-shadow: 0 2px 6px rgba(0,0,0,.3); }
    .cdk-drag-placeholder { opacity: .3; }
    .hint { color: #555; font-size: 13px; }
    .wide { min-width: 320px; }
    .value { width: 170px; }
    .message { color: #1b5e20; }
    .error { color: #b3261e; }
    .grid { min-height: 360px; flex: 1; }
    .empty { color: #777; padding: 4px; }
  `,
})
export class EucBuilderPage implements OnInit {
  private readonly api = inject(EucApi);
  private readonly auth = inject(AuthService);

  readonly operatorLabels = EUC_OPERATOR_LABELS;
  readonly aggregateLabels = EUC_AGGREGATE_LABELS;
  readonly aggregateFns = EUC_AGGREGATES;
  readonly sharingLabels = EUC_SHARING_LABELS;
  readonly sharings = EUC_SHARING;
  readonly scheduleLabels = EUC_SCHEDULE_LABELS;
  readonly schedules = EUC_SCHEDULES;

  readonly canAuthor = computed(() => this.auth.can('euc.author'));
  readonly datasets = signal<EucDatasetInfo[]>([]);
  readonly datasetKey = signal<string | null>(null);
  readonly dataset = computed(() => this.datasets().find((d) => d.key === this.datasetKey()) ?? null);
  readonly columns = signal<string[]>([]);
  readonly filters = signal<FilterRow[]>([]);
  readonly sort = signal<Array<{ field: string; direction: 'asc' | 'desc' }>>([]);
  readonly grouped = signal(false);
  readonly groupFields = signal<string[]>([]);
  readonly aggregates = signal<AggregateRow[]>([]);

  readonly scope = signal<SavedScope>('all');
  readonly savedList = signal<SavedQuery[]>([]);
  readonly current = signal<SavedQuery | null>(null);
  readonly saveName = signal('');
  readonly saveSharing = signal<EucSharing>('private');

  readonly message = signal<string | null>(null);
  readonly error = signal<string | null>(null);
  readonly ran = signal(false);
  /** The query the grid shows (JSON), and whether it is the saved one unchanged. */
  readonly runQuery = signal<EucQuery | null>(null);
  readonly runSavedId = signal<number | null>(null);
  readonly resultColumns = signal<EucResultColumn[]>([]);
  readonly chartRows = signal<Array<Record<string, unknown>>>([]);
  readonly truncated = signal(false);
  readonly rowLimit = signal(0);

  readonly unusedFields = computed(() => (this.dataset()?.fields ?? []).filter((f) => !this.columns().includes(f.key)));

  readonly endpoint = computed(() => (this.runSavedId() !== null ? `/api/euc/queries/${this.runSavedId()}/results` : '/api/euc/results'));
  readonly gridParams = computed<GridParams>(() => (this.runSavedId() !== null ? { run: this.runNo() } : { query: JSON.stringify(this.runQuery()), run: this.runNo() }));
  private readonly runNo = signal(0);

  readonly gridColumns = computed<ColDef[]>(() => {
    const fields = new Map((this.datasets().find((d) => d.key === this.runQuery()?.dataset)?.fields ?? []).map((f) => [f.key, f]));
    return this.plannedColumns().map((c) => ({
      colId: c.key,
      field: c.key,
      headerName: c.label,
      type: c.type === 'number' ? 'rightAligned' : undefined,
      valueFormatter: (p: { value: unknown }) => this.display(c, fields.get(c.key), p.value),
    }));
  });

  readonly sortOptions = computed(() => {
    const d = this.dataset();
    if (!d) return [];
    if (!this.grouped()) return d.fields.map((f) => ({ key: f.key, label: f.label }));
    return [
      ...this.groupFields().map((k) => ({ key: k, label: this.labelOf(k) })),
      ...this.aggregates().filter((a) => a.fn === 'count' || a.field).map((a) => ({ key: aggregateKey({ fn: a.fn, field: a.field }), label: this.aggregateLabel(a) })),
    ];
  });

  readonly chartKinds: ChartKind[] = ['bar', 'line', 'pie'];
  readonly chartPoints = computed<ChartPoint[]>(() => {
    const cols = this.resultColumns();
    const q = this.runQuery();
    if (!q?.groupBy || !cols.length) return [];
    const groupKeys = q.groupBy.fields;
    const valueCol = cols.find((c) => !groupKeys.includes(c.key));
    if (!valueCol) return [];
    const fields = new Map((this.datasets().find((d) => d.key === q.dataset)?.fields ?? []).map((f) => [f.key, f]));
    return this.chartRows().slice(0, 50).map((r) => ({
      label: groupKeys.map((k) => this.display(cols.find((c) => c.key === k)!, fields.get(k), r[k])).join('・') || '全体',
      value: Number(r[valueCol.key] ?? 0),
    }));
  });

  readonly chartTitle = computed(() => {
    const cols = this.resultColumns();
    const q = this.runQuery();
    const valueCol = cols.find((c) => !(q?.groupBy?.fields ?? []).includes(c.key));
    return valueCol?.label ?? '';
  });

  readonly summary = computed(() => {
    const q = this.current()?.query;
    if (!q) return '';
    const d = this.datasets().find((x) => x.key === q.dataset);
    const label = (k: string) => d?.fields.find((f) => f.key === k)?.label ?? k;
    const parts = q.groupBy ? [`集計: ${q.groupBy.fields.map(label).join('・') || '全体'}`] : [`項目: ${q.columns.map(label).join('・')}`];
    for (const f of q.filters) parts.push(`${label(f.field)} ${EUC_OPERATOR_LABELS[f.op]}${f.value === undefined || f.value === null ? '' : ` ${Array.isArray(f.value) ? f.value.join('〜') : f.value}`}`);
    return parts.join(' / ');
  });

  async ngOnInit(): Promise<void> {
    try {
      const datasets = await this.api.datasets();
      this.datasets.set(datasets);
      if (this.canAuthor() && datasets.length) this.chooseDataset(datasets.find((d) => d.key === 'contracts')?.key ?? datasets[0].key);
    } catch (e) {
      this.error.set(errorMessage(e));
    }
    await this.loadSaved();
  }

  fieldInfo(key: string): EucFieldInfo | undefined {
    return this.dataset()?.fields.find((f) => f.key === key);
  }

  labelOf(key: string): string {
    return this.fieldInfo(key)?.label ?? key;
  }

  noValue(op: EucOperator): boolean {
    return NO_VALUE.includes(op);
  }

  inputType(f: EucFieldInfo, op: EucOperator): string {
    if (op === 'in') return 'text';
    if (f.type === 'number') return 'number';
    if (f.type === 'date' || f.type === 'datetime') return 'date';
    return 'text';
  }

  aggregatable(fn: EucAggregateFn): EucFieldInfo[] {
    return (this.dataset()?.fields ?? []).filter((f) => aggregateAllowed(fn, f.type));
  }

  private aggregateLabel(a: AggregateRow): string {
    return a.fn === 'count' ? '件数' : `${this.labelOf(a.field)}（${EUC_AGGREGATE_LABELS[a.fn]}）`;
  }

  chooseDataset(key: string): void {
    this.datasetKey.set(key);
    this.columns.set([...(this.dataset()?.defaultColumns ?? [])]);
    this.filters.set([]);
    this.sort.set([]);
    this.grouped.set(false);
    this.groupFields.set([]);
    this.aggregates.set([]);
    this.current.set(null);
  }

  dropColumn(event: CdkDragDrop<string[]>): void {
    const list = [...this.columns()];
    moveItemInArray(list, event.previousIndex, event.currentIndex);
    this.columns.set(list);
  }

  addColumn(key: string | null): void {
    if (key && !this.columns().includes(key)) this.columns.set([...this.columns(), key]);
  }

  removeColumn(key: string): void {
    this.columns.set(this.columns().filter((c) => c !== key));
  }

  addFilter(): void {
    const first = this.dataset()?.fields[0];
    if (!first) return;
    this.filters.set([...this.filters(), { field: first.key, op: first.operators[0], value: '', value2: '', list: [] }]);
  }

  patchFilter(i: number, patch: Partial<FilterRow>): void {
    this.filters.set(this.filters().map((f, j) => (j === i ? { ...f, ...patch } : f)));
  }

  removeFilter(i: number): void {
    this.filters.set(this.filters().filter((_, j) => j !== i));
  }

  addAggregate(): void {
    this.aggregates.set([...this.aggregates(), { fn: 'count', field: '' }]);
  }

  patchAggregate(i: number, patch: Partial<AggregateRow>): void {
    this.aggregates.set(this.aggregates().map((a, j) => (j === i ? { ...a, ...patch } : a)));
  }

  removeAggregate(i: number): void {
    this.aggregates.set(this.aggregates().filter((_, j) => j !== i));
  }

  addSort(): void {
    const first = this.sortOptions()[0];
    if (first) this.sort.set([...this.sort(), { field: first.key, direction: 'asc' }]);
  }

  patchSort(i: number, patch: Partial<{ field: string; direction: 'asc' | 'desc' }>): void {
    this.sort.set(this.sort().map((s, j) => (j === i ? { ...s, ...patch } : s)));
  }

  removeSort(i: number): void {
    this.sort.set(this.sort().filter((_, j) => j !== i));
  }

  /** The query as the server takes it: typed values, ranges as [from, to]. */
  buildQuery(): EucQuery {
    const filters: EucFilter[] = this.filters().map((f) => {
      const info = this.fieldInfo(f.field);
      const typed = (v: string) => (v === '' || v === null || v === undefined ? null : info?.type === 'number' ? Number(v) : String(v));
      if (NO_VALUE.includes(f.op)) return { field: f.field, op: f.op };
      if (f.op === 'between') return { field: f.field, op: f.op, value: [typed(f.value), typed(f.value2)] as Array<string | number> };
      if (f.op === 'in') {
        const values = info?.type === 'code' ? f.list : String(f.value ?? '').split(/[,、，]/).map((s) => s.trim()).filter(Boolean);
        return { field: f.field, op: f.op, value: values.map((v) => (info?.type === 'number' ? Number(v) : v)) };
      }
      if (f.op === 'lastNDays') return { field: f.field, op: f.op, value: Number(f.value) };
      return { field: f.field, op: f.op, value: typed(f.value) };
    });
    const groupBy = this.grouped()
      ? { fields: this.groupFields(), aggregates: this.aggregates().map((a) => ({ fn: a.fn, field: a.fn === 'count' ? null : a.field || null })) }
      : null;
    return { dataset: this.datasetKey() ?? '', columns: this.grouped() ? [] : this.columns(), filters, sort: this.sort(), groupBy };
  }

  /** Loads a query into the builder's controls. */
  private load(q: EucQuery): void {
    this.datasetKey.set(q.dataset);
    this.columns.set([...q.columns]);
    this.filters.set(
      q.filters.map((f) => {
        const v = f.value;
        const list = Array.isArray(v) ? v.map((x) => String(x ?? '')) : [];
        const info = this.fieldInfo(f.field);
        return {
          field: f.field,
          op: f.op,
          value: f.op === 'between' ? (list[0] ?? '') : f.op === 'in' && info?.type !== 'code' ? list.join(',') : v === null || v === undefined ? '' : String(v),
          value2: f.op === 'between' ? (list[1] ?? '') : '',
          list: f.op === 'in' ? list : [],
        };
      }),
    );
    this.sort.set(q.sort.map((s) => ({ ...s })));
    this.grouped.set(!!q.groupBy);
    this.groupFields.set(q.groupBy?.fields ?? []);
    this.aggregates.set((q.groupBy?.aggregates ?? []).map((a) => ({ fn: a.fn, field: a.field ?? '' })));
  }

  /** Columns the result will have, known before the first page arrives. */
  private plannedColumns(): EucResultColumn[] {
    const q = this.runQuery();
    if (!q) return [];
    const d = this.datasets().find((x) => x.key === q.dataset);
    const info = (k: string) => d?.fields.find((f) => f.key === k);
    if (!q.groupBy) return q.columns.map((k) => ({ key: k, label: info(k)?.label ?? k, type: info(k)?.type ?? 'string' }));
    const aggs = q.groupBy.aggregates.length ? q.groupBy.aggregates : [{ fn: 'count' as const, field: null }];
    return [
      ...q.groupBy.fields.map((k) => ({ key: k, label: info(k)?.label ?? k, type: info(k)?.type ?? 'string' })),
      ...aggs.map((a) => ({
        key: aggregateKey(a),
        label: a.fn === 'count' ? '件数' : `${info(a.field ?? '')?.label ?? a.field}（${EUC_AGGREGATE_LABELS[a.fn]}）`,
        type: a.fn === 'min' || a.fn === 'max' ? (info(a.field ?? '')?.type ?? 'number') : 'number',
      })),
    ];
  }

  display(c: EucResultColumn, field: EucFieldInfo | undefined, value: unknown): string {
    if (value === null || value === undefined || value === '') return '';
    if (field?.type === 'code' && (c.type === 'code' || c.key === field.key)) return field.codes?.find((x) => x.code === value)?.label ?? String(value);
    if (c.type === 'number') return Number(value).toLocaleString('ja-JP', { maximumFractionDigits: 2 });
    if (c.type === 'date') return formatJapaneseDate(String(value));
    if (c.type === 'datetime') return formatJapaneseDateTime(String(value));
    return String(value);
  }

  /** Runs the builder's query (authors) into the grid. */
  run(): void {
    this.error.set(null);
    this.message.set(null);
    const q = this.buildQuery();
    const saved = this.current();
    // The saved query unchanged runs as itself (its runs are audited under its name).
    this.runSavedId.set(saved && JSON.stringify(normalise(saved.query)) === JSON.stringify(normalise(q)) ? saved.id : null);
    this.runQuery.set(q);
    this.resultColumns.set(this.plannedColumns());
    this.chartRows.set([]);
    this.runNo.update((n) => n + 1);
    this.ran.set(true);
  }

  onPage(page: GridPage<Record<string, unknown>>): void {
    if (Array.isArray(page['columns'])) this.resultColumns.set(page['columns'] as EucResultColumn[]);
    this.truncated.set(!!page['truncated']);
    this.rowLimit.set(Number(page['rowLimit'] ?? 0));
    if (this.runQuery()?.groupBy && this.chartRows().length === 0) this.chartRows.set(page.rows);
  }

  setScope(scope: SavedScope): void {
    this.scope.set(scope);
    void this.loadSaved();
  }

  async loadSaved(): Promise<void> {
    try {
      this.savedList.set((await this.api.saved(this.scope())).rows);
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  openSaved(s: SavedQuery): void {
    this.current.set(s);
    this.saveName.set(s.name);
    this.saveSharing.set(s.sharing);
    this.load(s.query);
    this.runSavedId.set(s.id);
    this.runQuery.set(s.query);
    this.resultColumns.set(this.plannedColumns());
    this.chartRows.set([]);
    this.runNo.update((n) => n + 1);
    this.ran.set(true);
    this.message.set(null);
    this.error.set(null);
  }

  async toggleFavorite(s: SavedQuery): Promise<void> {
    try {
      const updated = await this.api.favorite(s.id, !s.favorite);
      this.savedList.set(this.savedList().map((x) => (x.id === s.id ? updated : x)));
      if (this.scope() === 'favorites') await this.loadSaved();
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  async save(asNew: boolean): Promise<void> {
    this.error.set(null);
    const name = this.saveName().trim();
    if (!name) {
      this.error.set('名前を入力してください。');
      return;
    }
    const body = { name, sharing: this.saveSharing(), query: this.buildQuery() };
    try {
      const c = this.current();
      const saved = !asNew && c?.mine ? await this.api.update(c.id, { ...body, version: c.version }) : await this.api.create(body);
      this.current.set(saved);
      this.message.set(`「${saved.name}」を保存しました（${EUC_SHARING_LABELS[saved.sharing]}）。`);
      await this.loadSaved();
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  async remove(): Promise<void> {
    const c = this.current();
    if (!c || !confirm(`「${c.name}」を削除しますか？`)) return;
    try {
      await this.api.remove(c.id, c.version);
      this.current.set(null);
      this.message.set(`「${c.name}」を削除しました。`);
      await this.loadSaved();
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  exportFile(format: 'xlsx' | 'csv', encoding: 'utf8' | 'sjis' = 'utf8'): void {
    this.error.set(null);
    const id = this.runSavedId();
    const enc = format === 'csv' ? encoding : null;
    const url = id !== null
      ? urlWithParams(`/api/euc/queries/${id}/export`, { format, encoding: enc })
      : urlWithParams('/api/euc/export', { format, encoding: enc, q: JSON.stringify(this.runQuery()) });
    startDownload(url, (message) => this.error.set(message));
  }

  async exportJob(): Promise<void> {
    const c = this.current();
    if (!c) return;
    try {
      await this.api.exportJob(c.id, 'xlsx', 'utf8');
      this.message.set('出力を開始しました。処理状況から結果のファイルを取得できます。');
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }

  async setSchedule(schedule: EucSchedule | null): Promise<void> {
    const c = this.current();
    if (!c) return;
    try {
      const saved = await this.api.schedule(c.id, { schedule, format: 'xlsx', version: c.version });
      this.current.set(saved);
      this.message.set(schedule ? `${EUC_SCHEDULE_LABELS[schedule]}にExcelで出力し、処理状況に置きます。` : '定期出力をやめました。');
      await this.loadSaved();
    } catch (e) {
      this.error.set(errorMessage(e));
    }
  }
}

/** A query's meaningful content, for comparing the builder's with the saved one. */
function normalise(q: EucQuery): unknown {
  return { dataset: q.dataset, columns: q.groupBy ? [] : q.columns, filters: q.filters.map((f) => ({ field: f.field, op: f.op, value: f.value ?? null })), sort: q.sort, groupBy: q.groupBy ?? null };
}
