import { defineError } from "./define-error.js";

/*
 * The registry of every error code Cairn raises. Each code appears once here and once
 * in docs/errors.md (a test checks both directions). Codes are never reused: retire a
 * code by leaving it documented as retired, not by giving it a new meaning.
 */

// Settings and project
export const SettingsInvalid = defineError(
  "CAIRN_SETTINGS_INVALID",
  400,
  "A setting has a bad value.",
);
export const ProjectNotFound = defineError(
  "CAIRN_PROJECT_NOT_FOUND",
  400,
  "No cairn.yml was found.",
);
export const ProjectExists = defineError(
  "CAIRN_PROJECT_EXISTS",
  400,
  "cairn init would overwrite a project.",
);

// Spec
export const SpecSyntax = defineError("CAIRN_SPEC_SYNTAX", 400, "A spec file is not valid YAML.");
export const SpecInvalid = defineError("CAIRN_SPEC_INVALID", 400, "A spec value is wrong.");
export const SpecUnknownKey = defineError(
  "CAIRN_SPEC_UNKNOWN_KEY",
  400,
  "A spec key is not known.",
);
export const SpecUnknownName = defineError(
  "CAIRN_SPEC_UNKNOWN_NAME",
  400,
  "A spec names something that does not exist.",
);
export const SpecDuplicate = defineError(
  "CAIRN_SPEC_DUPLICATE",
  400,
  "Two definitions use the same name.",
);
export const SpecUnsupported = defineError(
  "CAIRN_SPEC_UNSUPPORTED",
  400,
  "A spec option is not supported yet.",
);
export const ModuleNotFound = defineError(
  "CAIRN_MODULE_NOT_FOUND",
  400,
  "A required module cannot be found.",
);
export const ModuleCycle = defineError(
  "CAIRN_MODULE_CYCLE",
  400,
  "Modules require each other in a cycle.",
);

// Storage and migrations
export const DatabaseUrlInvalid = defineError(
  "CAIRN_DATABASE_URL_INVALID",
  400,
  "CAIRN_DATABASE_URL cannot be used.",
);
export const DatabaseUnavailable = defineError(
  "CAIRN_DATABASE_UNAVAILABLE",
  503,
  "The database cannot be reached.",
);
export const MigrationDestructive = defineError(
  "CAIRN_MIGRATION_DESTRUCTIVE",
  400,
  "A migration would destroy data and needs --allow-destructive.",
);
export const MigrationFailed = defineError(
  "CAIRN_MIGRATION_FAILED",
  500,
  "A migration step failed and was rolled back.",
);
export const SchemaOutdated = defineError(
  "CAIRN_SCHEMA_OUTDATED",
  409,
  "The database schema does not match the spec; run cairn db migrate.",
);

// Queries and records
export const QuerySyntax = defineError(
  "CAIRN_QUERY_SYNTAX",
  400,
  "A filter, ordering or field list cannot be parsed.",
);
export const QueryUnknownField = defineError(
  "CAIRN_QUERY_UNKNOWN_FIELD",
  400,
  "A query names a field or relation that does not exist.",
);
export const QueryUnknownOperator = defineError(
  "CAIRN_QUERY_UNKNOWN_OPERATOR",
  400,
  "A filter uses an operator that does not exist or does not apply to the field's type.",
);
export const QueryBadValue = defineError(
  "CAIRN_QUERY_BAD_VALUE",
  400,
  "A filter value does not fit the field's type, or a cursor or paging value is bad.",
);
export const QueryTimeout = defineError(
  "CAIRN_QUERY_TIMEOUT",
  503,
  "A query ran longer than the configured query time limit and was stopped.",
);
export const RecordInvalid = defineError(
  "CAIRN_RECORD_INVALID",
  400,
  "A value given for a record is not valid.",
);
export const RecordNotFound = defineError(
  "CAIRN_RECORD_NOT_FOUND",
  404,
  "No record has the given key.",
);
export const RecordConflict = defineError(
  "CAIRN_RECORD_CONFLICT",
  409,
  "A record with the same unique value already exists.",
);
export const RecordInUse = defineError(
  "CAIRN_RECORD_IN_USE",
  409,
  "A record cannot be removed while other records refer to it.",
);

// Commands and executions
export const CommandNotFound = defineError(
  "CAIRN_COMMAND_NOT_FOUND",
  404,
  "No command has the given path.",
);
export const ParameterInvalid = defineError(
  "CAIRN_PARAMETER_INVALID",
  400,
  "A command parameter is missing, unknown or of the wrong type.",
);
export const HandlerNotFound = defineError(
  "CAIRN_HANDLER_NOT_FOUND",
  400,
  "A command's handler file or export cannot be loaded.",
);
export const HandlerFailed = defineError(
  "CAIRN_HANDLER_FAILED",
  500,
  "A command handler threw an error.",
);
export const ExecutionAborted = defineError(
  "CAIRN_EXECUTION_ABORTED",
  499,
  "An execution was aborted.",
);
export const ExecutionTimeout = defineError(
  "CAIRN_EXECUTION_TIMEOUT",
  504,
  "An execution ran past its timeout.",
);
export const ExecutionLost = defineError(
  "CAIRN_EXECUTION_LOST",
  500,
  "An execution's worker stopped heartbeating and no retries were left.",
);
export const ExecutionNotFound = defineError(
  "CAIRN_EXECUTION_NOT_FOUND",
  404,
  "No execution has the given id.",
);
export const LockHeld = defineError(
  "CAIRN_LOCK_HELD",
  409,
  "A command's lock is held by another execution.",
);
export const ConfirmationRequired = defineError(
  "CAIRN_CONFIRMATION_REQUIRED",
  400,
  "A destructive command needs --force.",
);

