export { applyAction, MAX_OPINION_LENGTH } from "./actions.ts";
export {
  availableActions,
  currentGroup,
  currentHolders,
  hasMovedOn,
  isActive,
  type LineProblem,
  type LineStepInput,
  type LineValidation,
  MAX_LINE_STEPS,
  startLine,
  validateLine,
} from "./approval-line.ts";
export {
  buildAutomaticLine,
  type ChainPerson,
  type DelegationRule,
  findDelegationRule,
} from "./delegation.ts";
export {
  BUILTIN_FORMS,
  type BuiltinForm,
  type DefaultLine,
  FIELD_TYPES,
  FORM_LIMITS,
  type FormDefinitionProblem,
  type FormField,
  type FormFieldType,
  type FormValue,
  type FormValueError,
  PERIOD_KEYS,
  validateFormDefinition,
  validateFormValues,
} from "./forms.ts";
export * from "./ledger-csv.ts";
export * from "./model.ts";
export { formatWonWithWords, koreanAmountInWords, MAX_AMOUNT } from "./money.ts";
export * from "./official-document.ts";
export {
  DISCLOSURE_GROUNDS,
  type Disclosure,
  RETENTION_PERIODS,
  type RecordsInput,
  type RecordsProblem,
  type Retention,
  validateRecords,
} from "./records.ts";
export { effectiveDate, formatRegistrationNumber, registrationYear } from "./registration.ts";
export {
  type DirectoryEntry,
  flagSavedLine,
  type SavedLineFlag,
  type SavedLineStep,
} from "./saved-line.ts";
