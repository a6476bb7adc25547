import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { CanActivateFn, RedirectCommand, Router, RouterLink } from '@angular/router';
import { NAV_SECTIONS, navFor } from '@keiyaku/domain';
import { AuthService, FORBIDDEN_PATH } from '@keiyaku/web/auth';

/** What each section covers; the feature screens arrive section by section. */
const DESCRIPTIONS: Record<string, string> = {
  contract:
    '業者情報（業者台帳）、入札案件と入札結果、契約の締結・変更、検査の記録を扱います。電子入札システム・財務会計システムからの取込もここから行います。',
  evaluation:
    '完成した工事ごとの工事成績評定表の作成・採点・承認、評定結果の通知、説明請求への対応、評定点の統計を扱います。',
  qualification:
    '事業者がポータルから提出した入札参加資格審査申請の受付・審査・補正依頼・承認を行います。承認すると業者台帳と等級に反映されます。',
  euc: '蓄積されたデータを条件を指定して検索・集計し、Excel・PDFの帳票として出力します。よく使う検索条件は保存して共有できます。',
  admin: 'ユーザーと部署の管理、操作ログの閲覧と改ざん検証、システムの設定、メールの送信状況とシステムの稼働状況の確認を行います。',
};

/** Only users holding one of the section's permissions may open its landing page. */
export const sectionGuard: CanActivateFn = (route) => {
  const section = NAV_SECTIONS.find((s) => s.key === route.paramMap.get('key'));
  if (!section) return true; // the page itself says the section does not exist
  if (inject(AuthService).can(...section.permissions)) return true;
  return new RedirectCommand(inject(Router).parseUrl(FORBIDDEN_PATH), { skipLocationChange: true });
};

@Component({
  selector: 'ky-section-page',
  imports: [MatIconModule, MatListModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="ky-page">
      @if (section(); as s) {
        <h1 class="ky-page-title"><mat-icon class="icon">{{ s.icon }}</mat-icon>{{ s.label }}</h1>
        <p class="description">{{ description() }}</p>
        @if (s.items.length) {
          <h2 class="subtitle">画面</h2>
          <mat-nav-list class="items">
            @for (item of s.items; track item.path) {
              <a mat-list-item [routerLink]="item.path">{{ item.label }}</a>
            }
          </mat-nav-list>
        } @else {
          <p class="pending">この業務の画面は順次追加されます。</p>
        }
      } @else {
        <h1 class="ky-page-title">ページが見つかりません</h1>
        <p>指定された業務はありません。</p>
      }
    </section>
  `,
  styles: `
    .icon { vertical-align: middle; margin-right: 8px; }
    .description { max-width: 760px; line-height: 1.8; }
    .subtitle { font-size: 16px; margin: 24px 0 4px; }
    .items { max-width: 360px; }
    .pending { color: var(--mat-sys-on-surface-variant); }
  `,
})
export class SectionPage {
  private readonly auth = inject(AuthService);
  readonly key = input<string>();
  readonly section = computed(() => navFor(this.auth.user()?.permissions ?? []).find((s) => s.key === this.key()) ?? null);
  readonly description = computed(() => DESCRIPTIONS[this.key() ?? ''] ?? '');
}
