export * from './dispatch-report.events';
export * from './problem.events';
