import type { Assessment } from '../assessment/assessment-types.js';
import type { Decision, Level } from '../contract.js';
import type { LoadedRuleSet } from '../rules/load-rule-set.js';
import type { Screening } from '../screening/screening-types.js';
import { interviewStep } from './interviewer.js';
import { checkInInterview, screeningInterview } from './interview-kinds.js';
import type { InterviewOptions, InterviewStep } from './interview-types.js';

/*
 * The interview, as one module that the triage loads on the first interview step: apps that
 * only assess do not carry it.
 */

/** One step of a check-in interview. */
export function checkInInterviewStep(
  ruleSet: LoadedRuleSet,
  assess: (input: unknown) => Promise<Assessment>,
  partial: unknown,
  options: InterviewOptions | undefined,
): Promise<InterviewStep<Assessment, Level>> {
  return interviewStep(checkInInterview(ruleSet, assess), partial, options);
}

/** One step of a screening interview. */
export function screeningInterviewStep(
  ruleSet: LoadedRuleSet,
  screen: (input: unknown) => Promise<Screening>,
  partial: unknown,
  options: InterviewOptions | undefined,
): Promise<InterviewStep<Screening, Decision>> {
  return interviewStep(screeningInterview(ruleSet, screen), partial, options);
}
