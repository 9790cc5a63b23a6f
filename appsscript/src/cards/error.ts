import { fn } from './names.ts';
import { action, button, buttons, card, section, textOf } from './ui.ts';

export type RetryTarget = 'home' | 'gmail' | 'settings';

/** A readable error: what happened and what to do; a retry, and Settings when it may help. */
export function errorCard(view: {
  title: string;
  text: string;
  retry?: RetryTarget;
  offerSettings?: boolean;
}): GasCard {
  return card({
    title: view.title,
    subtitle: 'Helios',
    name: 'error',
    sections: [
      section(null, [
        textOf(view.text),
        buttons(
          view.retry ? button('Try again', action(fn.retry, { target: view.retry }), true) : null,
          view.offerSettings ? button('Settings', action(fn.showSettings)) : null,
        ),
      ]),
    ],
  });
}
