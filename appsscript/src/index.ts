// The add-on's entry module: the only one that exposes globals (build.mjs wraps each export in a
// top-level function, since Apps Script calls triggers by global name). The sidebars arrive with
// the add-on issue; this homepage proves the build → bundle → manifest path end to end.

/** The slice of CardService this module uses (the real one is a global in Apps Script). */
interface CardServiceLike {
  newCardBuilder(): {
    setHeader(header: unknown): unknown;
    addSection(section: unknown): unknown;
    build(): unknown;
  };
  newCardHeader(): { setTitle(title: string): unknown };
  newCardSection(): { addWidget(widget: unknown): unknown };
  newTextParagraph(): { setText(text: string): unknown };
}
declare const CardService: CardServiceLike;

/** Homepage trigger (all hosts). */
export function onHomepage(): unknown {
  const header = CardService.newCardHeader();
  header.setTitle('Helios');
  const text = CardService.newTextParagraph();
  text.setText('IT documentation and helpdesk. Ask your admin to connect this add-on to your Helios server.');
  const section = CardService.newCardSection();
  section.addWidget(text);
  const card = CardService.newCardBuilder();
  card.setHeader(header);
  card.addSection(section);
  return card.build();
}
