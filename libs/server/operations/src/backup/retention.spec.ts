import { backupsToPrune, BackupEntry } from './backup-archive';
import { lastSlot, parseBackupTime } from './backup.service';

const entry = (name: string): BackupEntry => ({ name, day: name.slice(8, 16), at: name.slice(8).replace('-', '') });

describe('backup retention', () => {
  it('keeps the newest backup of each of the newest days and months, prunes the rest', () => {
    const names = [
      'keiyaku-20261203-140000', 'keiyaku-20261203-020000', 'keiyaku-20261202-140000', 'keiyaku-20261202-020000',
      'keiyaku-20261201-020000', 'keiyaku-20261130-020000', 'keiyaku-20261015-020000', 'keiyaku-20260901-020000',
    ];
    expect(backupsToPrune(names.map(entry), 2, 2).sort()).toEqual(
      ['keiyaku-20261203-020000', 'keiyaku-20261202-020000', 'keiyaku-20261201-020000', 'keiyaku-20261015-020000', 'keiyaku-20260901-020000'].sort(),
    );
    // Monthly keeps reach back past the daily ones.
    expect(backupsToPrune(names.map(entry), 1, 4)).toEqual(['keiyaku-20261203-020000', 'keiyaku-20261202-140000', 'keiyaku-20261202-020000', 'keiyaku-20261201-020000']);
    // The newest is always kept.
    expect(backupsToPrune([entry('keiyaku-20261203-140000')], 1, 0)).toEqual([]);
  });

  it('a year of nightly backups leaves 14 days and 12 months', () => {
    const entries: BackupEntry[] = [];
    for (let d = 0; d < 400; d++) {
      const day = new Date(Date.UTC(2026, 11, 3) - d * 86400_000).toISOString().slice(0, 10).replace(/-/g, '');
      entries.push(entry(`keiyaku-${day}-020000`));
    }
    const pruned = new Set(backupsToPrune(entries, 14, 12));
    const kept = entries.filter((e) => !pruned.has(e.name));
    // 14 days of December (3) and November (11), plus the newest of the 10 months before.
    expect(kept.length).toBe(14 + 10);
    expect(new Set(kept.map((e) => e.day.slice(0, 6))).size).toBe(12);
  });

  it('reads the backup time and finds the last slot in Japan time', () => {
    expect(parseBackupTime('02:00')).toBe(120);
    expect(parseBackupTime('23:59')).toBe(1439);
    expect(parseBackupTime('25:00')).toBe(120);
    // 2026-12-03 01:00 JST is before 02:00: the slot is the day before, 02:00 JST = 17:00 UTC.
    expect(lastSlot(new Date('2026-12-02T16:00:00Z'), 120).toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(lastSlot(new Date('2026-12-02T17:30:00Z'), 120).toISOString()).toBe('2026-12-02T17:00:00.000Z');
  });
});
