import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { controlMessage } from '@keiyaku/web/ui';

/** Whole numbers only (type="number" also accepts 1.5). */
export const integerValidator: ValidatorFn = (c: AbstractControl): ValidationErrors | null =>
  c.value === null || c.value === '' || Number.isInteger(Number(c.value)) ? null : { integer: true };

/** controlMessage() plus the cases these forms add (integer, max, a field's own pattern wording). */
export function fieldMessage(control: AbstractControl | null, label: string, patternMessage?: string): string {
  const e = control?.errors;
  if (!e) return '';
  if (e['server']) return e['server'];
  if (e['check']) return e['check'];
  if (e['integer']) return '整数で入力してください。';
  if (e['max']) return `${e['max'].max}以下の値を入力してください。`;
  if (e['pattern'] && patternMessage) return patternMessage;
  return controlMessage(control, label);
}
