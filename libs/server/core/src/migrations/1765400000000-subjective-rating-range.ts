import { MigrationInterface, QueryRunner } from 'typeorm';
import { col, PortableSchema } from '../database/portable-schema';

const COLUMNS = [col.int('rating_min', { nullable: true }), col.int('rating_max', { nullable: true })];

/**
 * 主観点 items offered by the vendor's 工事成績 average: the range [rating_min, rating_max) of the
 * average each applies to. The shipped RATING-* items get theirs (80以上, 75以上80未満, 65未満).
 */
export class SubjectiveRatingRange1765400000000 implements MigrationInterface {
  name = 'SubjectiveRatingRange1765400000000';

  async up(qr: QueryRunner): Promise<void> {
    const s = new PortableSchema(qr);
    await s.addColumns('subjective_items', COLUMNS);
    const [table, code, min, max] = ['subjective_items', 'code', 'rating_min', 'rating_max'].map((n) => s.name(n));
    for (const [c, lo, hi] of [['RATING-H', 80, null], ['RATING-M', 75, 80], ['RATING-L', null, 65]] as const) {
      await qr.query(`UPDATE ${table} SET ${min} = ${lo ?? 'NULL'}, ${max} = ${hi ?? 'NULL'} WHERE ${code} = '${c}'`);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await new PortableSchema(qr).dropColumns('subjective_items', COLUMNS.map((c) => c.name));
  }
}
