export * from './readiness-limits';
export * from './readiness-checks';
export * from './health.module';
export * from './health-server';
