/** @module The shape of one `ordoscan` sub-command. */

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Command {
  /** Words that select the command (`['serve']`, `['partners', 'create']`). */
  name: string[];
  /** One line for `ordoscan help`. */
  summary: string;
  /** Usage line shown with --help and on bad arguments. */
  usage: string;
  /** @returns the process exit code */
  run(args: string[], io: CliIo): Promise<number>;
}
