/**
 * One document, two renderings: every mail is written once as a list of blocks, and both the
 * plain-text part and the HTML part are made from it, so they always say the same thing.
 * The HTML is simple and accessible: a language, a title, one heading, real paragraphs, a table
 * with row headers for the facts, no images, no layout tables, and colours with enough contrast.
 */
import type { DepartmentContact } from '#domain/department-contact.ts';
import { formatPhoneNumber } from '#domain/phone-number.ts';

/** A part of a mail's body. */
export type Block =
  | { paragraph: string }
  /** Label and value pairs, e.g. reference and dates. */
  | { facts: [label: string, value: string][] }
  | { list: string[] };

/** A mail before rendering. */
export interface MailDocument {
  subject: string;
  blocks: Block[];
  /** The reference to quote in questions (shown in the closing lines). */
  reference: string | null;
}

/** A rendered mail. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Who the mails come from, as the closing lines say. */
export const SENDER_NAME = 'Departement Werk en Sociale Economie';
const REGISTER_NAME = 'Register van erkende externe dienstverleners voor begeleiding op de werkvloer';

/**
 * The closing lines: the signature, and where to ask questions (the department's contact, when
 * the sender knows it; sample values are marked as such, as on the pages).
 */
function closing(reference: string | null, contact?: DepartmentContact): { signature: string[]; note: string } {
  const ask = contact
    ? ` Vragen? Mail naar ${contact.email} of bel ${formatPhoneNumber(contact.phone)}${contact.isSample ? ' (voorbeeldgegevens)' : ''}.`
    : '';
  return {
    signature: ['Met vriendelijke groeten,', contact?.name ?? SENDER_NAME, REGISTER_NAME],
    note: `Dit is een automatisch bericht.${ask}${reference ? ` Vermeld bij vragen altijd de referentie ${reference}.` : ''}`,
  };
}

/** The plain-text part. */
export function renderText(doc: MailDocument, contact?: DepartmentContact): string {
  const parts: string[] = ['Beste,'];
  for (const block of doc.blocks) {
    if ('paragraph' in block) parts.push(block.paragraph);
    else if ('facts' in block) parts.push(block.facts.map(([label, value]) => `${label}: ${value}`).join('\n'));
    else parts.push(block.list.map((item) => `- ${item}`).join('\n'));
  }
  const { signature, note } = closing(doc.reference, contact);
  parts.push(signature.join('\n'), note);
  return `${parts.join('\n\n')}\n`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const TEXT = 'color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5';
const MUTED = 'color:#4d4d4d;font-size:14px';

/** The HTML part. */
export function renderHtml(doc: MailDocument, contact?: DepartmentContact): string {
  const body: string[] = [`<h1 style="font-size:22px;line-height:1.3;margin:0 0 16px">${escapeHtml(doc.subject)}</h1>`, '<p>Beste,</p>'];
  for (const block of doc.blocks) {
    if ('paragraph' in block) body.push(`<p>${escapeHtml(block.paragraph)}</p>`);
    else if ('facts' in block) {
      const rows = block.facts.map(
        ([label, value]) =>
          `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
      );
      body.push(`<table style="border-collapse:collapse;margin:0 0 16px">${rows.join('')}</table>`);
    } else body.push(`<ul>${block.list.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`);
  }
  const { signature, note } = closing(doc.reference, contact);
  body.push(`<p>${signature.map(escapeHtml).join('<br>')}</p>`, `<p style="${MUTED}">${escapeHtml(note)}</p>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="nl-BE">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(doc.subject)}</title></head>`,
    `<body style="margin:0;padding:16px;background:#ffffff;${TEXT}">`,
    `<div role="article" aria-label="${escapeHtml(doc.subject)}" lang="nl-BE" style="max-width:640px">`,
    ...body,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
