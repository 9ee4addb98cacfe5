/**
 * What an operator watches: metrics (prom-client, names under `ledger_`), health
 * (@nestjs/terminus), traces (OpenTelemetry) and JSON logs. Libs and apps record through
 * this one place, so a figure has one name and one meaning across every process.
 */
export * from './tracing';
export * from './logging';
export * from './metrics';
export * from './health';
