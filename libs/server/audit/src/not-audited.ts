const NOT_AUDITED = new Set<Function>();

/**
 * Marks an entity whose writes are not business records (sessions, UI preferences, the
 * audit trail itself). Everything else is audited automatically.
 */
export function NotAudited(): ClassDecorator {
  return (target) => {
    NOT_AUDITED.add(target);
  };
}

export function isAudited(target: Function | string): boolean {
  return typeof target !== 'function' || !NOT_AUDITED.has(target);
}

/** Values that never enter the audit trail. */
export const REDACTED_FIELDS = new Set(['passwordHash', 'csrfToken', 'tokenHash', 'password']);
