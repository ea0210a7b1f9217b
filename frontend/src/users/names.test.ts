import { describe, expect, it } from "vitest";
import { csvRows, parseNames, passwordsCsv } from "./names";

describe("names to add", () => {
  it("reads one name a line, trimmed, without blank lines or repeats", () => {
    expect(parseNames("hana\n  ken \n\r\nyui\r\nhana\n")).toEqual(["hana", "ken", "yui"]);
    expect(parseNames("")).toEqual([]);
    expect(parseNames("\n \n")).toEqual([]);
  });

  it("keeps Japanese names and names with spaces, as the server keeps them", () => {
    const pasted = "田中 花子\n田中\u3000花子\n Mary   Ann \nｈａｎａ\nhana\nﾊﾅ\n";
    expect(parseNames(pasted)).toEqual(["田中 花子", "Mary Ann", "hana", "ハナ"]);
  });

  it("reads a CSV's name column, whatever its place and case", () => {
    const csv = "email,Name\nh@example.org,hana\nk@example.org,ken\n,\n";
    expect(parseNames(csv)).toEqual(["hana", "ken"]);
    expect(parseNames("\uFEFFname\nmio\n")).toEqual(["mio"]); // Excel's byte-order mark
  });

  it("takes each row's first field without a name header, as `netcanvas users import` does", () => {
    expect(parseNames("hana,h@example.org\nken,k@example.org")).toEqual(["hana", "ken"]);
  });

  it("reads quoted fields with commas and quotes in them", () => {
    expect(csvRows('a,"b, c","say ""hi"""\n1,2,3')).toEqual([
      ["a", "b, c", 'say "hi"'],
      ["1", "2", "3"],
    ]);
    expect(parseNames('name,note\n"hana","likes, commas"\n')).toEqual(["hana"]);
  });

  it("writes the passwords as a CSV with a header", () => {
    const rows = [
      { name: "hana", password: "abcDEF234567" },
      { name: "ken", password: "x,y" },
    ];
    expect(passwordsCsv(rows)).toBe('name,password\nhana,abcDEF234567\nken,"x,y"\n');
  });
});
