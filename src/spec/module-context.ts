/** The module a definition came from: its name and where its handler files live. */
export interface ModuleContext {
  readonly name: string;
  readonly root: string;
  /** Only the core module may use `builtin` and `record`. */
  readonly isCore: boolean;
}
