import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { DuplicateCandidate } from '../models';

/** Vendors that may be the same company: shown before saving a new vendor and after any save. */
@Component({
  selector: 'ky-duplicate-list',
  imports: [MatIconModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="box" role="alert">
      <div class="head"><mat-icon>warning</mat-icon>{{ title() }}</div>
      <ul>
        @for (c of candidates(); track c.id) {
          <li>
            <a [routerLink]="['/vendors', c.id]" target="_blank" rel="noopener">{{ c.vendorCode }} {{ c.name }}</a>
            <span class="address">{{ c.address }}</span>
            <span class="reason">{{ c.reason }}</span>
          </li>
        }
      </ul>
      <ng-content />
    </div>
  `,
  styles: `
    .box { border: 1px solid #f0c36d; background: #fff8e1; border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
    .head { display: flex; align-items: center; gap: 6px; font-weight: 600; color: #7a4100; }
    ul { margin: 6px 0; padding-left: 20px; }
    li { margin: 2px 0; }
    .address { margin-left: 8px; color: var(--mat-sys-on-surface-variant); }
    .reason { margin-left: 8px; font-size: 12px; color: #7a4100; }
  `,
})
export class DuplicateListComponent {
  readonly candidates = input.required<DuplicateCandidate[]>();
  readonly title = input('同じ業者が既に登録されている可能性があります。');
}
