export { checkSealedKeys, countNotSealedWith, countSealedWith } from "./key-usage.js";
export { rotateSealed, type RotateOptions, type RotateOutcome } from "./rotate-sealed.js";
export { sealedTables, type SealedTable } from "./sealed-columns.js";
