// The layout editor's draft and its operations, as pure functions: sections with a title (empty: the
// card's default heading) and their fields in order, and the hidden fields. Every field of the card is in
// exactly one place, so a draft always makes a layout the server accepts.
import { arrangeCard, type CardLayout, type UpdateCardLayoutBody } from '@voronka/contracts';

export interface DraftSection {
  id: string;
  title: string;
  fields: string[];
}

export interface LayoutDraft {
  sections: DraftSection[];
  hidden: string[];
}

/** The draft of a stored layout, over the fields the card has (`keys`, in their default order). */
export function draftOf(
  layout: Pick<CardLayout, 'sections' | 'hidden'>,
  keys: readonly string[],
): LayoutDraft {
  const known = new Set(keys);
  return {
    sections: arrangeCard(layout, keys).map((section) => ({
      id: section.id,
      title: section.title ?? '',
      fields: section.fields,
    })),
    hidden: layout.hidden.filter((key) => known.has(key)),
  };
}

/** Every field shown in one untitled section: the layout before anyone configures it. */
export const defaultDraft = (keys: readonly string[]): LayoutDraft => ({
  sections: [{ id: 'main', title: '', fields: [...keys] }],
  hidden: [],
});

export function bodyOf(draft: LayoutDraft): UpdateCardLayoutBody {
  return {
    sections: draft.sections.map((section) => ({
      id: section.id,
      title: section.title.trim() === '' ? null : section.title.trim(),
      fields: section.fields,
    })),
    hidden: draft.hidden,
  };
}

const without = (draft: LayoutDraft, key: string): LayoutDraft => ({
  sections: draft.sections.map((section) => ({
    ...section,
    fields: section.fields.filter((candidate) => candidate !== key),
  })),
  hidden: draft.hidden.filter((candidate) => candidate !== key),
});

const appendTo = (draft: LayoutDraft, sectionId: string, key: string): LayoutDraft => ({
  ...draft,
  sections: draft.sections.map((section) =>
    section.id === sectionId ? { ...section, fields: [...section.fields, key] } : section,
  ),
});

/** Moves a field (shown or hidden) to the end of a section. */
export const moveToSection = (draft: LayoutDraft, key: string, sectionId: string): LayoutDraft =>
  appendTo(without(draft, key), sectionId, key);

export const hide = (draft: LayoutDraft, key: string): LayoutDraft => {
  const rest = without(draft, key);
  return { ...rest, hidden: [...rest.hidden, key] };
};

/** Shows a hidden field at the end of the first section. */
export const show = (draft: LayoutDraft, key: string): LayoutDraft => {
  const first = draft.sections[0];
  return first === undefined ? draft : moveToSection(draft, key, first.id);
};

/** Puts a section's fields in the given order (a drag within it). */
export const reorderFields = (draft: LayoutDraft, sectionId: string, fields: string[]): LayoutDraft => ({
  ...draft,
  sections: draft.sections.map((section) => (section.id === sectionId ? { ...section, fields } : section)),
});

export const renameSection = (draft: LayoutDraft, sectionId: string, title: string): LayoutDraft => ({
  ...draft,
  sections: draft.sections.map((section) => (section.id === sectionId ? { ...section, title } : section)),
});

export const addSection = (draft: LayoutDraft, id: string, title: string): LayoutDraft => ({
  ...draft,
  sections: [...draft.sections, { id, title, fields: [] }],
});

/** Removes a section; its fields go to the end of the first section left. The last one stays. */
export function removeSection(draft: LayoutDraft, sectionId: string): LayoutDraft {
  const removed = draft.sections.find((section) => section.id === sectionId);
  const rest = draft.sections.filter((section) => section.id !== sectionId);
  const first = rest[0];
  if (removed === undefined || first === undefined) return draft;
  return {
    ...draft,
    sections: rest.map((section) =>
      section === first ? { ...section, fields: [...section.fields, ...removed.fields] } : section,
    ),
  };
}

/** Puts the sections in the given order of ids (a drag of sections). */
export const reorderSections = (draft: LayoutDraft, ids: readonly string[]): LayoutDraft => ({
  ...draft,
  sections: ids.flatMap((id) => draft.sections.filter((section) => section.id === id)),
});

/** A section id not used in the draft yet. */
export function newSectionId(draft: LayoutDraft): string {
  const used = new Set(draft.sections.map((section) => section.id));
  for (let n = draft.sections.length + 1; ; n += 1) if (!used.has(`s${n}`)) return `s${n}`;
}
