import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data on port 3000 with a 30-minute idle timeout', () => {
    const c = loadConfig({});
    expect(c.db).toEqual({ type: 'sqlite', path: './data/keiyaku.sqlite' });
    expect(c.port).toBe(3000);
    expect(c.sessionIdleMinutes).toBe(30);
    expect(c.maxFailedAttempts).toBe(5);
    expect(c.lockoutMinutes).toBe(15);
    expect(c.seedDemo).toBe(true);
  });
  it('names a bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DB_TYPE: 'mysql' })).toThrow(/DB_TYPE/);
  });
  it('names what a database type needs', () => {
    expect(() => loadConfig({ DB_TYPE: 'postgres' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DB_TYPE: 'oracle', ORACLE_USER: 'k' })).toThrow(/ORACLE_PASSWORD[\s\S]*ORACLE_CONNECT_STRING/);
    expect(loadConfig({ DB_TYPE: 'postgres', DATABASE_URL: 'postgres://x@h/db' }).db).toEqual({ type: 'postgres', url: 'postgres://x@h/db' });
  });
  it('refuses a short administrator seed password and seeds no demo users in production', () => {
    expect(() => loadConfig({ SEED_ADMIN_PASSWORD: 'short' })).toThrow(/SEED_ADMIN_PASSWORD/);
    const prod = loadConfig({ NODE_ENV: 'production' });
    expect(prod.seedDemo).toBe(false);
    expect(prod.cookieSecure).toBe(true);
  });
  it('takes a metrics scrape token of at least 32 characters, none by default', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(() => loadConfig({ METRICS_TOKEN: 'too-short' })).toThrow(/METRICS_TOKEN/);
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(32) }).metricsToken).toBe('x'.repeat(32));
  });
});
