import { isValidCorporateNumber } from '../corporate-number';

/** 適格請求書発行事業者登録番号: "T" + 13 digits; a corporation's digits are its 法人番号. */
export function invoiceNumberProblem(value: string, corporateNumber?: string | null): string | null {
  if (!/^T\d{13}$/.test(value)) return '登録番号は「T」と13桁の数字で入力してください。';
  if (corporateNumber && value.slice(1) !== corporateNumber) return '法人の登録番号は「T」＋法人番号です。';
  if (!corporateNumber && !isValidCorporateNumber(value.slice(1))) return '登録番号の数字部分が正しくありません。';
  return null;
}

export function isPostalCode(value: string): boolean {
  return /^\d{3}-\d{4}$/.test(value);
}

/** Half-width digits with hyphens, 10–11 digits in all (市外局番 included). */
export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/-/g, '');
  return /^0[\d-]+$/.test(value) && /^\d{10,11}$/.test(digits) && !/--/.test(value) && !value.endsWith('-');
}
