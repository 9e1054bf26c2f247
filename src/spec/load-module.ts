import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import { SpecUnsupported } from "../foundations/error-codes.js";
import type { ModuleDefinition, ModuleRequirement } from "./project-spec.js";
import type { SourceLocation } from "./source-location.js";
import { checkKeys, MapReader } from "./spec-reader.js";
import type { SpecMap } from "./spec-node.js";
import type { SpecProblems } from "./spec-problems.js";
import { readYamlFile } from "./yaml-source.js";

export const MODULE_FILE = "cairn.yml";
const MODULE_KEYS = ["name", "version", "requires", "description", "help"] as const;
const REQUIRE_KEYS = ["name", "path", "git", "ref"] as const;
const MODULE_NAME = /^[a-z][a-z0-9_-]*$/;

/** A module's files read from disk, before merging. */
export interface LoadedModule {
  readonly definition: ModuleDefinition;
  /** Where cairn.yml gives the module's name. */
  readonly nameLocation: SourceLocation;
  /** Where each requirement was written, for "cannot be found" errors. */
  readonly requireLocations: readonly SourceLocation[];
  /** The roots of `spec/*.yml`, sorted by file name. */
  readonly files: readonly SpecMap[];
}

/** How a file is named in messages: relative to the project when inside it, else absolute. */
export function displayPath(file: string, projectRoot: string): string {
  const rel = relative(projectRoot, file);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return file;
  return rel.split(sep).join("/");
}

/**
 * Reads `<root>/cairn.yml` and `<root>/spec/*.yml`. Problems go to `problems`;
 * undefined when cairn.yml itself is unusable.
 */
export function loadModule(
  root: string,
  projectRoot: string,
  problems: SpecProblems,
): LoadedModule | undefined {
  const moduleFile = join(root, MODULE_FILE);
  const manifest = readYamlFile(moduleFile, displayPath(moduleFile, projectRoot), problems);
  if (manifest === undefined) return undefined;
  checkKeys(manifest, MODULE_KEYS, `key of ${MODULE_FILE}`, problems);
  const reader = new MapReader(manifest, problems);
  const name = reader.string("name");
  if (name === undefined) {
    problems.invalid(`${MODULE_FILE} must give the module a 'name'`, manifest.location);
    return undefined;
  }
  if (!MODULE_NAME.test(name)) {
    problems.invalid(
      `module name '${name}' must be lower-case letters, digits, '-' and '_'`,
      reader.location("name"),
    );
  }
  const { requires, locations } = readRequires(reader, problems);
  const specDir = join(root, "spec");
  const files: SpecMap[] = [];
  if (existsSync(specDir)) {
    const names = readdirSync(specDir)
      .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
      .sort();
    for (const fileName of names) {
      const file = join(specDir, fileName);
      const parsed = readYamlFile(file, displayPath(file, projectRoot), problems);
      if (parsed !== undefined) files.push(parsed);
    }
  }
  const version = reader.string("version") ?? "0.0.0";
  return {
    definition: { name, version, root, requires },
    nameLocation: reader.location("name"),
    requireLocations: locations,
    files,
  };
}

function readRequires(
  reader: MapReader,
  problems: SpecProblems,
): { requires: ModuleRequirement[]; locations: SourceLocation[] } {
  const requires: ModuleRequirement[] = [];
  const locations: SourceLocation[] = [];
  const node = reader.node("requires");
  if (node === undefined) return { requires, locations };
  if (node.kind !== "list") {
    problems.invalid("'requires' must be a list of {name, path}", node.location);
    return { requires, locations };
  }
  for (const item of node.items) {
    if (item.kind !== "map") {
      problems.invalid("each requirement must be a map {name, path}", item.location);
      continue;
    }
    checkKeys(item, REQUIRE_KEYS, "requirement key", problems);
    const entry = new MapReader(item, problems);
    if (entry.node("git") !== undefined || entry.node("ref") !== undefined) {
      problems.add(
        SpecUnsupported,
        "modules from git are not supported yet",
        entry.location("git"),
        "",
        "Check the module out next to the project and give its 'path'.",
      );
      continue;
    }
    const name = entry.string("name");
    const path = entry.string("path");
    if (name === undefined || path === undefined) {
      problems.invalid("a requirement needs both 'name' and 'path'", item.location);
      continue;
    }
    requires.push({ name, path });
    locations.push(item.location);
  }
  return { requires, locations };
}
