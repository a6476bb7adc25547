/**
 * 経営事項審査: 総合評定値 P = 0.25·X1 + 0.15·X2 + 0.20·Y + 0.25·Z + 0.15·W, rounded to an
 * integer, one P per trade (X1 and Z are per trade; X2, Y and W are company-wide). W can be
 * negative, so P is signed.
 */
export interface KeishinScores {
  x1: number;
  x2: number;
  y: number;
  z: number;
  w: number;
}

export function keishinP(s: KeishinScores): number {
  // Work in thousandths so 0.15 and 0.25 do not leave binary fractions behind the rounding.
  const thousandths = 250 * s.x1 + 150 * s.x2 + 200 * s.y + 250 * s.z + 150 * s.w;
  return Math.sign(thousandths) * Math.round(Math.abs(thousandths) / 1000);
}

/**
 * Whether a 経審 result is recent enough for a date: its 審査基準日 no older than the window
 * (e.g. 1 year 7 months, a setting) before the date.
 */
export function keishinValidOn(baseDate: string, date: string, windowMonths: number): boolean {
  const [y, m, d] = baseDate.split('-').map(Number);
  const limit = new Date(Date.UTC(y, m - 1 + windowMonths, d));
  // A month-end base date (e.g. 31st) rolls into the next month: clamp to the last day instead.
  if (limit.getUTCDate() !== d) limit.setUTCDate(0);
  return date >= baseDate && date <= limit.toISOString().slice(0, 10);
}
