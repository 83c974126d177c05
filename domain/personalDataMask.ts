// Masks personal data inside free-form JSON (audit before/after) with the project's rules: a person's
// name keeps its first character (张**), a phone its first 3 and last 4 digits (138****5678), an ID
// number or e-mail address is hidden. Keys name the obvious fields; free text is scanned as well.

const NAME_KEY = /^(name|.*(operator|objector|person|contact|author|verifier|staff)name|author|objector|operator)$/i;
const PHONE_KEY = /(phone|mobile|tel)$/i;
const HIDDEN_KEY = /(idnumber|idcard|identity|email|address)$/i;

const PHONE_TEXT = /(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)/g;
const ID_TEXT = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const EMAIL_TEXT = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
const HIDDEN = '（已隐藏）';

export const maskName = (name: string) => (name ? name[0] + '*'.repeat(Math.max(1, [...name].length - 1)) : name);

function maskText(text: string): string {
  return text.replace(ID_TEXT, HIDDEN).replace(EMAIL_TEXT, HIDDEN).replace(PHONE_TEXT, '$1****$2');
}

/** A copy of `value` with personal data masked; numbers, booleans and structure stay as they were. */
export function maskPersonalData(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (HIDDEN_KEY.test(key)) return HIDDEN;
    if (NAME_KEY.test(key)) return maskName(value);
    if (PHONE_KEY.test(key)) return value.replace(/^(\d{3})\d*(\d{4})$/, '$1****$2');
    return maskText(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskPersonalData(item, key));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskPersonalData(v, k)]));
  }
  return value;
}
