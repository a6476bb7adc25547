import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'keiyaku:public';
/** Marks a route that answers without a signed-in user (deny by default otherwise). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
