/*
 * The interview, as one module that the triage loads on the first interview step: apps that
 * only assess do not carry it.
 */
export { interviewStep } from './interviewer.js';
export { checkInInterview, screeningInterview } from './interview-kinds.js';
