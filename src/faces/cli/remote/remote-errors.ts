import { CairnError, isCairnError } from "../../../foundations/cairn-error.js";
import { registeredErrors } from "../../../foundations/define-error.js";
import { HostUnreachable } from "../../../foundations/error-codes.js";
import { isCairnApiError, isCairnClientError } from "../../client/index.js";

/**
 * A client failure as the error the local CLI would have raised: a server's error
 * becomes the CairnError of the same code, message, hint and details (so it is
 * reported, and picks its exit code, exactly as locally); a network failure becomes
 * CAIRN_HOST_UNREACHABLE. Anything else is returned as it is.
 */
export function asLocalError(error: unknown, url: string): unknown {
  if (isCairnError(error)) return error;
  if (isCairnClientError(error)) {
    const definition = registeredErrors().find((d) => d.code === error.code);
    if (definition !== undefined) {
      return definition.create(error.message, { hint: error.hint, cause: error.cause ?? error });
    }
  }
  if (isCairnApiError(error)) {
    const options = {
      hint: error.hint,
      details: {
        ...error.details,
        ...(error.remoteStack === undefined ? {} : { stack: error.remoteStack }),
      },
    };
    const definition = registeredErrors().find((d) => d.code === error.code);
    return definition === undefined
      ? new CairnError(error.code, error.status, error.message, options)
      : definition.create(error.message, options);
  }
  if (error instanceof Error) {
    return HostUnreachable.create(`${url}: ${reason(error)}`, {
      hint: "Check that cairn serve runs there and that the URL is right (cairn host list).",
      cause: error,
    });
  }
  return error;
}

/** The innermost message: fetch's own is only "fetch failed". */
function reason(error: Error): string {
  const cause: unknown = error.cause;
  return cause instanceof Error ? reason(cause) : error.message;
}
