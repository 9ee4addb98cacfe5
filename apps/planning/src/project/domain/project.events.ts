export * from '@ledger/contracts/planning/project.events';
