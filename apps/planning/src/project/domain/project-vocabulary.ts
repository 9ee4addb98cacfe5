export * from '@ledger/contracts/planning/project-vocabulary';
