// Small builders over CardService so the cards read as layouts. Card text supports a little HTML:
// everything from the server or the user is escaped.
import type { CallbackName } from './names.ts';

export const PAGE = 10;

export const esc = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const bold = (text: string): string => `<b>${esc(text)}</b>`;

export function action(
  name: CallbackName,
  parameters: Record<string, string | number | undefined> = {},
): GasAction {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) if (value !== undefined) params[key] = String(value);
  return CardService.newAction().setFunctionName(name).setParameters(params);
}

export function card(options: {
  title: string;
  subtitle?: string | null;
  imageUrl?: string | null;
  name?: string;
  sections: (GasCardSection | null)[];
  footer?: GasFixedFooter;
}): GasCard {
  const header = CardService.newCardHeader().setTitle(options.title);
  if (options.subtitle) header.setSubtitle(options.subtitle);
  if (options.imageUrl) {
    header
      .setImageUrl(options.imageUrl)
      .setImageStyle(CardService.ImageStyle.CIRCLE)
      .setImageAltText('Photo');
  }
  const builder = CardService.newCardBuilder().setHeader(header);
  if (options.name) builder.setName(options.name);
  const sections = options.sections.filter((s): s is GasCardSection => s !== null);
  // A card needs a section: say so in words rather than let CardService refuse the card.
  if (sections.length === 0)
    sections.push(CardService.newCardSection().addWidget(textOf('Nothing to show.')));
  for (const section of sections) builder.addSection(section);
  if (options.footer) builder.setFixedFooter(options.footer);
  return builder.build();
}

/**
 * A section of the widgets present, or null when none is: CardService refuses a section without
 * widgets, and the whole card fails with it (Gmail then shows its generic error instead).
 */
export function section(
  header: string | null,
  widgets: (GasWidget | null)[],
  collapseAfter?: number,
): GasCardSection | null {
  const present = widgets.filter((w): w is GasWidget => w !== null);
  if (present.length === 0) return null;
  const s = CardService.newCardSection();
  if (header) s.setHeader(esc(header));
  for (const w of present) s.addWidget(w);
  if (collapseAfter !== undefined && present.length > collapseAfter) {
    s.setCollapsible(true).setNumUncollapsibleWidgets(collapseAfter);
  }
  return s;
}

/** A paragraph; `html` is trusted markup built with esc()/bold(). */
export const paragraph = (html: string): GasTextParagraph => CardService.newTextParagraph().setText(html);

export const textOf = (plain: string): GasTextParagraph => paragraph(esc(plain));

/** Label above, value below (value escaped). */
export function field(label: string, value: string | null | undefined): GasDecoratedText | null {
  if (value === null || value === undefined || value === '') return null;
  return CardService.newDecoratedText().setTopLabel(esc(label)).setText(esc(value)).setWrapText(true);
}

export function row(options: {
  text: string;
  top?: string | null;
  bottom?: string | null;
  onClick?: GasAction;
  button?: GasTextButton;
}): GasDecoratedText {
  const w = CardService.newDecoratedText().setText(esc(options.text)).setWrapText(true);
  if (options.top) w.setTopLabel(esc(options.top));
  if (options.bottom) w.setBottomLabel(esc(options.bottom));
  if (options.onClick) w.setOnClickAction(options.onClick);
  if (options.button) w.setButton(options.button);
  return w;
}

export function button(text: string, onClick: GasAction, filled = false): GasTextButton {
  const b = CardService.newTextButton().setText(text).setOnClickAction(onClick);
  if (filled) b.setTextButtonStyle(CardService.TextButtonStyle.FILLED);
  return b;
}

export const linkButton = (text: string, url: string): GasTextButton =>
  CardService.newTextButton()
    .setText(text)
    .setOpenLink(CardService.newOpenLink().setUrl(url).setOpenAs(CardService.OpenAs.FULL_SIZE));

/** A button row of the buttons present, or null when none is (CardService refuses an empty ButtonSet). */
export function buttons(...list: (GasTextButton | null)[]): GasButtonSet | null {
  const present = list.filter((b): b is GasTextButton => b !== null);
  if (present.length === 0) return null;
  const set = CardService.newButtonSet();
  for (const b of present) set.addButton(b);
  return set;
}

export function input(options: {
  name: string;
  title: string;
  value?: string;
  hint?: string;
  multiline?: boolean;
}): GasTextInput {
  const w = CardService.newTextInput().setFieldName(options.name).setTitle(options.title);
  if (options.value) w.setValue(options.value);
  if (options.hint) w.setHint(options.hint);
  if (options.multiline) w.setMultiline(true);
  return w;
}

export interface Choice {
  text: string;
  value: string;
  selected?: boolean;
}

export function choice(options: {
  name: string;
  title: string;
  kind: 'dropdown' | 'checkbox' | 'radio';
  items: Choice[];
}): GasSelectionInput {
  const type =
    options.kind === 'dropdown'
      ? CardService.SelectionInputType.DROPDOWN
      : options.kind === 'checkbox'
        ? CardService.SelectionInputType.CHECK_BOX
        : CardService.SelectionInputType.RADIO_BUTTON;
  const w = CardService.newSelectionInput().setFieldName(options.name).setTitle(options.title).setType(type);
  for (const item of options.items) w.addItem(item.text, item.value, item.selected === true);
  return w;
}

export function footer(primary: GasTextButton, secondary?: GasTextButton): GasFixedFooter {
  const f = CardService.newFixedFooter().setPrimaryButton(primary);
  if (secondary) f.setSecondaryButton(secondary);
  return f;
}

/** "More" at the end of a paged list. */
export const moreButton = (onClick: GasAction, label = 'More'): GasButtonSet =>
  CardService.newButtonSet().addButton(button(label, onClick));

export { age, when, whenWithAge } from './locale.ts';
