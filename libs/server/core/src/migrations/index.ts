import { Foundation1764000000000 } from './1764000000000-foundation';
import { Platform1764100000000 } from './1764100000000-platform';
import { Vendors1764200000000 } from './1764200000000-vendors';
import { Tenders1764300000000 } from './1764300000000-tenders';
import { Contracts1764400000000 } from './1764400000000-contracts';
import { Operations1764500000000 } from './1764500000000-operations';
import { Applications1764600000000 } from './1764600000000-applications';
import { Imports1764800000000 } from './1764800000000-imports';
import { Evaluations1764900000000 } from './1764900000000-evaluations';
import { Euc1765000000000 } from './1765000000000-euc';
import { ApprovalPackages1765100000000 } from './1765100000000-approval-packages';
import { ListIndexes1765200000000 } from './1765200000000-list-indexes';
import { AmountIndex1765300000000 } from './1765300000000-amount-index';
import { SubjectiveRatingRange1765400000000 } from './1765400000000-subjective-rating-range';
import { SortIndexes1765500000000 } from './1765500000000-sort-indexes';

/** Every migration, in order. A new migration is appended here. */
export const MIGRATIONS = [Foundation1764000000000, Platform1764100000000, Vendors1764200000000, Tenders1764300000000, Contracts1764400000000, Operations1764500000000, Applications1764600000000, Imports1764800000000, Evaluations1764900000000, Euc1765000000000, ApprovalPackages1765100000000, ListIndexes1765200000000, AmountIndex1765300000000, SubjectiveRatingRange1765400000000, SortIndexes1765500000000];
