import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { NotAudited } from '@keiyaku/server/audit';
import { VersionedEntity } from '@keiyaku/server/core';

export type VendorAccountStatus = 'pending' | 'active' | 'locked';

/**
 * 事業者アカウント: one per company (法人番号; a sole proprietor by its e-mail address). A
 * separate principal from staff users: its sessions, cookie and CSRF token are its own.
 */
@Entity('vendor_accounts')
export class VendorAccount extends VersionedEntity {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 254 }) email!: string;
  @Column({ type: 'varchar', length: 13, nullable: true }) corporateNumber!: string | null;
  @Column({ type: 'varchar', length: 300 }) companyName!: string;
  @Column({ type: 'varchar', length: 12 }) entityType!: 'corporation' | 'individual';
  @Column({ type: 'varchar', length: 200, nullable: true }) passwordHash!: string | null;
  @Column({ type: 'varchar', length: 10 }) status!: VendorAccountStatus;
  @Column({ type: Date, nullable: true }) emailVerifiedAt!: Date | null;
  @Column({ type: 'int', nullable: true }) vendorId!: number | null;
  @Column({ default: 0 }) failedAttempts!: number;
  @Column({ type: Date, nullable: true }) lockedUntil!: Date | null;
  @Column({ type: Date, nullable: true }) lastLoginAt!: Date | null;
  @Column({ type: 'varchar', length: 60, nullable: true }) invitedBy!: string | null;
}

/** A vendor's signed-in browser (SHA-256 of the cookie token as the id). */
@NotAudited()
@Entity('vendor_sessions')
export class VendorSession {
  @PrimaryColumn({ type: 'varchar', length: 64 }) id!: string;
  @Column() accountId!: number;
  @Column({ type: 'varchar', length: 64 }) csrfToken!: string;
  @Column() createdAt!: Date;
  @Column() lastSeenAt!: Date;
}

/** One-time links sent by mail: e-mail verification, password reset, invitation. */
@NotAudited()
@Entity('vendor_account_tokens')
export class VendorAccountToken {
  @PrimaryGeneratedColumn() id!: number;
  @Column() accountId!: number;
  @Column({ type: 'varchar', length: 10 }) purpose!: 'verify' | 'reset' | 'invite';
  @Column({ type: 'varchar', length: 64 }) tokenHash!: string;
  @Column() expiresAt!: Date;
  @Column({ type: Date, nullable: true }) usedAt!: Date | null;
  @Column() createdAt!: Date;
}

/** Attempts per bucket (action + address / e-mail) for the portal's rate limits. */
@NotAudited()
@Entity('portal_rate_hits')
export class PortalRateHit {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar', length: 300 }) bucket!: string;
  @Column() hitAt!: Date;
}
