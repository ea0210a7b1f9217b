/** A confusion matrix as a table: a row per true class, a column per predicted class. Used by
 * a head's own report (Heads.tsx) and the test split's details (TestEvaluation.tsx). */

export function ConfusionTable({
  names,
  matrix,
  testId,
}: {
  names: string[];
  matrix: number[][];
  testId: string;
}) {
  return (
    <table className="cm" data-testid={testId}>
      <thead>
        <tr>
          <th />
          {names.map((n) => (
            <th key={n}>{n}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.map((row, r) => (
          <tr key={names[r] ?? r}>
            <th>{names[r]}</th>
            {row.map((count, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the column is the identity
              <td key={c}>{count}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
