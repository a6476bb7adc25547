import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '@keiyaku/server/auth';
import type { Contract } from './contract.entity';

export interface DeadlineItem {
  contractId: number;
  contractNumber: string | null;
  title: string;
  vendorName: string | null;
  date: string | null;
  kind?: string;
}

/** The dashboard lists another module fills (ratings: 評定, 説明要求). */
export type DeadlineKey = 'ratingsPending' | 'explanationRequestsDue';
export type DeadlineSource = (user: AuthUser, until: string) => Promise<DeadlineItem[]>;
export type CompletionListener = (m: EntityManager, contract: Contract) => Promise<void>;

/**
 * Hooks for the modules that follow contracts (the ratings module opens a rating when a
 * completion inspection passes) without the contracts module depending on them.
 */
@Injectable()
export class ContractEvents {
  private readonly logger = new Logger('ContractEvents');
  private readonly completion: CompletionListener[] = [];
  private readonly deadlines = new Map<DeadlineKey, DeadlineSource>();

  onCompletionPassed(listener: CompletionListener): void {
    this.completion.push(listener);
  }

  /** Runs inside the approval's transaction: a listener's failure rolls the approval back. */
  async completionPassed(m: EntityManager, contract: Contract): Promise<void> {
    for (const listener of this.completion) await listener(m, contract);
    this.logger.debug(`completion passed: contract ${contract.id}`);
  }

  registerDeadlineSource(key: DeadlineKey, source: DeadlineSource): void {
    this.deadlines.set(key, source);
  }

  async deadlineItems(key: DeadlineKey, user: AuthUser, until: string): Promise<DeadlineItem[]> {
    const source = this.deadlines.get(key);
    return source ? source(user, until) : [];
  }
}
