export * from './dispatch-report.events';
export * from './network-report.events';
