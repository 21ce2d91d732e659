import { builtinRuleSet } from '../../src/index.js';
import { valueAt } from '../../src/input/dotted-path.js';
import type { ScreenedInterview } from './simulated-screens.js';

interface QuestionData {
  readonly fact: string;
  readonly field?: string;
  readonly group?: string;
  readonly followUps?: readonly string[];
  readonly gate?: { readonly fact: string; readonly closedBy: readonly unknown[]; readonly value: unknown };
}

/** The built-in questions of one input, by the field that answers them, read from the rule files. */
function questionsOf(input: 'checkin' | 'screening'): Map<string, QuestionData> {
  const files = Object.values(builtinRuleSet.files) as { kind?: string; input?: string; questions?: QuestionData[] }[];
  return new Map(
    files
      .filter((file) => file.kind === 'questions' && (file.input ?? 'checkin') === input)
      .flatMap((file) => file.questions ?? [])
      .map((question) => [question.field ?? question.fact, question] as const),
  );
}

const QUESTIONS = { checkin: questionsOf('checkin'), screening: questionsOf('screening') };

/**
 * Questions an interview showed that an earlier answer had already settled, by what the rule
 * files declare: a question whose gate an answer closed, or shown before (or beside) the question
 * that opens it was answered; a follow-up on another screen shown before the question it follows
 * was answered; a sign's trend after the sign was answered 'none'.
 */
export function redundantAsks(screened: ScreenedInterview, input: 'checkin' | 'screening'): string[] {
  const questions = QUESTIONS[input];
  const screenOf = (field: string): number => screened.asked.find((entry) => entry.field === field)?.screen ?? Number.POSITIVE_INFINITY;
  return screened.asked.flatMap(({ field, screen, before, unknown }) => {
    const found: string[] = [];
    const question = questions.get(field);
    const gate = question?.gate;
    if (gate?.closedBy.includes(valueAt(before, gate.fact)))
      found.push(`${field} asked after ${gate.fact} = ${JSON.stringify(valueAt(before, gate.fact))}`);
    const open = (parent: string): boolean => valueAt(before, parent) === undefined && !unknown.includes(parent);
    if (gate !== undefined && (open(gate.fact) || screenOf(gate.fact) === screen))
      found.push(`${field} asked before ${gate.fact}, which opens it, was answered`);
    for (const parent of questions.values()) {
      const parentField = parent.field ?? parent.fact;
      if (!(parent.followUps ?? []).includes(question?.fact ?? field) || parent.group === question?.group) continue;
      if (open(parentField)) found.push(`${field} asked before ${parentField}, which it follows, was answered`);
    }
    const sign = /^signs\.(\w+)Trend$/.exec(field)?.[1];
    if (sign !== undefined && valueAt(before, `signs.${sign}`) === 'none') found.push(`${field} asked after signs.${sign} = "none"`);
    return found;
  });
}

/**
 * Whether full answers contradict a gate ("no blisters" and "clusters of blisters"): `assess`
 * reads them toward concern, but a person who knows their own state never gives them, and an
 * interview that stops asking once the gate closes cannot reach them.
 */
export function contradictsGate(answers: unknown, input: 'checkin' | 'screening'): boolean {
  return [...QUESTIONS[input].values()].some(({ fact, gate }) => {
    if (!gate?.closedBy.includes(valueAt(answers, gate.fact))) return false;
    const given = valueAt(answers, fact);
    return given !== undefined && given !== gate.value;
  });
}
