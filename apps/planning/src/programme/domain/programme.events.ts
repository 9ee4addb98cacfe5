export * from '@ledger/contracts/planning/programme.events';
