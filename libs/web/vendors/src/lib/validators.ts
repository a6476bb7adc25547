import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { invoiceNumberProblem, isPhoneNumber, isPostalCode, isValidCorporateNumber } from '@keiyaku/domain';
import { controlMessage } from '@keiyaku/web/ui';

/**
 * Validators that say what is wrong in Japanese (`{format: message}`), with the same rules the
 * server applies (libs/domain), so most mistakes are caught before the round trip.
 */
const rule =
  (problem: (value: string) => string | null): ValidatorFn =>
  (control: AbstractControl): ValidationErrors | null => {
    const value = typeof control.value === 'string' ? control.value.trim() : control.value;
    if (value === null || value === undefined || value === '') return null;
    const message = problem(String(value));
    return message ? { format: message } : null;
  };

export const corporateNumberValidator = rule((v) => {
  if (!/^\d{13}$/.test(v)) return '法人番号は半角数字13桁で入力してください。';
  return isValidCorporateNumber(v) ? null : '法人番号のチェックデジット（先頭の1桁）が正しくありません。番号を確認してください。';
});

export const postalCodeValidator = rule((v) => (isPostalCode(v) ? null : '郵便番号は「123-4567」の形式（半角）で入力してください。'));

export const phoneValidator = rule((v) => (isPhoneNumber(v) ? null : '電話番号は市外局番から半角数字とハイフンで入力してください（例: 0835-25-2111）。'));

/** The server accepts katakana (full or half width), spaces, 中黒, long vowel marks, brackets and ASCII. */
const KANA = /^[\u30a0-\u30ff\uff66-\uff9f\s\u3000・ー（）()A-Za-z0-9]+$/;
export const kanaValidator = rule((v) => (KANA.test(v) ? null : 'フリガナはカタカナで入力してください。'));

/** 登録番号: "T" + 13 digits; for a corporation the digits are its 法人番号 (read when validating). */
export function invoiceNumberValidator(corporateNumber: () => string | null): ValidatorFn {
  return rule((v) => invoiceNumberProblem(v, corporateNumber()));
}

export function dateOrderValidator(startKey: string, endKey: string, message: string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const start = group.get(startKey)?.value;
    const end = group.get(endKey)?.value;
    return start && end && end < start ? { dateOrder: message } : null;
  };
}

/** The message under a field: the server's, then ours, then the common ones. */
export function fieldMessage(control: AbstractControl | null, label = ''): string {
  const e = control?.errors;
  if (!e) return '';
  if (e['server']) return e['server'];
  if (e['format']) return e['format'];
  if (e['max']) return `${e['max'].max}以下の値を入力してください。`;
  return controlMessage(control, label);
}

/** '' → null, and trims: the API stores empty text as NULL (Oracle cannot tell them apart). */
export function textOrNull(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
