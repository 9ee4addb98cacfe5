export * from './branded';
export * from './decider';
export * from './local-date';
export * from './money';
export * from './clock';
export * from './ledger-clock';
export * from './settings';
