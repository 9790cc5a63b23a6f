// ActionResponse / UniversalActionResponse builders (navigation + toasts), so actions never touch
// CardService themselves.

function respond(navigation: GasNavigation | null, toast?: string, stateChanged = false): GasActionResponse {
  const builder = CardService.newActionResponseBuilder();
  if (navigation) builder.setNavigation(navigation);
  if (toast) builder.setNotification(CardService.newNotification().setText(toast));
  if (stateChanged) builder.setStateChanged(true);
  return builder.build();
}

export const pushCard = (card: GasCard, toast?: string): GasActionResponse =>
  respond(CardService.newNavigation().pushCard(card), toast);

export const updateCard = (card: GasCard, toast?: string, stateChanged = false): GasActionResponse =>
  respond(CardService.newNavigation().updateCard(card), toast, stateChanged);

/** A completed flow: back to the root, then show the result on top of it. */
export const finishWith = (card: GasCard, toast: string): GasActionResponse =>
  respond(CardService.newNavigation().popToRoot().pushCard(card), toast, true);

export const toastOnly = (text: string, stateChanged = false): GasActionResponse =>
  respond(null, text, stateChanged);

export const universal = (cards: GasCard[]): GasUniversalActionResponse =>
  CardService.newUniversalActionResponseBuilder().displayAddOnCards(cards).build();
