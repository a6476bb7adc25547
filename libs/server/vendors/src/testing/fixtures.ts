/** A valid vendor (国税庁's own 法人番号, so the check digit holds) for the HTTP tests. */
export const TEST_VENDOR = {
  corporateNumber: '7000012050002',
  invoiceNumber: 'T7000012050002',
  name: '株式会社テスト建設',
  nameKana: 'テストケンセツ',
  representativeTitle: '代表取締役',
  representativeName: '防府 太郎',
  postalCode: '747-0001',
  address: '山口県防府市大字台道1番地',
  phone: '0835-22-1111',
  locality: 'local',
  capital: 20_000_000,
  entityType: 'corporation',
};
