/** Where a definition came from, so errors can name the file, the line and the key path. */
export interface SourceLocation {
  /** Path of the spec file, relative to the project root when inside it. */
  readonly file: string;
  /** 1-based line and column of the key, or 0 when unknown (built-in definitions). */
  readonly line: number;
  readonly column: number;
  /** Dotted key path inside the file, e.g. `models.station.fields.name.type`. */
  readonly path: string;
}

export function formatLocation(location: SourceLocation): string {
  const where = location.line > 0 ? `${location.file}:${location.line}` : location.file;
  return location.path === "" ? where : `${where} ${location.path}`;
}
