export function ScoresPage() {
  return <section data-testid="page-scores">ScoresPage: to be written</section>;
}
