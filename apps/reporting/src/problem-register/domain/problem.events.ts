export * from '@ledger/contracts/reporting/problem.events';
