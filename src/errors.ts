// Every failure a user can meet is a StatewardError: a stable code, what went wrong, and the fix.

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export class StatewardError extends Error {
  readonly code: string;
  readonly fix: string;
  readonly location?: SourceLocation;

  constructor(code: string, message: string, fix: string, options?: { location?: SourceLocation; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StatewardError';
    this.code = code;
    this.fix = fix;
    if (options?.location) this.location = options.location;
  }
}

/** Several independent problems found in one pass (e.g. every error of a config file). */
export class StatewardErrors extends Error {
  readonly errors: StatewardError[];
  constructor(errors: StatewardError[]) {
    super(`${errors.length} error${errors.length === 1 ? '' : 's'}`);
    this.name = 'StatewardErrors';
    this.errors = errors;
  }
}

export function formatLocation(loc: SourceLocation | undefined): string {
  return loc ? `${loc.file}:${loc.line}:${loc.column}` : '';
}
