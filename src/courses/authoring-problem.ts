/**
 * What the loaders and `email:check` say about her files. One line each: the file, the line where
 * known, what is wrong and how to fix it, in words for someone who is not a programmer.
 */
export interface AuthoringProblem {
  file: string;
  line?: number;
  severity: 'error' | 'warning';
  message: string;
}

export function formatAuthoringProblem(problem: AuthoringProblem): string {
  const where = problem.line ? `${problem.file}:${problem.line}` : problem.file;
  return `${where}: ${problem.severity === 'warning' ? 'warning: ' : ''}${problem.message}`;
}

/** Thrown at start-up when a course cannot be loaded; carries every problem, not just the first. */
export class CourseDefinitionError extends Error {
  override name = 'CourseDefinitionError';
  constructor(readonly problems: AuthoringProblem[]) {
    super(problems.map(formatAuthoringProblem).join('\n'));
  }
}

/** Collects problems while loading, so one run reports everything wrong with her files. */
export class Problems {
  readonly list: AuthoringProblem[] = [];
  error(file: string, line: number | undefined, message: string): void {
    this.list.push({ file, line, severity: 'error', message });
  }
  warning(file: string, line: number | undefined, message: string): void {
    this.list.push({ file, line, severity: 'warning', message });
  }
  get hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }
  /** For the app's start-up: any error stops it, naming every file to fix. */
  throwIfErrors(): void {
    if (this.hasErrors) throw new CourseDefinitionError(this.list.filter((p) => p.severity === 'error'));
  }
}
