import { responseMediaType } from './graphql-http';

/** The type of a refusal answered before Apollo runs: the one Apollo picks for its own. */
describe('responseMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json', 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json', 'application/json'],
    [
      'application/json;q=0.9, application/graphql-response+json',
      'application/graphql-response+json',
    ],
    ['application/graphql-response+json;q=0.5, application/json', 'application/json'],
    ['application/graphql-response+json;q=0, */*', 'application/json'],
    ['application/xml', 'application/json'],
    ['*/*, application/graphql-response+json', 'application/graphql-response+json'],
    ['application/*, application/graphql-response+json', 'application/graphql-response+json'],
    ['application/graphql-response+json, application/*', 'application/graphql-response+json'],
  ])('Accept %s: %s', (accept, type) => {
    expect(responseMediaType(accept)).toBe(`${type}; charset=utf-8`);
  });
});
