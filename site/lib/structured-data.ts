/**
 * schema.org JSON-LD for a provider page: the organisation, its service with the area it
 * serves, and its recognitions as credentials. Only schema.org terms (a test checks them).
 */
import type { PublicProvider, PublicRecognition } from '#domain/public-register.ts';
import { formatEnterpriseNumber } from '#domain/enterprise-number.ts';
import { BRUSSELS_AREA_CODE, type GroupedWorkingArea } from '#domain/working-area.ts';
import { homeMunicipality } from './register.ts';

const area = (name: string) => ({ '@type': 'AdministrativeArea', name });

/**
 * The area served, as a person reads it on the page: "Vlaanderen" for all Flemish
 * municipalities, a province when all of its municipalities are served, else each municipality.
 * Whole provinces keep the largest pages small (all of Flanders would be 285 entries).
 */
function areaServed(grouped: GroupedWorkingArea) {
  const areas = grouped.allFlanders ? [area('Vlaanderen')] : [];
  for (const group of grouped.groups) {
    if (grouped.allFlanders && group.province.code !== BRUSSELS_AREA_CODE) continue;
    if (group.wholeProvince) areas.push(area(group.province.code === BRUSSELS_AREA_CODE ? group.province.nameNl : `Provincie ${group.province.nameNl}`));
    else areas.push(...group.municipalities.map((m) => area(m.nameNl)));
  }
  return areas;
}

/**
 * A recognition as a credential. It is typed both EducationalOccupationalCredential (what
 * `hasCredential` expects) and Permit (which gives it validFrom, validUntil, issuedBy, validIn).
 */
function credential(recognition: PublicRecognition) {
  return {
    '@type': ['EducationalOccupationalCredential', 'Permit'],
    name: 'Erkenning als externe dienstverlener voor begeleiding op de werkvloer',
    identifier: recognition.recognitionNumber,
    credentialCategory: 'erkenning',
    validFrom: recognition.validFrom,
    validUntil: recognition.endedOn ?? recognition.validUntil,
    issuedBy: { '@type': 'GovernmentOrganization', name: 'Vlaamse overheid' },
    validIn: area('Vlaanderen'),
  };
}

/** The JSON-LD of a provider page (with its grouped working area), as the text of its script element (safe inside HTML). */
export function providerJsonLd(provider: PublicProvider, area: GroupedWorkingArea): string {
  const home = homeMunicipality(provider);
  const recognitions = [provider.recognition, ...provider.otherRecognitions].filter((r): r is PublicRecognition => r !== null);
  const organisation = {
    '@type': 'Organization',
    '@id': '#organisatie',
    name: provider.name,
    identifier: { '@type': 'PropertyValue', propertyID: 'ondernemingsnummer', value: formatEnterpriseNumber(provider.enterpriseNumber) },
    address: { '@type': 'PostalAddress', streetAddress: provider.street, postalCode: provider.postcode, addressLocality: home?.nameNl, addressCountry: 'BE' },
    ...(provider.email ? { email: provider.email } : {}),
    ...(provider.phone ? { telephone: provider.phone } : {}),
    ...(provider.website ? { url: provider.website } : {}),
    ...(recognitions.length ? { hasCredential: recognitions.map(credential) } : {}),
  };
  const service = {
    '@type': 'Service',
    name: 'Begeleiding op de werkvloer',
    serviceType: 'Begeleiding op de werkvloer van werknemers met een arbeidsbeperking',
    provider: { '@id': '#organisatie' },
    areaServed: areaServed(area),
  };
  return JSON.stringify({ '@context': 'https://schema.org', '@graph': [organisation, service] }).replace(/</g, '\\u003c');
}
