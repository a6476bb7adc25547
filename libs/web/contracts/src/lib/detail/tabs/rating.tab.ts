import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { TABLE_STYLES } from '../../styles';
import { ContractContext } from '../contract-context';

/** 評定: filled by the performance-rating module; until then it says when a rating starts. */
@Component({
  selector: 'ky-contract-rating-tab',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="tab-toolbar"><h2>工事成績評定</h2></div>
    <p class="empty" data-placeholder="rating">完成検査の合格後に評定が開始されます</p>
    @if (ctx.contract()?.status === 'inspected' || ctx.contract()?.status === 'paid') {
      <p class="note">この契約は完成検査に合格しています。評定は「工事成績評定」の画面で行います。</p>
    }
  `,
  styles: [TABLE_STYLES],
})
export class RatingTab {
  readonly ctx = inject(ContractContext);
}
