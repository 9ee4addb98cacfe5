/**
 * The first import of every process entry (apps/<name>/src/main.ts): starts tracing when
 * an OTLP endpoint is set, before Nest, pg, kafkajs or graphql are required, so that their
 * instrumentation can hook them. Imports nothing of the ledger's but this folder.
 */
import { startTracing } from './start-tracing';
import { processNameOf } from './process-name';

startTracing(processNameOf(process.argv[1] ?? '', process.env));
