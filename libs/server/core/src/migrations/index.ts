import { Foundation1764000000000 } from './1764000000000-foundation';
import { Platform1764100000000 } from './1764100000000-platform';

/** Every migration, in order. A new migration is appended here. */
export const MIGRATIONS = [Foundation1764000000000, Platform1764100000000];
