import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource, LessThan } from 'typeorm';
import { AppLock } from './app-lock.entity';

/**
 * Database locks with an expiry, so that two API instances never run the same scheduled work
 * at once, and a crashed holder's lock runs out by itself.
 */
@Injectable()
export class LockService {
  /** This process, as a lock holder. */
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async tryAcquire(name: string, ttlMs: number): Promise<boolean> {
    const repo = this.dataSource.getRepository(AppLock);
    const until = new Date(Date.now() + ttlMs);
    try {
      await repo.insert({ name, holder: this.holder, lockedUntil: until });
      return true;
    } catch {
      // The row exists: take it over only if it has expired or is already ours.
      const expired = await repo.update({ name, lockedUntil: LessThan(new Date()) }, { holder: this.holder, lockedUntil: until });
      if (expired.affected) return true;
      const mine = await repo.update({ name, holder: this.holder }, { lockedUntil: until });
      return !!mine.affected;
    }
  }

  async release(name: string): Promise<void> {
    await this.dataSource.getRepository(AppLock).update({ name, holder: this.holder }, { lockedUntil: new Date(0) });
  }

  /** Runs `work` only if the lock can be had; returns whether it ran. */
  async runExclusive(name: string, ttlMs: number, work: () => Promise<void>): Promise<boolean> {
    if (!(await this.tryAcquire(name, ttlMs))) return false;
    try {
      await work();
    } finally {
      await this.release(name);
    }
    return true;
  }
}
