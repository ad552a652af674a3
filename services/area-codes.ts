/**
 * North American area codes and their neighbours (overlays first, then the next region), so a
 * number is bought "in the person's area" even when their own area code has none available.
 * Pure: the provisioning activities and workflow both read it.
 */
const NEARBY: Record<string, string[]> = {
  // Québec
  '514': ['438', '263', '450', '579', '354'],
  '438': ['514', '263', '450', '579', '354'],
  '263': ['514', '438', '450', '579', '354'],
  '450': ['579', '354', '514', '438', '263'],
  '579': ['450', '354', '514', '438', '263'],
  '354': ['450', '579', '514', '438', '263'],
  '418': ['581', '367', '819', '873'],
  '581': ['418', '367', '819', '873'],
  '367': ['418', '581', '819', '873'],
  '819': ['873', '468', '450', '579', '613'],
  '873': ['819', '468', '450', '579', '613'],
  '468': ['819', '873', '450', '579', '613'],
  // Ontario
  '613': ['343', '753', '819', '873'],
  '343': ['613', '753', '819', '873'],
  '753': ['613', '343', '819', '873'],
  '416': ['647', '437', '942', '905', '289', '365', '742'],
  '647': ['416', '437', '942', '905', '289', '365', '742'],
  '437': ['416', '647', '942', '905', '289', '365', '742'],
  '905': ['289', '365', '742', '416', '647', '437'],
  // New Brunswick, Nova Scotia / PEI
  '506': ['428'],
  '428': ['506'],
  '902': ['782'],
  '782': ['902'],
};

const CANADA = new Set([
  ...Object.keys(NEARBY),
  '204', '431', '584', '226', '519', '548', '249', '705', '683', '250', '236', '257', '604', '672', '778',
  '306', '639', '474', '403', '587', '780', '825', '368', '709', '807', '867', '879', '942', '742',
]);

/** The area code of a +1 number, or null outside the North American plan. */
export function areaCodeOf(e164: string): string | null {
  const m = /^\+1([2-9]\d{2})\d{7}$/.exec(e164);
  return m?.[1] ?? null;
}

/** ISO country whose Twilio inventory holds this area code: CA for Canadian codes, US otherwise. */
export function countryOfAreaCode(areaCode: string): 'CA' | 'US' {
  return CANADA.has(areaCode) ? 'CA' : 'US';
}

/** The area code itself first, then its neighbours, without repeats. */
export function areaCodesToTry(areaCode: string): string[] {
  return [...new Set([areaCode, ...(NEARBY[areaCode] ?? [])])];
}
