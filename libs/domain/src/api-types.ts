import type { Role, Permission } from './permissions';

/** The error body of every failed API call. */
export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  errors?: Array<{ field: string; message: string }>;
}

export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
}

/** The signed-in staff user as /api/auth/me returns it. */
export interface SessionUser {
  id: number;
  loginId: string;
  name: string;
  department: DepartmentRef | null;
  roles: Role[];
  permissions: Permission[];
  mustChangePassword: boolean;
  idleTimeoutMinutes: number;
}

export const ERROR_CODES = {
  unauthenticated: 'UNAUTHENTICATED',
  sessionExpired: 'SESSION_EXPIRED',
  invalidCredentials: 'INVALID_CREDENTIALS',
  accountLocked: 'ACCOUNT_LOCKED',
  accountDisabled: 'ACCOUNT_DISABLED',
  csrf: 'CSRF_REJECTED',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  validation: 'VALIDATION_FAILED',
  conflict: 'VERSION_CONFLICT',
  duplicate: 'DUPLICATE',
  internal: 'INTERNAL_ERROR',
  unavailable: 'SERVICE_UNAVAILABLE',
} as const;

/** A report form of the EUC form catalogue (`GET /api/euc/forms`) and the parameters it takes. */
export interface FormParameter {
  name: string;
  label: string;
  type: 'number' | 'date' | 'string' | 'choice' | 'boolean';
  required: boolean;
  choices?: string[];
  min?: number;
  max?: number;
}

export interface FormInfo {
  name: string;
  title: string;
  formats: string[];
  parameters: FormParameter[];
}
