// graphql-ws publishes `graphql-ws/use/ws` through package.json `exports` only, which this
// repository's `moduleResolution: node` does not read; Node's require does, at run time.
// The types are the package's own.
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
