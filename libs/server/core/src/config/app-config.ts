import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/**
 * Every environment variable keiyaku reads. A bad value stops the process at start with a
 * message naming the variable, instead of failing later in the middle of someone's work.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;

  @IsOptional() @IsIn(['sqlite', 'postgres', 'oracle']) DB_TYPE?: string;
  @IsOptional() @IsString() DB_PATH?: string;
  @IsOptional() @IsString() DATABASE_URL?: string;
  @IsOptional() @IsString() ORACLE_USER?: string;
  @IsOptional() @IsString() ORACLE_PASSWORD?: string;
  @IsOptional() @IsString() ORACLE_CONNECT_STRING?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() MIGRATE_ON_START?: boolean;

  @IsOptional() @Transform(toBool) @IsBoolean() SEED_DEMO?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean() SEED_DEMO_DATA?: boolean;
  @IsOptional() @IsString() SEED_ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(toInt) @IsNumber() @Min(0.01) @Max(1440) SESSION_IDLE_MINUTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) AUTH_MAX_FAILED_ATTEMPTS?: number;
  @IsOptional() @Transform(toInt) @IsNumber() @Min(0.01) @Max(1440) AUTH_LOCKOUT_MINUTES?: number;
  @IsOptional() @Transform(toBool) @IsBoolean() COOKIE_SECURE?: boolean;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @IsString() FILES_DIR?: string;
  @IsOptional() @IsString() SMTP_HOST?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535) SMTP_PORT?: number;
  @IsOptional() @IsString() SMTP_USER?: string;
  @IsOptional() @IsString() SMTP_PASSWORD?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() SMTP_SECURE?: boolean;
  @IsOptional() @IsString() WEB_DIST?: string;
  @IsOptional() @IsString() PORTAL_DIST?: string;
  @IsOptional() @IsString() BACKUP_DIR?: string;
  @IsOptional() @IsString() BACKUP_VERIFY_DATABASE_URL?: string;
  @IsOptional() @IsString() BACKUP_ORACLE_COMMAND?: string;
  /** Prometheus scrapes /api/metrics with `Authorization: Bearer <METRICS_TOKEN>` (no session). */
  @IsOptional() @IsString() @MinLength(32) METRICS_TOKEN?: string;
  @IsOptional() @IsIn(['production', 'test']) APP_ENVIRONMENT?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() PORTAL_ONLY?: boolean;
  @IsOptional() @IsString() PACKAGE_SIGNING_KEY?: string;
  @IsOptional() @IsString() PACKAGE_VERIFY_KEYS?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  db:
    | { type: 'sqlite'; path: string }
    | { type: 'postgres'; url: string }
    | { type: 'oracle'; user: string; password: string; connectString: string };
  migrateOnStart: boolean;
  seedDemo: boolean;
  /** Demo business data (≈900 vendors …) besides the demo users; browser tests turn it off. */
  seedDemoData: boolean;
  seedAdminPassword: string | null;
  sessionIdleMinutes: number;
  maxFailedAttempts: number;
  lockoutMinutes: number;
  cookieSecure: boolean;
  logLevel: string;
  filesDir: string;
  smtp: { host: string; port: number; user: string | null; password: string | null; secure: boolean } | null;
  webDist: string | null;
  portalDist: string | null;
  version: string;
  /** Backups (a NAS mount in production); null = `backups` beside FILES_DIR (./data/backups). */
  backupDir: string | null;
  /** PostgreSQL server for the verification's scratch database (default: the application's server). */
  backupVerifyUrl: string | null;
  /** Oracle: the Data Pump command that writes the dump ({dir} = the backup's folder). */
  backupOracleCommand: string | null;
  /** The bearer token the monitoring server scrapes /api/metrics with; null = signed-in operators only. */
  metricsToken: string | null;
  /** production, or test (検証環境: the same build with a ribbon on every screen). */
  appEnvironment: 'production' | 'test';
  /** Split deployment: the vendor portal and its review alone, approvals leave as signed packages. */
  portalOnly: boolean;
  /** Ed25519 private key (PEM or base64 PKCS#8) that signs approval packages (the portal side). */
  packageSigningKey: string | null;
  /** Ed25519 public keys (PEM or base64 SPKI, comma-separated) the contract system accepts packages from. */
  packageVerifyKeys: string[];
}

