import { describeMatrix } from "./matrix-suite.js";

describeMatrix("query matrix: numbers", ["integer", "bigint", "float", "decimal", "duration"]);
