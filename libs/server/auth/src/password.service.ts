import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';

/** argon2id with OWASP's minimum cost (19 MiB, 2 passes): safe and quick on 2 cores. */
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordService {
  private dummyHash: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2.hash(password, OPTIONS);
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real check, so unknown login ids cannot be told apart. */
  async verifyNothing(password: string): Promise<void> {
    this.dummyHash ??= this.hash('keiyaku-timing-equaliser');
    await this.verify(await this.dummyHash, password);
  }
}
