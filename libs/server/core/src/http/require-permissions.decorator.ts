import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@keiyaku/domain';

export const PERMISSIONS_KEY = 'keiyaku:permissions';
/** The route needs any one of these permissions (checked by the global guard). */
export const RequirePermissions = (...permissions: Permission[]) => SetMetadata(PERMISSIONS_KEY, permissions);
