/**
 * Core cannot import the audit module (audit depends on core), so core code that must leave a
 * trace (list exports) asks for this token; AuditModule provides it with AuditService.
 */
export const AUDIT_RECORDER = 'keiyaku:auditRecorder';

export interface AuditRecord {
  action: string;
  entity?: string | null;
  entityId?: string | number | null;
  summary?: string | null;
}

export interface AuditRecorder {
  record(entry: AuditRecord): Promise<void>;
}
