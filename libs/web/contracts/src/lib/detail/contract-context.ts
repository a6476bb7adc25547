import { HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom } from 'rxjs';
import { ContractStatus, ERROR_CODES, Permission, todayInJapan } from '@keiyaku/domain';
import { AuthService } from '@keiyaku/web/auth';
import { confirmDialog, errorCode, errorMessage } from '@keiyaku/web/ui';
import { ApprovalAction, ContractsApi } from '../contracts-api.service';
import { ApprovalRow, ApprovalSubject, conflictMessage, CONTRACT_STATUS_LABELS, ContractDetail } from '../models';
import { TextDialog, TextDialogData } from './dialogs/text.dialog';

/** A button for a status the contract may move to. */
export interface ContractMove {
  to: ContractStatus;
  label: string;
  icon: string;
  disabledReason: string | null;
  primary: boolean;
}

/** What an approval bar acts on: the contract itself, one of its changes or inspections. */
export interface ApprovalTarget {
  subject: ApprovalSubject;
  subjectId: number;
  version: number;
  status: ContractDetail['approvalStatus'];
  approvals: ApprovalRow[];
  /** 契約, 第1回変更契約, 完成検査の結果 … (in the dialogs' wording). */
  name: string;
}

const NOT_FOUND = 'この契約は登録されていないか、閲覧できません。';
const SUBMIT_PERMISSION: Record<ApprovalSubject, Permission> = { contract: 'contracts.write', change: 'contracts.write', inspection: 'inspections.write' };

/**
 * The contract the page shows, shared by its tabs. Every write answers with the whole contract,
 * which replaces it here, so the version used for the next write is always the latest.
 */
