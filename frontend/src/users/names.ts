/**
 * Names of accounts to add, from text a teacher pasted or a CSV file they chose: one name a line,
 * or a CSV whose header has a `name` column (any other columns, an email say, are left alone);
 * without such a header each row's first field is the name, as `netcanvas users import` reads it.
 * Blank lines and repeats (the same name as the server keeps it) are dropped. Pure, so the page
 * and the tests share it.
 */

/** The rows of a CSV text: fields split on commas, double quotes around a field with one. */
export function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const source = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && source[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A name as the server keeps it (`accounts.normal_name`): NFKC, each run of spaces one space. */
export const normalName = (name: string): string => name.normalize("NFKC").trim().split(/\s+/).join(" ");

/** The names in pasted text or a CSV file's text, in order, each once (as the server keeps it). */
export function parseNames(text: string): string[] {
  const rows = csvRows(text)
    .map((row) => row.map(normalName))
    .filter((row) => row.some((field) => field !== ""));
  const header = rows[0];
  if (!header) return [];
  const column = header.findIndex((field) => field.toLowerCase() === "name");
  const names = column >= 0 ? rows.slice(1).map((row) => row[column] ?? "") : rows.map((row) => row[0] ?? "");
  return [...new Set(names.filter((name) => name !== ""))];
}

/** Generated passwords as a CSV to download or paste: a header, then `name,password` per account. */
export function passwordsCsv(rows: readonly { name: string; password: string }[]): string {
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  const lines = rows.map((row) => `${field(row.name)},${field(row.password)}`);
  return ["name,password", ...lines, ""].join("\n");
}
