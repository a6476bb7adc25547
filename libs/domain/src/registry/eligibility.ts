import { keishinValidOn } from './keishin';

/**
 * Whether a vendor may be designated for (or win) a tender on a date. Every period is inclusive
 * of both ends: a suspension ending the day before the date no longer applies, and a permit
 * expiring on the date is still valid that day.
 */
export interface EligibilityFacts {
  status: 'active' | 'dormant' | 'closed';
  qualification: { rank: string | null; validFrom: string; validTo: string } | null;
  permit: { expiresOn: string } | null;
  keishinBaseDate: string | null;
  suspensions: Array<{ start: string; end: string; kind: string }>;
}

export interface EligibilityCheck {
  date: string;
  rank?: string | null;
  /** The 経審 window in months (a setting, e.g. 19 = 1 year 7 months). */
  keishinWindowMonths: number;
  requirePermit: boolean;
  requireKeishin: boolean;
}

export function inPeriod(date: string, start: string, end: string | null): boolean {
  return date >= start && (end === null || date <= end);
}

/** The reasons (in Japanese) a vendor is excluded; empty when eligible. */
export function exclusionReasons(f: EligibilityFacts, c: EligibilityCheck): string[] {
  const reasons: string[] = [];
  if (f.status !== 'active') reasons.push(f.status === 'closed' ? '廃業' : '休止中');
  if (!f.qualification || !inPeriod(c.date, f.qualification.validFrom, f.qualification.validTo)) {
    reasons.push('入札参加資格の有効期間外');
  } else if (c.rank && f.qualification.rank !== c.rank) {
    reasons.push(`等級が異なる（${f.qualification.rank ?? '格付なし'}）`);
  }
  const suspended = f.suspensions.find((s) => s.kind === 'suspension' && inPeriod(c.date, s.start, s.end));
  if (suspended) reasons.push(`指名停止期間中（${suspended.start}〜${suspended.end}）`);
  if (c.requirePermit && (!f.permit || f.permit.expiresOn < c.date)) {
    reasons.push(f.permit ? `建設業許可の有効期限切れ（${f.permit.expiresOn}）` : '該当業種の建設業許可なし');
  }
  if (c.requireKeishin && (!f.keishinBaseDate || !keishinValidOn(f.keishinBaseDate, c.date, c.keishinWindowMonths))) {
    reasons.push(f.keishinBaseDate ? `経審の審査基準日が有効期間外（${f.keishinBaseDate}）` : '経審の結果なし');
  }
  return reasons;
}
