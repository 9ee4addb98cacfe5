export * from './dispatch-report.events';
