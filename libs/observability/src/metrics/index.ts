export * from './registry';
export * from './lag';
export * from './probes';
export * from './ledger-metrics';
export * from './outcome';
export * from './gateway-metrics.plugin';
