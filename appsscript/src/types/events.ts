// The add-on event objects as Google's HTTP/Apps Script runtime sends them (the parts this add-on
// reads). Everything is optional: which fields arrive depends on the host and on how the callback
// was reached (trigger, button, universal action), so readers must not assume.

export interface FormInput {
  stringInputs?: { value?: string[] };
  dateInput?: { msSinceEpoch?: number | string };
}

export interface CommonEventObject {
  hostApp?: string;
  platform?: string;
  userLocale?: string;
  timeZone?: { id?: string; offset?: number };
  formInputs?: Record<string, FormInput | undefined>;
  parameters?: Record<string, string | undefined>;
}

export interface GmailEventObject {
  messageId?: string;
  threadId?: string;
  accessToken?: string;
}

export interface DriveItem {
  id?: string;
  title?: string;
  mimeType?: string;
}

export interface DriveEventObject {
  activeCursorItem?: DriveItem;
  selectedItems?: DriveItem[];
}

export interface AddonEvent {
  commonEventObject?: CommonEventObject;
  gmail?: GmailEventObject;
  drive?: DriveEventObject;
  /** Legacy copies of commonEventObject.parameters / formInputs (older runtimes). */
  parameters?: Record<string, string | undefined>;
}
