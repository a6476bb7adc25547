import { DataSource } from 'typeorm';
import { applySort, ListSpec } from './list-query';

const SPEC: ListSpec = {
  fields: {
    contractDate: { expr: 'c.contractDate', type: 'date', label: '契約日' },
    amount: { expr: 'c.amount', type: 'number', label: '契約金額' },
    fiscalYear: { expr: 'c.fiscalYear', type: 'number', label: '年度' },
  },
  defaultSort: 'contractDate:desc',
  tieBreaker: 'c.id',
};

// A query builder needs no open connection to be built and read back.
const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
const query = () => ds.createQueryBuilder().select('c.id').from('contracts', 'c');

describe('applySort', () => {
  it('orders by the requested keys, then the tie-breaker (in the first key\'s direction) so pages never overlap', () => {
    const qb = query().where('c.fiscalYear = :fy', { fy: 2024 });
    applySort(qb, SPEC, 'amount:desc,contractDate:asc');
    expect(qb.expressionMap.orderBys).toEqual({ 'c.amount': 'DESC', 'c.contractDate': 'ASC', 'c.id': 'DESC' });
  });

  it('runs the tie-breaker ascending after an ascending first key', () => {
    const qb = query();
    applySort(qb, SPEC, 'contractDate:asc');
    expect(qb.expressionMap.orderBys).toEqual({ 'c.contractDate': 'ASC', 'c.id': 'ASC' });
  });

  it('uses the default sort when none is asked for', () => {
    const qb = query();
    applySort(qb, SPEC, null);
    expect(qb.expressionMap.orderBys).toEqual({ 'c.contractDate': 'DESC', 'c.id': 'DESC' });
  });

  it('refuses a sort on a field the list does not know, naming it', () => {
    expect(() => applySort(query(), SPEC, 'password:asc')).toThrow('項目「password」では並べ替えできません。');
  });
});
