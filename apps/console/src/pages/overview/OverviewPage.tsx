export function OverviewPage() {
  return <section data-testid="page-overview">OverviewPage: to be written</section>;
}
