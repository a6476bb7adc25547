import { WritableSignal } from '@angular/core';
import { AbstractControl, FormGroup, ValidationErrors, ValidatorFn } from '@angular/forms';
import { ERROR_CODES, passwordProblems } from '@keiyaku/domain';
import { errorCode, errorMessage, fieldErrors } from './api-error';

/**
 * Puts the server's field errors (`errors[{field, message}]`) on the matching controls as
 * `{server: message}`; returns true when at least one field was matched.
 */
export function applyServerErrors(form: FormGroup, error: unknown, aliases: Record<string, string> = {}): boolean {
  let matched = false;
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const control = form.get(aliases[field] ?? field);
    if (!control) continue;
    control.setErrors({ ...(control.errors ?? {}), server: message });
    control.markAsTouched();
    matched = true;
  }
  return matched;
}

export interface FormSave<T> {
  form: FormGroup;
  busy: WritableSignal<boolean>;
  error: WritableSignal<string | null>;
  save: () => Promise<T>;
  /** An edit that lost to someone else's save (409): typically reload the row and explain. */
  onConflict?: (message: string) => Promise<void>;
}

/**
 * How every edit dialog saves: busy while sending; the server's field errors on their fields,
 * other errors in the dialog, a version conflict to `onConflict`. Returns the saved value or null.
 */
export async function saveForm<T>(o: FormSave<T>): Promise<T | null> {
  o.busy.set(true);
  try {
    return await o.save();
  } catch (err) {
    if (o.onConflict && errorCode(err) === ERROR_CODES.conflict) await o.onConflict(errorMessage(err));
    else if (!applyServerErrors(o.form, err)) o.error.set(errorMessage(err));
    return null;
  } finally {
    o.busy.set(false);
  }
}

/** The first Japanese message for a control: server first, then the usual validators. */
export function controlMessage(control: AbstractControl | null, label = ''): string {
  const e = control?.errors;
  if (!e) return '';
  if (e['server']) return e['server'];
  if (e['required']) return label ? `${label}を入力してください。` : '入力してください。';
  if (e['maxlength']) return `${e['maxlength'].requiredLength}文字以内で入力してください。`;
  if (e['email']) return 'メールアドレスの形式が正しくありません。';
  if (e['pattern']) return '使用できない文字が含まれています。';
  if (e['min']) return `${e['min'].min}以上の値を入力してください。`;
  if (e['policy']) return e['policy'];
  if (e['mismatch']) return 'パスワードと一致しません。';
  return '入力内容を確認してください。';
}

/** passwordProblems() as a validator; loginId is read when validating (it may be typed later). */
export function passwordPolicyValidator(loginId: () => string): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = control.value as string;
    if (!value) return null;
    const problems = passwordProblems(value, loginId());
    return problems.length ? { policy: problems.join(' ') } : null;
  };
}

/** The confirmation control must repeat `source`. */
export function sameAsValidator(source: () => AbstractControl | null): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null =>
    control.value && control.value !== source()?.value ? { mismatch: true } : null;
}
