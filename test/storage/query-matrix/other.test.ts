import { describeMatrix } from "./matrix-suite.js";

describeMatrix("query matrix: boolean, uuid, binary, json", ["boolean", "uuid", "binary", "json"]);
