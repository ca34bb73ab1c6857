// Reading the start of a CSV file in the browser, for the import wizard's column mapping.

/** The fields a column can fill, with their labels. */
export const LEAD_FIELDS: { value: string; label: string }[] = [
  { value: 'first_name', label: 'First name' },
  { value: 'last_name', label: 'Last name' },
  { value: 'company_name', label: 'Company' },
  { value: 'job_title', label: 'Job title' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Business phone' },
  { value: 'mobile_phone', label: 'Mobile phone' },
  { value: 'website', label: 'Website' },
  { value: 'subject', label: 'Subject' },
  { value: 'salutation', label: 'Salutation' },
  { value: 'address_line1', label: 'Street' },
  { value: 'address_line2', label: 'Street (line 2)' },
  { value: 'city', label: 'City' },
  { value: 'region', label: 'State or region' },
  { value: 'postal_code', label: 'Postal code' },
  { value: 'country', label: 'Country' },
  { value: 'industry', label: 'Industry' },
  { value: 'employees', label: 'Employees' },
  { value: 'source', label: 'Source' },
  { value: 'rating', label: 'Rating' },
  { value: 'need', label: 'Need' },
  { value: 'decision_timeline', label: 'Decision timeline' },
  { value: 'budget_amount', label: 'Budget' },
  { value: 'currency', label: 'Currency' },
  { value: 'is_decision_maker', label: 'Decision maker' },
  { value: 'description', label: 'Notes' },
];

/** Names spreadsheets use for the fields (the server understands the same ones). */
const ALIASES: Record<string, string> = {
  firstname: 'first_name',
  given_name: 'first_name',
  lastname: 'last_name',
  surname: 'last_name',
  family_name: 'last_name',
  company: 'company_name',
  organization: 'company_name',
  title: 'job_title',
  e_mail: 'email',
  email_address: 'email',
  business_phone: 'phone',
  telephone: 'phone',
  mobile: 'mobile_phone',
  cell: 'mobile_phone',
  web_site: 'website',
  street: 'address_line1',
  address: 'address_line1',
  state: 'region',
  province: 'region',
  zip: 'postal_code',
  zip_code: 'postal_code',
  postcode: 'postal_code',
  lead_source: 'source',
  timeline: 'decision_timeline',
  budget: 'budget_amount',
  decision_maker: 'is_decision_maker',
  notes: 'description',
  topic: 'subject',
};

/** The field a header names, if any (`First Name` → `first_name`). */
export function guessField(header: string): string | null {
  const name = header.trim().toLowerCase().replace(/[\s.-]+/g, '_');
  if (LEAD_FIELDS.some((f) => f.value === name)) return name;
  return ALIASES[name] ?? null;
}

/** Splits CSV text into records (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string, maxRecords: number): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if ((field !== '' || record.length > 0) && records.length < maxRecords) {
    record.push(field);
    records.push(record);
  }
  return records.map((r, i) => (i === 0 && r[0]?.startsWith('\uFEFF') ? [r[0].slice(1), ...r.slice(1)] : r));
}
