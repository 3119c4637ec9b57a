/** Errors of a person's dispatcher script, as the playground shows them (kind, message, line). */
export type ScriptErrorKind = 'syntax' | 'exception' | 'invalid-choice' | 'timeout';

/** Plain data: what the worker posts to the page. */
export interface ScriptErrorInfo {
  kind: ScriptErrorKind;
  message: string;
  /** 1-based line in the script, when known. */
  line: number | null;
}

export class ScriptError extends Error {
  constructor(
    readonly kind: ScriptErrorKind,
    message: string,
    readonly line: number | null,
  ) {
    super(message);
    this.name = 'ScriptError';
  }

  toInfo(): ScriptErrorInfo {
    return { kind: this.kind, message: this.message, line: this.line };
  }
}

/** The script line of the innermost stack frame in `scriptUrl` (V8 `url:line:col`, Firefox/Safari `@url:line:col`). */
export function lineOfError(error: Error, scriptUrl: string): number | null {
  const escaped = scriptUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(error.stack ?? '');
  return match ? Number(match[1]) : null;
}

export const errorTitles: Record<ScriptErrorKind, string> = {
  syntax: 'The script does not compile',
  exception: 'The dispatcher threw an exception',
  'invalid-choice': 'The dispatcher made an invalid choice',
  timeout: 'The dispatcher did not return in time',
};
