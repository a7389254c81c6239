/**
 * Invented building blocks for sample providers. Every organisation and person made from these
 * is fictitious; regions and streets are ordinary Flemish place words.
 */
import { BRUSSELS_AREA_CODE } from '#domain/working-area.ts';
import { parsePhoneNumber } from '#domain/phone-number.ts';

/** Regions people use in organisation names, per province code (and Brussels' area code). */
export const REGIONS: Record<string, string[]> = {
  '10000': ['Kempen', 'Scheldeland', 'Rupelstreek', 'Voorkempen', 'Netheland', 'Antwerpse Rand', 'Zuiderkempen'],
  '20001': ['Pajottenland', 'Hageland', 'Dijleland', 'Noordrand', 'Zennevallei', 'Druivenstreek', 'Brabantse Wouden'],
  '30000': ['Westhoek', 'Leiestreek', 'Kust', 'Houtland', 'Brugse Ommeland', 'Mandelstreek', 'Polders'],
  '40000': ['Meetjesland', 'Waasland', 'Vlaamse Ardennen', 'Denderstreek', 'Scheldevallei', 'Leievallei', 'Gentse Kanaalzone'],
  '70000': ['Haspengouw', 'Maasland', 'Noord-Limburg', 'Midden-Limburg', 'Limburgse Kempen', 'Zuid-Limburg'],
  [BRUSSELS_AREA_CODE]: ['Brussel', 'Zennestad', 'Hoofdstad'],
};

/** First words of organisation names. */
export const NAME_HEADS = [
  'Jobcoaching', 'Werkbegeleiding', 'Werkbrug', 'Arbeidszorg', 'Talentwerk', 'Stapsteen', 'Werkkracht',
  'Job op Maat', 'Werkpunt', 'Onder Handen', 'De Werkplaats', 'Aan de Slag', 'Samen aan het Werk',
  'Werkwijzer', 'De Brug', 'Horizon Werk', 'Kompas', 'Springplank', 'Het Anker', 'Opstap',
  'Werk in Zicht', 'Coachhuis', 'De Werkwinkel', 'Werkmaat', 'Duurzaam Werk', 'Inclusief Werk',
  'Begeleid Werken', 'Werkvloer', 'Werkgeluk', 'De Sleutel', 'Tandem', 'Rugwind', 'Kleurrijk Werk',
];

/** Legal forms, roughly as common as they are among such providers. */
export const LEGAL_FORMS = ['vzw', 'vzw', 'vzw', 'bv', 'cv', 'nv'];

/** Streets found in almost every Flemish municipality. */
export const STREETS = [
  'Stationsstraat', 'Kerkstraat', 'Nieuwstraat', 'Molenstraat', 'Dorpsstraat', 'Industrieweg',
  'Schoolstraat', 'Beekstraat', 'Kapelstraat', 'Hoogstraat', 'Markt', 'Kouter', 'Ringlaan',
  'Zandstraat', 'Bosstraat', 'Veldstraat', 'Kasteelstraat', 'Meersstraat', 'Gildestraat', 'Ambachtenlaan',
];

/** Given names for invented contact persons and coaches (private data in the register). */
export const GIVEN_NAMES = [
  'Jan', 'Els', 'An', 'Koen', 'Sofie', 'Pieter', 'Lies', 'Wim', 'Nathalie', 'Bart', 'Inge', 'Tom',
  'Katrien', 'Joris', 'Evelien', 'Stijn', 'Griet', 'Dries', 'Hanne', 'Maarten', 'Leen', 'Ruben',
  'Nele', 'Jeroen', 'Sarah', 'Yusuf', 'Fatima', 'Mohamed', 'Amina', 'Lotte', 'Wouter', 'Ilse',
];

/** Family names for invented contact persons and coaches. */
export const FAMILY_NAMES = [
  'Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters',
  'De Smet', 'Dubois', 'Vermeulen', 'Van den Broeck', 'Hermans', 'Michiels', 'Lambrechts', 'De Wilde',
  'Aerts', 'Van Damme', 'Verstraete', 'Desmet', 'Coppens', 'Smets', 'Vandenberghe', 'El Amrani',
  'Yilmaz', 'Martens', 'Cools', 'Declercq', 'Verhaeghe', 'Bogaert', 'Pauwels',
];

/** Qualifications of coaches as providers describe them. */
export const QUALIFICATIONS = [
  'Bachelor sociaal werk', 'Bachelor toegepaste psychologie', 'Master orthopedagogiek',
  'Bachelor orthopedagogie', 'Bachelor ergotherapie', 'Master arbeids- en organisatiepsychologie',
  'Jobcoach met aantoonbare ervaring (5 jaar)', 'Graduaat sociaal-cultureel werk',
];

/** Telephone zone numbers per province code, for plausible public phone numbers. */
export const PHONE_ZONES: Record<string, string[]> = {
  '10000': ['3', '14', '15'],
  '20001': ['16', '2', '53'],
  '30000': ['50', '56', '51', '57', '59'],
  '40000': ['9', '52', '55', '53'],
  '70000': ['11', '12', '89'],
  [BRUSSELS_AREA_CODE]: ['2'],
};

/**
 * A sample phone number in E.164, as the register stores every number. Sample numbers go through
 * the same check as typed ones: one the check refuses stops the generator, naming it.
 */
export function samplePhone(typed: string): string {
  const result = parsePhoneNumber(typed);
  if (!result.ok) throw new Error(`The sample data generator made a phone number the register refuses: ${typed} (${result.message}).`);
  return result.e164;
}
