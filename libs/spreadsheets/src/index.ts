export * from './workbook-refused';
export * from './zip-archive';
export * from './workbook-scan';
export * from './table-spec';
export * from './read-table';
export * from './write-workbooks';
export * from './row-key';
