export * from './risk-flag.events';
export * from './assessment-scored.event';
export * from './supervision.events';
