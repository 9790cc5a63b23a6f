// What the sidebar does with Google's card JSON, apart from drawing it: the card stack under
// navigations, collapsible sections, and the form inputs of an action's event.
import type {
  AddonActionResponse,
  AddonCard,
  AddonFormValue,
  AddonSection,
  AddonWidget,
} from '@helios/shared';

/**
 * The stack after a response's navigations, in order, as Gmail applies them: pushCard, updateCard
 * (replaces the top), pop, popToRoot, popToCard (by the card's name). A pop never empties the stack.
 */
export function navigate(stack: readonly AddonCard[], response: AddonActionResponse): AddonCard[] {
  let next = [...stack];
  for (const n of response.renderActions.action.navigations ?? []) {
    if (n.pushCard) next.push(n.pushCard);
    else if (n.updateCard) next = [...next.slice(0, -1), n.updateCard];
    else if (n.pop) next = next.length > 1 ? next.slice(0, -1) : next;
    else if (n.popToRoot) next = next.slice(0, 1);
    else if (n.popToCard !== undefined) {
      const at = next.map((c) => c.name).lastIndexOf(n.popToCard);
      if (at >= 0) next = next.slice(0, at + 1);
    }
  }
  return next;
}

/**
 * A collapsible section shows its first `uncollapsibleWidgetsCount` widgets (Google: 0 when unset)
 * and a "Show more" toggle for the rest; a section that is not collapsible shows them all.
 */
export function sectionLayout(section: AddonSection): { shown: number; collapsible: boolean } {
  const total = section.widgets.length;
  if (!section.collapsible) return { shown: total, collapsible: false };
  const shown = Math.max(0, Math.min(section.uncollapsibleWidgetsCount ?? 0, total));
  return { shown, collapsible: shown < total };
}

/** The inputs a card holds, by field name, with their kind (what an action's event reads). */
export function inputsOf(
  card: AddonCard,
): Array<{ name: string; kind: 'text' | 'multi' | 'date' | 'dateTime' | 'single' }> {
  const found: Array<{ name: string; kind: 'text' | 'multi' | 'date' | 'dateTime' | 'single' }> = [];
  const visit = (w: AddonWidget): void => {
    if (w.textInput) found.push({ name: w.textInput.name, kind: 'text' });
    if (w.selectionInput)
      found.push({
        name: w.selectionInput.name,
        kind:
          w.selectionInput.type === 'CHECK_BOX' || w.selectionInput.type === 'MULTI_SELECT'
            ? 'multi'
            : 'single',
      });
    if (w.dateTimePicker)
      found.push({
        name: w.dateTimePicker.name,
        kind: w.dateTimePicker.type === 'DATE_ONLY' ? 'date' : 'dateTime',
      });
    if (w.decoratedText?.switchControl)
      found.push({ name: w.decoratedText.switchControl.name, kind: 'multi' });
  };
  for (const section of card.sections) for (const w of section.widgets) visit(w);
  return found;
}

/**
 * The event's formInputs from the card's form, as Google sends them: every input of the card (collapsed
 * ones too), checkboxes as the list of checked values (absent when none is), dates in ms since the epoch.
 */
export function formInputsOf(
  card: AddonCard,
  read: { get(name: string): unknown; getAll(name: string): unknown[] },
): Record<string, AddonFormValue> {
  const inputs: Record<string, AddonFormValue> = {};
  for (const input of inputsOf(card)) {
    if (input.kind === 'multi') {
      const values = read.getAll(input.name).filter((v): v is string => typeof v === 'string');
      if (values.length > 0) inputs[input.name] = values;
      continue;
    }
    const value = read.get(input.name);
    if (typeof value !== 'string') continue;
    if (input.kind === 'date' || input.kind === 'dateTime') {
      // <input type=date> gives YYYY-MM-DD (a UTC midnight, as Google's date picker);
      // datetime-local gives local wall-clock time.
      const ms = input.kind === 'date' ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
      if (Number.isFinite(ms)) inputs[input.name] = input.kind === 'date' ? { date: ms } : { dateTime: ms };
      continue;
    }
    inputs[input.name] = value;
  }
  return inputs;
}

/** An action's parameters as the event's `parameters` map. */
export const parametersOf = (
  parameters: Array<{ key: string; value: string }> | undefined,
): Record<string, string> => Object.fromEntries((parameters ?? []).map((p) => [p.key, p.value]));
