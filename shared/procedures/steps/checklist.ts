/**
 * Checklists the operator ticks (sessions tested, hosts-file tests, shipping): the item type and
 * the readings of a checklist event, whose value is the ticked item ids, comma separated.
 */
export interface ChecklistItem {
  id: string;
  label: string;
}

function tickedSet(value: string | undefined): Set<string> {
  return new Set((value ?? '').split(',').map((id) => id.trim()));
}

/** The ticked items of a checklist event (comma separated ids) cover every item. */
export function everyItemTicked(value: string | undefined, items: readonly ChecklistItem[]): boolean {
  const ticked = tickedSet(value);
  return items.every((item) => ticked.has(item.id));
}

export function tickedItems(value: string | undefined, items: readonly ChecklistItem[]): string[] {
  const ticked = tickedSet(value);
  return items.filter((item) => ticked.has(item.id)).map((item) => item.id);
}

/** One line per item, done when it was ticked; nothing before the list was sent. */
export function tickedListItems(list: { items: string[] } | null, items: readonly ChecklistItem[]) {
  if (!list) return undefined;
  return items.map((item) => ({ label: item.label, status: list.items.includes(item.id) ? ('done' as const) : ('pending' as const) }));
}
