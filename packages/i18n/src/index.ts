export { formatDate, formatDateTime, formatFileSize, formatNumber } from "./format.ts";
export { DEFAULT_LOCALE, isLocale, LOCALE_NAMES, LOCALES, type Locale, pickLocale } from "./locale.ts";
export { en } from "./messages.en.ts";
export { ko, type MessageKey } from "./messages.ko.ts";
export {
  createTranslator,
  type MessageParams,
  type ParamsArgument,
  type Translator,
  translate,
} from "./translate.ts";
