export * from '@ledger/contracts/reporting/dispatch-report.events';
