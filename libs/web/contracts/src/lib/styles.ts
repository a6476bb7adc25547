/** Styles the contract screens share (component styles are scoped, so each screen includes them). */

/** A four-column form grid: fields span 1, 2 or 4 columns. */
export const FORM_GRID_STYLES = `
  .grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0 12px; align-items: start; }
  .grid .w2 { grid-column: span 2; }
  .grid .w3 { grid-column: span 3; }
  .grid .w4 { grid-column: 1 / -1; }
  .grid mat-form-field { width: 100%; }
  .choice { display: flex; align-items: center; gap: 8px; min-height: 56px; }
  .choice-label { font-size: 13px; color: var(--mat-sys-on-surface-variant); }
`;

/** Compact list tables inside the contract page's tabs. */
export const TABLE_STYLES = `
  .ky-table { border-collapse: collapse; width: 100%; font-size: 13px; }
  .ky-table th, .ky-table td { border-bottom: 1px solid var(--mat-sys-outline-variant); padding: 4px 8px; text-align: left; vertical-align: middle; }
  .ky-table th { background: #eef2f8; font-weight: 600; white-space: nowrap; }
  .ky-table td.num, .ky-table th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .ky-table td.actions { white-space: nowrap; text-align: right; width: 1%; }
  .ky-table tr.dim td { color: var(--mat-sys-on-surface-variant); }
  .empty { color: var(--mat-sys-on-surface-variant); margin: 12px 0; }
  .tab-toolbar { display: flex; align-items: center; gap: 8px; margin: 12px 0 8px; flex-wrap: wrap; }
  .tab-toolbar h2 { font-size: 15px; margin: 0; }
  .tab-toolbar .spacer { flex: 1; }
  .note { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
`;

/** Label/value lists (概要, 結果). */
export const FACTS_STYLES = `
  .facts { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px 16px; margin: 0; }
  .facts .wide { grid-column: span 2; }
  .facts dt { font-size: 12px; color: var(--mat-sys-on-surface-variant); }
  .facts dd { margin: 2px 0 0; white-space: pre-wrap; word-break: break-all; }
`;
