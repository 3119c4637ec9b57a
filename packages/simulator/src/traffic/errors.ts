import { describeIssues, type FieldIssue } from '@hoistway/shared-types';

/** Traffic that cannot be used as given; `issues` name each problem (e.g. `line 7.origin`). */
export class TrafficInputError extends Error {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super(describeIssues(issues));
    this.name = 'TrafficInputError';
    this.issues = issues;
  }
}
