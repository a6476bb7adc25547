import { Routes } from '@angular/router';

/** Lazy-loaded under /tenders; each screen is its own chunk. */
export const TENDER_ROUTES: Routes = [];
