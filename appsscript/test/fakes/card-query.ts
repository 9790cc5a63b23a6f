// Small readers over card JSON for assertions: all widgets, all visible text, all buttons/actions,
// the inputs by name. They walk sections, decoratedText buttons, button lists and the fixed footer.
import type {
  ActionJson,
  ActionResponseJson,
  ButtonJson,
  CardJson,
  OnClickJson,
  WidgetJson,
} from '../../runtime/card-service.ts';

export type WidgetKind = keyof WidgetJson;

/** Every widget of the card, in order, across sections. */
export function widgets(card: CardJson): WidgetJson[] {
  return card.sections.flatMap((s) => s.widgets);
}

/** The widgets of one kind, unwrapped: widgetsOf(card, 'textInput') → TextInputJson[]. */
export function widgetsOf<K extends WidgetKind>(card: CardJson, kind: K): Array<NonNullable<WidgetJson[K]>> {
  return widgets(card).flatMap((w) => {
    const inner = w[kind];
    return inner === undefined ? [] : [inner as NonNullable<WidgetJson[K]>];
  });
}

/** Every piece of text a person would read (header, section headers, labels, paragraphs, buttons, items). */
export function texts(card: CardJson): string[] {
  const out: string[] = [];
  const push = (...values: Array<string | undefined>): void => {
    for (const v of values) if (v !== undefined && v !== '') out.push(v);
  };
  push(card.header?.title, card.header?.subtitle);
  for (const section of card.sections) {
    push(section.header);
    for (const w of section.widgets) {
      push(w.textParagraph?.text);
      push(
        w.decoratedText?.topLabel,
        w.decoratedText?.text,
        w.decoratedText?.bottomLabel,
        w.decoratedText?.button?.text,
      );
      push(w.textInput?.label, w.textInput?.value, w.textInput?.hintText);
      push(w.selectionInput?.label, ...(w.selectionInput?.items.map((i) => i.text) ?? []));
      push(w.dateTimePicker?.label);
      push(...(w.buttonList?.buttons.map((b) => b.text) ?? []));
    }
  }
  push(card.fixedFooter?.primaryButton?.text, card.fixedFooter?.secondaryButton?.text);
  return out;
}

/** All text joined by newlines: handy for toContain / not.toContain. */
export function textOf(card: CardJson): string {
  return texts(card).join('\n');
}

/** Every button: in button lists, decoratedText buttons, and the fixed footer. */
export function buttons(card: CardJson): ButtonJson[] {
  const out: ButtonJson[] = [];
  for (const w of widgets(card)) {
    if (w.buttonList) out.push(...w.buttonList.buttons);
    if (w.decoratedText?.button) out.push(w.decoratedText.button);
  }
  if (card.fixedFooter?.primaryButton) out.push(card.fixedFooter.primaryButton);
  if (card.fixedFooter?.secondaryButton) out.push(card.fixedFooter.secondaryButton);
  return out;
}

/** The button with this exact text (throws when absent, listing the buttons there are). */
export function button(card: CardJson, text: string): ButtonJson {
  const all = buttons(card);
  const found = all.find((b) => b.text === text);
  if (!found) throw new Error(`no button "${text}"; buttons: ${JSON.stringify(all.map((b) => b.text))}`);
  return found;
}

/** The parameters of an action as a plain object. */
export function parametersOf(action: ActionJson | undefined): Record<string, string> {
  return Object.fromEntries((action?.parameters ?? []).map((p) => [p.key, p.value]));
}

/** Every onClick in the card (widgets, buttons, footer, card actions). */
export function onClicks(card: CardJson): OnClickJson[] {
  const out: OnClickJson[] = [];
  for (const w of widgets(card)) {
    if (w.decoratedText?.onClick) out.push(w.decoratedText.onClick);
    if (w.image?.onClick) out.push(w.image.onClick);
  }
  for (const b of buttons(card)) if (b.onClick) out.push(b.onClick);
  for (const a of card.cardActions ?? []) out.push(a.onClick);
  return out;
}

/** Every action function name a card refers to (clicks and onChange actions). */
export function actionFunctions(card: CardJson): string[] {
  const names = new Set<string>();
  for (const c of onClicks(card)) {
    if (c.action) names.add(c.action.function);
    if (c.openDynamicLinkAction) names.add(c.openDynamicLinkAction.function);
  }
  for (const w of widgets(card)) {
    const change =
      w.textInput?.onChangeAction ?? w.selectionInput?.onChangeAction ?? w.dateTimePicker?.onChangeAction;
    if (change) names.add(change.function);
    if (w.decoratedText?.switchControl?.onChangeAction)
      names.add(w.decoratedText.switchControl.onChangeAction.function);
  }
  return [...names];
}

/** The cards an action response navigates to (pushCard/updateCard), in order. */
export function navigatedCards(response: ActionResponseJson): CardJson[] {
  return (response.renderActions.action.navigations ?? []).flatMap((n) => {
    const card = n.pushCard ?? n.updateCard;
    return card ? [card] : [];
  });
}

/** The notification text of an action response, if any. */
export function notificationOf(response: ActionResponseJson): string | undefined {
  return response.renderActions.action.notification?.text;
}
