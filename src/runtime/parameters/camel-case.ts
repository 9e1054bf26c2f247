/** `dry_run` -> `dryRun`: spec names are snake_case, handler parameters camelCase. */
export function camelCase(name: string): string {
  return name.replace(/_+([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The parameters object a handler receives. */
export function camelCaseKeys(values: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [camelCase(name), value]),
  );
}
