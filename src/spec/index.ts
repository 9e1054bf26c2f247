/** The spec layer: YAML specs of a project's modules in, immutable definitions out. */
export { loadProjectSpec, loadProjectSpecSync } from "./load-project-spec.js";
export { formatLocation } from "./source-location.js";
export type { SourceLocation } from "./source-location.js";
export { FIELD_TYPES, PARAMETER_TYPES, isFieldType, isParameterType } from "./field-types.js";
export type { FieldType, JsonValue, ParameterType } from "./field-types.js";
export { SYSTEM_FIELD_NAMES } from "./field-definition.js";
export type { FieldDefinition } from "./field-definition.js";
export type {
  OnDelete,
  RelationDefinition,
  ReverseRelationDefinition,
} from "./relation-definition.js";
export type { ModelDefinition, ModelRoles } from "./model-definition.js";
export type { ParameterDefinition } from "./parameter-definition.js";
export { SCHEDULE_NAME, SCHEDULE_NAME_MAX } from "./schedule-definition.js";
export type { ScheduleDefinition, ScheduleKey } from "./schedule-definition.js";
export { RESOURCE_ACTIONS } from "./command-definition.js";
export type {
  BuiltinReference,
  CommandDefinition,
  HandlerReference,
  ResourceAction,
} from "./command-definition.js";
export type {
  ModuleDefinition,
  ModuleRequirement,
  ProjectSpec,
  RoleDefinition,
} from "./project-spec.js";
