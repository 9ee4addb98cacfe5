import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './start-tracing';

/**
 * Flushes the spans still buffered when a Nest process is told to stop (SIGTERM with
 * enableShutdownHooks): Nest awaits this before it lets the signal end the process, so
 * the last requests' spans are exported, not lost.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
