/** An operator mistake (bad flag, unknown user): printed as one line on stderr, exit 1, no "admin failed". */
export class CliError extends Error {}
