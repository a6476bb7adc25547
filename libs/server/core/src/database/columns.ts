import { Column, ColumnOptions } from 'typeorm';

/** numeric(15,0) comes back from PostgreSQL and Oracle as a string; the API speaks numbers. */
const integerTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? null : Number(v)),
};

/**
 * A whole number beyond 32 bits — money in yen, file sizes. `bigint` does not exist on Oracle,
 * so it is numeric(15,0) there and on PostgreSQL (up to 999兆円, within JavaScript's safe range).
 */
export function BigIntColumn(options: Omit<ColumnOptions, 'type' | 'precision' | 'scale' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 15, scale: 0, transformer: integerTransformer });
}

/** A decimal score (80.4, 79.86) as numeric(7,3); PostgreSQL and Oracle return strings. */
export function DecimalColumn(options: Omit<ColumnOptions, 'type' | 'precision' | 'scale' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'numeric', precision: 7, scale: 3, transformer: integerTransformer });
}
