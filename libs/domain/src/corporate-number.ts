/**
 * 法人番号 check digit: with digits P1..P12 counted from the right, Q = 1 for odd n and 2 for
 * even n, the first digit = 9 − (Σ Pn×Qn mod 9).
 */
export function isValidCorporateNumber(value: string | null | undefined): boolean {
  if (!value || !/^\d{13}$/.test(value)) return false;
  const body = value.slice(1);
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(body[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return Number(value[0]) === 9 - (sum % 9);
}
