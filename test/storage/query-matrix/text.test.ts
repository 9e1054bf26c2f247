import { describeMatrix } from "./matrix-suite.js";

describeMatrix("query matrix: text", ["string", "text"]);
