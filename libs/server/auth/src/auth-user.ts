import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Permission, Role } from '@keiyaku/domain';

/** The signed-in staff user attached to every authenticated request. */
export interface AuthUser {
  id: number;
  loginId: string;
  name: string;
  departmentId: number | null;
  departmentCode: string | null;
  roles: Role[];
  permissions: Permission[];
  sessionId: string;
}

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest().user;
});
