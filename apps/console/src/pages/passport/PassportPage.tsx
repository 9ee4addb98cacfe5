export function PassportPage({ projectId }: { projectId: string }) {
  return <section data-testid="page-passport">PassportPage {projectId}: to be written</section>;
}
