// The tests' view of the add-on runtime: the loader, the event builders and the recording stand-ins
// live in appsscript/runtime/ (the console's live preview runs the same code); the card readers for
// assertions are the tests' own.
export * from '../runtime/addon.ts';
export * from './fakes/card-query.ts';
