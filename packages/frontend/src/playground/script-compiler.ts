/**
 * Turns a person's dispatcher script (TypeScript or JavaScript) into a `Dispatcher`: types stripped
 * by sucrase (which keeps line numbers), loops and returns instrumented with acorn so that a loop
 * that runs too long stops with its line and an invalid choice names the `return` that made it.
 * Runs wherever the harness runs (a Web Worker in the app, Node in the tests); never on the server.
 */
import { parse, type Node } from 'acorn';
import { simple } from 'acorn-walk';
import type { DecisionContext, Dispatcher } from '@hoistway/simulator/browser';
import { transform } from 'sucrase';
import { ScriptError, lineOfError } from './script-errors.js';

/** Name of a script that exports none. */
export const DEFAULT_NAME = 'my dispatcher';

/** Name under which the script is evaluated: stack frames of user code carry it. */
export const SCRIPT_URL = 'playground-dispatcher.js';

export interface CompileOptions {
  /** Clock for the loop guard, ms (performance.now in the worker; a fake in tests). */
  now: () => number;
  /** Longest a single `choose` call may run before its loops stop it, ms. */
  decisionBudgetMs: number;
}

export interface CompiledDispatcher extends Dispatcher {
  /** Line of the last `return` that ran in the script (null if none: an expression-bodied arrow). */
  readonly lastReturnLine: () => number | null;
}

interface Insertion {
  at: number;
  text: string;
  /** Order among insertions at the same position (closing brackets before opening ones). */
  order: number;
}

const GUARD = '__hwGuard';
const RET = '__hwRet';

/** Adds a guard call to every loop body and wraps every returned value; lines stay where they were. */
export function instrument(js: string): string {
  let ast: Node;
  try {
    ast = parse(js, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      locations: true,
      allowReturnOutsideFunction: false,
    });
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new ScriptError(
      'syntax',
      (error as Error).message.replace(/\s*\(\d+:\d+\)$/, ''),
      loc?.line ?? null,
    );
  }
  const inserts: Insertion[] = [];
  const guardBody = (loop: Node & { body: Node }) => {
    const line = loop.loc!.start.line;
    const body = loop.body;
    if (body.type === 'BlockStatement')
      inserts.push({ at: body.start + 1, text: `${GUARD}(${line});`, order: 1 });
    else {
      inserts.push({ at: body.start, text: `{${GUARD}(${line});`, order: 1 });
      inserts.push({ at: body.end, text: '}', order: 0 });
    }
  };
  simple(ast, {
    ForStatement: (n) => guardBody(n as never),
    ForInStatement: (n) => guardBody(n as never),
    ForOfStatement: (n) => guardBody(n as never),
    WhileStatement: (n) => guardBody(n as never),
    DoWhileStatement: (n) => guardBody(n as never),
    ReturnStatement: (n) => {
      const arg = (n as Node & { argument: Node | null }).argument;
      if (!arg) return;
      inserts.push({ at: arg.start, text: `${RET}(${n.loc!.start.line},(`, order: 1 });
      inserts.push({ at: arg.end, text: '))', order: 0 });
    },
  });
  inserts.sort((a, b) => b.at - a.at || b.order - a.order);
  let out = js;
  for (const i of inserts) out = out.slice(0, i.at) + i.text + out.slice(i.at);
  return out;
}

/** Strips types and converts `export`s to assignments on an `exports` object. */
export function toJavaScript(source: string): string {
  try {
    return transform(source, { transforms: ['typescript', 'imports'], disableESTransforms: true }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    throw new ScriptError(
      'syntax',
      (error as Error).message.replace(/\s*\(\d+:\d+\)$/, ''),
      loc?.line ?? null,
    );
  }
}

type Choose = (ctx: DecisionContext) => unknown;

/**
 * Compiles and evaluates the script; its default export (or an export named `choose`) is the choice
 * function. `export const name = '…'` names it; `export const destinationControl = true` makes it
 * allocate at the landing.
 */
export function compileDispatcher(source: string, options: CompileOptions): CompiledDispatcher {
  const js = instrument(toJavaScript(source));
  let decisionStart = 0;
  let lastReturn: number | null = null;
  const guard = (line: number) => {
    if (options.now() - decisionStart > options.decisionBudgetMs)
      throw new ScriptError(
        'timeout',
        `choose() ran longer than ${options.decisionBudgetMs} ms (an endless loop?)`,
        line,
      );
  };
  const ret = (line: number, value: unknown) => {
    lastReturn = line;
    return value;
  };
  const exports: Record<string, unknown> = {};
  const requireStub = (name: string) => {
    throw new ScriptError('exception', `imports are not available in the playground (tried "${name}")`, null);
  };
  // The wrapper's first line is the script's first line, so stack lines are script lines.
  const wrapped = `(function (exports, require, ${GUARD}, ${RET}) {${js}\n})\n//# sourceURL=${SCRIPT_URL}`;
  decisionStart = options.now();
  try {
    // Indirect eval: global scope, no access to this module's variables.
    const factory = (0, eval)(wrapped) as (...args: unknown[]) => void;
    factory(exports, requireStub, guard, ret);
  } catch (error) {
    throw asScriptError(error, 'while loading the script');
  }
  const choose = (typeof exports.default === 'function' ? exports.default : exports.choose) as
    Choose | undefined;
  if (typeof choose !== 'function')
    throw new ScriptError(
      'syntax',
      'the script must export a function: `export default function choose(ctx) { … }`',
      null,
    );
  const name =
    typeof exports.name === 'string' && exports.name.trim() ? exports.name.trim() : 'my dispatcher';
  return {
    name,
    destinationControl: exports.destinationControl === true,
    lastReturnLine: () => lastReturn,
    choose(ctx) {
      decisionStart = options.now();
      lastReturn = null;
      let chosen: unknown;
      try {
        chosen = choose(ctx);
      } catch (error) {
        throw asScriptError(error, `at t = ${ctx.time.toFixed(1)} s`);
      }
      const count = ctx.candidates.length;
      if (typeof chosen !== 'number' || !Number.isInteger(chosen) || chosen < 0 || chosen >= count)
        throw new ScriptError(
          'invalid-choice',
          `choose() returned ${describe(chosen)} at t = ${ctx.time.toFixed(1)} s for the ${ctx.call.direction} call at floor ${ctx.call.floor}; ` +
            `it must return an index into ctx.candidates, 0 to ${count - 1}`,
          lastReturn,
        );
      return chosen;
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

function asScriptError(error: unknown, when: string): ScriptError {
  if (error instanceof ScriptError) return error;
  const e = error instanceof Error ? error : new Error(String(error));
  return new ScriptError('exception', `${e.name}: ${e.message} (${when})`, lineOfError(e, SCRIPT_URL));
}
