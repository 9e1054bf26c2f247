import { describeMatrix } from "./matrix-suite.js";

describeMatrix("query matrix: dates and times", ["date", "datetime", "time"]);
