// body-parser 2 ships no types (Express declares none here either): the one function we use.
declare module 'body-parser' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export function json(options: {
    limit: string;
  }): (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;
}
