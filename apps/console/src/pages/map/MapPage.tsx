export function MapPage() {
  return <section data-testid="page-map">MapPage: to be written</section>;
}
