import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink, RouterLinkActive } from '@angular/router';

/** The three screens of データ取込 as tabs (each its own route). */
@Component({
  selector: 'ky-import-tabs',
  imports: [MatTabsModule, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav mat-tab-nav-bar [tabPanel]="panel" aria-label="データ取込の画面" mat-stretch-tabs="false" mat-align-tabs="start">
      @for (t of tabs; track t.path) {
        <a mat-tab-link [routerLink]="t.path" routerLinkActive #rla="routerLinkActive" [routerLinkActiveOptions]="{ exact: true }" [active]="rla.isActive">{{ t.label }}</a>
      }
    </nav>
    <mat-tab-nav-panel #panel />
  `,
  styles: `:host { display: block; margin-bottom: 12px; }`,
})
export class ImportTabs {
  readonly tabs = [
    { path: '/imports', label: '取込' },
    { path: '/imports/history', label: '取込履歴' },
    { path: '/imports/profiles', label: '取込定義' },
  ];
}
