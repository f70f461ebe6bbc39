// Placeholders in robots' texts (pure): {{deal.title}} (or {{deal.name}}), {{deal.amount}},
// {{deal.currency}}, {{deal.closeDate}}, {{deal.startDate}}, {{deal.tags}}, {{deal.responsible.name}},
// {{deal.stage.name}}, {{contact.name}}, {{contact.email}}, {{contact.phone}}, {{deal.cf.<field id>}}.
// An unknown or empty placeholder becomes an empty string; spaces inside the braces are allowed.
import type { DealFacts } from './conditions.js';

export interface TemplateFacts {
  deal: DealFacts & { id: string; currency: string };
  responsibleName: string | null;
  stageName: string | null;
  contact: { name: string; email: string | null; phone: string | null } | null;
}

const text = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
};

export function placeholderValue(path: string, facts: TemplateFacts): string {
  const { deal } = facts;
  if (path.startsWith('deal.cf.')) return text(deal.customFields[path.slice('deal.cf.'.length)]);
  switch (path) {
    case 'deal.title':
    case 'deal.name':
      return deal.name;
    case 'deal.id':
      return deal.id;
    case 'deal.amount':
      return deal.amount;
    case 'deal.currency':
      return deal.currency;
    case 'deal.closeDate':
      return text(deal.closeDate);
    case 'deal.startDate':
      return text(deal.startDate);
    case 'deal.tags':
      return text(deal.tags);
    case 'deal.responsible.name':
      return text(facts.responsibleName);
    case 'deal.stage.name':
      return text(facts.stageName);
    case 'contact.name':
      return text(facts.contact?.name);
    case 'contact.email':
      return text(facts.contact?.email);
    case 'contact.phone':
      return text(facts.contact?.phone);
    default:
      return '';
  }
}

export function render(template: string, facts: TemplateFacts): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => placeholderValue(path, facts));
}