@Injectable()
export class ContractContext {
  private readonly api = inject(ContractsApi);
  private readonly snack = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);

  readonly contract = signal<ContractDetail | null>(null);
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);
  readonly busy = signal(false);
  /** The last failed action's message, shown above the tabs. */
  readonly actionError = signal<string | null>(null);
  readonly canWrite = computed(() => !!this.auth.user() && this.auth.can('contracts.write'));
  readonly canInspect = computed(() => !!this.auth.user() && this.auth.can('inspections.write'));
  readonly canDecide = computed(() => !!this.auth.user() && this.auth.can('approvals.decide'));
  readonly canPrint = computed(() => !!this.auth.user() && this.auth.can('reports.print'));
  readonly loginId = computed(() => this.auth.user()?.loginId ?? null);
  private id = 0;

  async load(id = this.id): Promise<void> {
    this.id = id;
    this.loading.set(true);
    try {
      this.contract.set(await this.api.get(id));
      this.error.set(null);
    } catch (err) {
      this.error.set(err instanceof HttpErrorResponse && err.status === 404 ? NOT_FOUND : errorMessage(err));
    } finally {
      this.loading.set(false);
    }
  }

  set(c: ContractDetail): void {
    this.contract.set(c);
  }

  /**
   * One write on the contract: busy meanwhile, the answer replaces the contract, success in a
   * snack bar. A version conflict shows the server's message and loads the latest contract.
   */
  async run(work: (c: ContractDetail) => Promise<ContractDetail>, success: string): Promise<boolean> {
    const c = this.contract();
    if (!c) return false;
    this.busy.set(true);
    this.actionError.set(null);
    try {
      this.set(await work(c));
      this.snack.open(success, '閉じる', { duration: 5000 });
      return true;
    } catch (err) {
      if (errorCode(err) === ERROR_CODES.conflict) {
        await this.load();
        this.actionError.set(conflictMessage(errorMessage(err)));
      } else {
        this.actionError.set(errorMessage(err));
      }
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  /** The buttons of the allowed transitions (the server's allowedTransitions, never more). */
  readonly moves = computed<ContractMove[]>(() => {
    const c = this.contract();
    if (!c || !this.canWrite()) return [];
    return c.allowedTransitions.map((to) => moveOf(c, to));
  });

  /** Performs a move: 解除 asks the reason, 完成 the date; 締結 is confirmed first. */
  async move(to: ContractStatus): Promise<boolean> {
    const c = this.contract();
    if (!c) return false;
    if (to === 'cancelled') {
      const reason = await this.ask({ title: '契約の解除', message: `「${c.title}」の契約を解除します。解除した契約は元に戻せません。`, label: '解除の理由', ok: '解除する', required: true });
      if (!reason) return false;
      return this.run((x) => this.api.transition(x.id, 'cancelled', x.version, { reason }), '契約を解除しました。');
    }
    if (to === 'completed') {
      const date = await this.ask({ title: '完成', message: '工事（業務）の完成を記録します。完成の日（完成届の日）を入力してください。', label: '完成の日', ok: '完成とする', required: true, type: 'date', initial: todayInJapan() });
      if (!date) return false;
      return this.run((x) => this.api.transition(x.id, 'completed', x.version, { date }), '完成としました。完成検査を予定してください。');
    }
    if (to === 'concluded') {
      const ok = await confirmDialog(this.dialog, { title: '締結', message: '契約を締結し、契約番号を付けます。締結後の金額・工期の変更は変更契約で行います。', ok: '締結する' });
      if (!ok) return false;
      return this.run((x) => this.api.transition(x.id, 'concluded', x.version), '契約を締結しました。');
    }
    return this.run((x) => this.api.transition(x.id, to, x.version), `「${CONTRACT_STATUS_LABELS[to]}」にしました。`);
  }

  /** Who may act on a target now, and why not (tooltips of disabled buttons). */
  canSubmit(t: ApprovalTarget): boolean {
    return this.auth.can(SUBMIT_PERMISSION[t.subject]) && (t.status === 'draft' || t.status === 'returned');
  }

  /** The drafter may not decide their own draft (the server refuses it too). */
  selfDrafted(t: ApprovalTarget): boolean {
    const last = [...t.approvals].reverse().find((a) => a.action === 'submit');
    return !!last && last.loginId === this.loginId();
  }

  /** 起案・決裁 ask an optional comment, 差戻し a required one. */
  async decide(t: ApprovalTarget, action: ApprovalAction): Promise<boolean> {
    const c = this.contract();
    if (!c) return false;
    const wording = {
      submit: { title: '起案', message: `${t.name}を起案し、決裁に回します。`, ok: '起案する', done: `${t.name}を起案しました（決裁待ち）。` },
      approve: { title: '決裁', message: `${t.name}を決裁します。`, ok: '決裁する', done: `${t.name}を決裁しました。` },
      return: { title: '差戻し', message: `${t.name}を起案者に差し戻します。差戻しの理由を入力してください。`, ok: '差し戻す', done: `${t.name}を差し戻しました。` },
    }[action];
    const comment = await this.ask({ title: wording.title, message: wording.message, label: action === 'return' ? '差戻しの理由' : 'コメント（任意）', ok: wording.ok, required: action === 'return' });
    if (comment === undefined || (action === 'return' && !comment)) return false;
    return this.run((x) => this.api.decide(x.id, t.subject, t.subjectId, action, t.version, comment || null), wording.done);
  }

  private ask(data: TextDialogData): Promise<string | undefined> {
    return firstValueFrom(this.dialog.open(TextDialog, { data, width: '520px', autoFocus: 'first-tabbable' }).afterClosed());
  }
}

function moveOf(c: ContractDetail, to: ContractStatus): ContractMove {
  const base = { to, disabledReason: null as string | null, primary: false };
  switch (to) {
    case 'concluded':
      return {
        ...base,
        label: '締結',
        icon: 'handshake',
        primary: true,
        disabledReason: c.approvalStatus !== 'approved' ? '契約の決裁が済んでから締結できます（起案して決裁を受けてください）。' : null,
      };
    case 'inProgress':
      return { ...base, label: '施工中にする', icon: 'construction', primary: true };
    case 'completed':
      return { ...base, label: '完成', icon: 'flag', primary: true };
    case 'paid':
      return {
        ...base,
        label: '支払済にする',
        icon: 'paid',
        primary: true,
        disabledReason: c.payments.some((p) => p.kind === 'final' && p.paidDate) ? null : '完成払の支払日を「支払」タブで登録してから支払済にできます。',
      };
    case 'cancelled':
      return { ...base, label: '解除', icon: 'cancel' };
    default:
      return { ...base, label: CONTRACT_STATUS_LABELS[to], icon: 'arrow_forward' };
  }
}
