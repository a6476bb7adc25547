export type ReportFormat = 'pdf' | 'xlsx';

/** One entry of GET /api/reports: a report the signed-in user may output. */
export interface ReportInfo {
  name: string;
  title: string;
  formats: ReportFormat[];
}

/** A report's own parameters (e.g. `{ department: 'DOBOKU' }`), sent as query parameters. */
export type ReportParams = Record<string, string | number | boolean | null | undefined>;
