// The options every command inherits from the program, in their own file: commands.ts registers the
// commands and the command modules read these options, so neither has to import the other.

/** Options every command inherits from the program. */
export interface GlobalOptions {
  /** Resolved by resolveConfigPath: -c, $STATEWARD_CONFIG, or the nearest stateward.yaml. */
  config: string;
  /** The config was named explicitly (-c or $STATEWARD_CONFIG), not found or defaulted. */
  configGiven?: boolean;
  profile?: string;
  region?: string;
  endpointUrl?: string;
  color: boolean;
  quiet?: boolean;
  stats?: boolean;
  statsJson?: string;
}