export class ConfigError extends Error {}

/** Reads and checks the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const vars = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(vars, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map(
    (e) => `${e.property}=${JSON.stringify(env[e.property])}: ${Object.values(e.constraints ?? {}).join(', ')}`,
  );
  const dbType = (vars.DB_TYPE ?? 'sqlite') as 'sqlite' | 'postgres' | 'oracle';
  if (dbType === 'postgres' && !vars.DATABASE_URL) problems.push('DATABASE_URL is required when DB_TYPE=postgres');
  if (dbType === 'oracle') {
    for (const name of ['ORACLE_USER', 'ORACLE_PASSWORD', 'ORACLE_CONNECT_STRING'] as const) {
      if (!vars[name]) problems.push(`${name} is required when DB_TYPE=oracle`);
    }
  }
  if (vars.SEED_ADMIN_PASSWORD !== undefined && vars.SEED_ADMIN_PASSWORD.length < 10) {
    problems.push('SEED_ADMIN_PASSWORD must have at least 10 characters');
  }
  if (vars.PORTAL_ONLY && !vars.PACKAGE_SIGNING_KEY) problems.push('PACKAGE_SIGNING_KEY is required when PORTAL_ONLY=true');
  if (problems.length) {
    throw new ConfigError(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
  }
  const nodeEnv = (vars.NODE_ENV ?? 'development') as AppConfig['env'];
  const db: AppConfig['db'] =
    dbType === 'postgres'
      ? { type: 'postgres', url: vars.DATABASE_URL! }
      : dbType === 'oracle'
        ? { type: 'oracle', user: vars.ORACLE_USER!, password: vars.ORACLE_PASSWORD!, connectString: vars.ORACLE_CONNECT_STRING! }
        : { type: 'sqlite', path: vars.DB_PATH ?? './data/keiyaku.sqlite' };
  return {
    env: nodeEnv,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '0.0.0.0',
    db,
    migrateOnStart: vars.MIGRATE_ON_START ?? true,
    seedDemo: vars.SEED_DEMO ?? nodeEnv !== 'production',
    seedDemoData: vars.SEED_DEMO_DATA ?? vars.SEED_DEMO ?? nodeEnv !== 'production',
    seedAdminPassword: vars.SEED_ADMIN_PASSWORD ?? null,
    sessionIdleMinutes: vars.SESSION_IDLE_MINUTES ?? 30,
    maxFailedAttempts: vars.AUTH_MAX_FAILED_ATTEMPTS ?? 5,
    lockoutMinutes: vars.AUTH_LOCKOUT_MINUTES ?? 15,
    cookieSecure: vars.COOKIE_SECURE ?? nodeEnv === 'production',
    logLevel: vars.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    filesDir: vars.FILES_DIR ?? './data/files',
    smtp: vars.SMTP_HOST
      ? { host: vars.SMTP_HOST, port: vars.SMTP_PORT ?? 25, user: vars.SMTP_USER ?? null, password: vars.SMTP_PASSWORD ?? null, secure: vars.SMTP_SECURE ?? false }
      : null,
    webDist: vars.WEB_DIST ?? null,
    portalDist: vars.PORTAL_DIST ?? null,
    backupDir: vars.BACKUP_DIR ?? null,
    backupVerifyUrl: vars.BACKUP_VERIFY_DATABASE_URL ?? null,
    backupOracleCommand: vars.BACKUP_ORACLE_COMMAND ?? null,
    metricsToken: vars.METRICS_TOKEN ?? null,
    appEnvironment: (vars.APP_ENVIRONMENT ?? 'production') as AppConfig['appEnvironment'],
    portalOnly: vars.PORTAL_ONLY ?? false,
    packageSigningKey: vars.PACKAGE_SIGNING_KEY ?? null,
    packageVerifyKeys: (vars.PACKAGE_VERIFY_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    version: process.env.npm_package_version ?? '0.1.0',
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