// Faces
export const UsageInvalid = defineError(
  "CAIRN_USAGE",
  400,
  "The command line cannot be understood.",
);
export const NotAvailable = defineError(
  "CAIRN_NOT_AVAILABLE",
  400,
  "A command exists in the CLI contract but arrives in a later release.",
);
export const HostUnreachable = defineError(
  "CAIRN_HOST_UNREACHABLE",
  503,
  "The remote CLI or client cannot reach the server, or its stream broke off.",
);
export const TokenInsecure = defineError(
  "CAIRN_TOKEN_INSECURE",
  400,
  "A token would travel over plain http to a host that is not this machine; nothing was sent.",
);
export const TlsUntrusted = defineError(
  "CAIRN_TLS_UNTRUSTED",
  502,
  "The server's TLS certificate cannot be verified (unknown CA, wrong name, expired).",
);
export const ListenFailed = defineError(
  "CAIRN_LISTEN_FAILED",
  500,
  "cairn serve cannot listen on the host and port.",
);
export const RequestInvalid = defineError(
  "CAIRN_REQUEST_INVALID",
  400,
  "An HTTP request is malformed: a parameter, header or body of the wrong shape.",
);
export const Unauthorized = defineError(
  "CAIRN_UNAUTHORIZED",
  401,
  "A request needs a valid bearer token.",
);
export const Forbidden = defineError(
  "CAIRN_FORBIDDEN",
  403,
  "The request's user lacks a role the command or model needs.",
);
export const TooManyAttempts = defineError(
  "CAIRN_TOO_MANY_ATTEMPTS",
  429,
  "Too many requests with bad tokens came from one address; it must wait.",
);
export const ModelNotFound = defineError(
  "CAIRN_MODEL_NOT_FOUND",
  404,
  "The data API serves no model of that name.",
);
export const RouteNotFound = defineError(
  "CAIRN_ROUTE_NOT_FOUND",
  404,
  "No HTTP route has the given method and path.",
);
export const InternalError = defineError(
  "CAIRN_INTERNAL",
  500,
  "An unexpected error; the server log has the details.",
);

// Schedules
export const ScheduleInvalid = defineError(
  "CAIRN_SCHEDULE_INVALID",
  400,
  "A schedule's timing, time zone, bounds or policy is wrong.",
);

// Notifications
export const NotificationFailed = defineError(
  "CAIRN_NOTIFICATION_FAILED",
  502,
  "A notification could not be delivered by email or webhook; it is tried again.",
);

// Keys and backups
export const KeyringInvalid = defineError(
  "CAIRN_KEYRING_INVALID",
  400,
  "The key file or CAIRN_KEYS cannot be read as a keyring.",
);
export const KeyFileInsecure = defineError(
  "CAIRN_KEY_FILE_INSECURE",
  400,
  "The key file may be read by other users.",
);
export const KeyMissing = defineError(
  "CAIRN_KEY_MISSING",
  400,
  "The key that is needed is not in the keyring.",
);
export const KeyWrong = defineError(
  "CAIRN_KEY_WRONG",
  400,
  "A key has the needed id but not the material that encrypted the data.",
);
export const KeysReadOnly = defineError(
  "CAIRN_KEYS_READ_ONLY",
  400,
  "Keys given in CAIRN_KEYS are managed outside Cairn.",
);
export const KeyInUse = defineError(
  "CAIRN_KEY_IN_USE",
  409,
  "A key that is active or still encrypts stored values cannot be retired.",
);
export const FieldUnreadable = defineError(
  "CAIRN_FIELD_UNREADABLE",
  500,
  "A stored encrypted value does not decrypt: it was changed, moved, or never encrypted.",
);
export const QueryEncryptedField = defineError(
  "CAIRN_QUERY_ENCRYPTED_FIELD",
  400,
  "A query compares, orders or groups an encrypted field in a way ciphertext cannot answer.",
);
export const BackupInvalid = defineError(
  "CAIRN_BACKUP_INVALID",
  400,
  "A backup file is not one, was changed, was cut short or does not fit this project.",
);
export const BackupExists = defineError(
  "CAIRN_BACKUP_EXISTS",
  400,
  "The backup file already exists.",
);
export const RestoreNotEmpty = defineError(
  "CAIRN_RESTORE_NOT_EMPTY",
  409,
  "A restore needs a database whose model tables are empty.",
);
