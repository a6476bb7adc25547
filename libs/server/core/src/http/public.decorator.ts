import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'keiyaku:public';
/** Marks a route that answers without a signed-in user (deny by default otherwise). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

export const METRICS_TOKEN_KEY = 'keiyaku:metricsToken';
/**
 * The route also answers a monitoring server presenting `Authorization: Bearer <METRICS_TOKEN>`
 * (Prometheus cannot sign in); without that header the usual session and permissions apply.
 */
export const AcceptsMetricsToken = () => SetMetadata(METRICS_TOKEN_KEY, true);
