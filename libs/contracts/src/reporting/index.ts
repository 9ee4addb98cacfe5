export * from './dispatch-report.events';
export * from './problem.events';
export * from './network-report.events';
