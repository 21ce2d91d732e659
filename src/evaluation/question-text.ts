/** The question's wording, or a generic one when the rule set has none for the fact. */
export function questionText(
  question: { patient: string; clinician: string } | undefined,
  fact: string,
): { patient: string; clinician: string } {
  return question === undefined
    ? { patient: `Please answer: ${fact}`, clinician: fact }
    : { patient: question.patient, clinician: question.clinician };
}
