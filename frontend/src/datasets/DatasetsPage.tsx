/** The datasets page: built-in sets and uploads, with previews. (Being built.) */
export function DatasetsPage() {
  return <div className="datasets-page" data-testid="datasets-page" />;
}
