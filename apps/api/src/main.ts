// Timestamps are stored and compared in UTC on every database (business dates are plain dates).
process.env.TZ = 'UTC';

import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { fiscalYearOf } from '@keiyaku/domain';
import { AppConfig, ConfigError, createDataSource, loadConfig } from '@keiyaku/server/core';
import { seedDemoApplicationsIfEmpty, seedDemoContractsIfEmpty, seedDemoEvaluationsIfEmpty, seedDemoTendersIfEmpty, seedDemoVendorsIfEmpty, seedIfEmpty, seedRegistryMasterIfEmpty } from '@keiyaku/seed';
import { AuditService } from '@keiyaku/server/audit';
import { PasswordService } from '@keiyaku/server/auth';
import { FilesService } from '@keiyaku/server/platform';
import { VendorHistoryService } from '@keiyaku/server/vendors';
import { runMigrateLegacy } from '@keiyaku/server/imports';
import { createApp } from './app/create-app';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`keiyaku: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
  if (process.argv[2] === 'migrate') return migrate(config, process.argv.includes('--revert'));
  if (process.argv[2] === 'migrate-legacy') return migrateLegacy(config, process.argv.slice(3));
  const app = await createApp(config);
  await seedRegistryMasterIfEmpty(app.get(DataSource));
  const accounts = await seedIfEmpty(app.get(DataSource), {
    demo: config.seedDemo,
    adminPassword: config.seedAdminPassword,
    production: config.env === 'production',
  });
  if (config.seedDemoData) {
    const started = Date.now();
    const vendors = await seedDemoVendorsIfEmpty(app.get(DataSource), app.get(AuditService), app.get(VendorHistoryService), { construction: 600, survey: 300 });
    if (vendors) console.log(`keiyaku: demo registry of ${vendors} vendors seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const fy = fiscalYearOf(new Date())!;
    // Three years at full size, two lighter finished years before them: five years of ratings.
    const tenders = await seedDemoTendersIfEmpty(app.get(DataSource), app.get(AuditService), { fiscalYears: [fy - 2, fy - 1, fy], perYear: 350, history: { fiscalYears: [fy - 4, fy - 3], perYear: 120 } });
    if (tenders) console.log(`keiyaku: demo tenders of fiscal years ${fy - 4}–${fy} (${tenders}) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const contracts = await seedDemoContractsIfEmpty(app.get(DataSource), app.get(AuditService));
    if (contracts) console.log(`keiyaku: ${contracts} demo contracts concluded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const ratings = await seedDemoEvaluationsIfEmpty(app.get(DataSource), app.get(AuditService));
    if (ratings.approved + ratings.pending) console.log(`keiyaku: demo ratings (${ratings.approved} confirmed, ${ratings.pending} being rated) seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const applications = await seedDemoApplicationsIfEmpty(app.get(DataSource), app.get(FilesService), app.get(PasswordService), app.get(AuditService));
    if (applications) console.log(`keiyaku: ${applications} demo qualification applications seeded (applicants sign in to /portal as demo-applicant1@example.jp … with the demo password)`);
  }
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  console.log(`keiyaku ${config.version} (${config.db.type}) — ${url}  (API docs: ${url}/api/docs, portal: ${url}/portal)`);
  if (accounts.length) {
    console.log('Seeded accounts (loginId / password):');
    for (const a of accounts) console.log(`  ${a.loginId.padEnd(14)} ${a.password.padEnd(22)} ${a.roles.join(', ')}`);
  }
}

/** `npm run migrate`: applies pending migrations (or undoes the last one) and exits. */
async function migrate(config: AppConfig, revert: boolean): Promise<void> {
  const ds = await createDataSource(config.db).initialize();
  try {
    if (revert) {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('keiyaku: reverted the last migration');
    } else {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(done.length ? `keiyaku: applied ${done.map((m) => m.name).join(', ')}` : 'keiyaku: database is up to date');
    }
  } finally {
    await ds.destroy();
  }
}

/** `npm run migrate-legacy -- --dir <folder>`: the legacy files through the import pipeline, then the checklist. */
async function migrateLegacy(config: AppConfig, argv: string[]): Promise<void> {
  // The application without its HTTP listener: the same migrations, modules and import code as the screens.
  const app = await createApp(config);
  try {
    await seedRegistryMasterIfEmpty(app.get(DataSource));
    const accounts = await seedIfEmpty(app.get(DataSource), { demo: config.seedDemo, adminPassword: config.seedAdminPassword, production: config.env === 'production' });
    for (const a of accounts) console.log(`  seeded ${a.loginId.padEnd(14)} ${a.password.padEnd(22)} ${a.roles.join(', ')}`);
    process.exitCode = (await runMigrateLegacy(app, argv)).code;
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e);
  // A half-started application still holds database handles: stop for real.
  process.exit(1);
});
