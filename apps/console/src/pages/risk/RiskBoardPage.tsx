export function RiskBoardPage() {
  return <section data-testid="page-risk">RiskBoardPage: to be written</section>;
}
