// The slices of the Apps Script globals this add-on uses, declared by hand: @types/google-apps-script
// is not a dependency (its add-on typings are wrong in places), and a narrow declaration documents
// exactly what the recording fakes in appsscript/test must provide.

/** Build-time constant: the backend origin baked in by build.mjs (HELIOS_ADDON_BACKEND_URL). */
declare const HELIOS_DEFAULT_BACKEND_URL: string;

interface GasCard {
  readonly __card: true;
}
interface GasWidget {
  readonly __widget: true;
}

interface GasCardBuilder {
  setHeader(header: GasCardHeader): GasCardBuilder;
  addSection(section: GasCardSection): GasCardBuilder;
  setFixedFooter(footer: GasFixedFooter): GasCardBuilder;
  setName(name: string): GasCardBuilder;
  build(): GasCard;
}
interface GasCardHeader {
  setTitle(title: string): GasCardHeader;
  setSubtitle(subtitle: string): GasCardHeader;
  setImageUrl(url: string): GasCardHeader;
  setImageStyle(style: GasImageStyle): GasCardHeader;
  setImageAltText(text: string): GasCardHeader;
}
interface GasCardSection {
  setHeader(header: string): GasCardSection;
  addWidget(widget: GasWidget): GasCardSection;
  setCollapsible(collapsible: boolean): GasCardSection;
  setNumUncollapsibleWidgets(count: number): GasCardSection;
}
interface GasTextParagraph extends GasWidget {
  setText(text: string): GasTextParagraph;
}
interface GasDecoratedText extends GasWidget {
  setText(text: string): GasDecoratedText;
  setTopLabel(text: string): GasDecoratedText;
  setBottomLabel(text: string): GasDecoratedText;
  setWrapText(wrap: boolean): GasDecoratedText;
  setOnClickAction(action: GasAction): GasDecoratedText;
  setButton(button: GasTextButton): GasDecoratedText;
}
interface GasTextInput extends GasWidget {
  setFieldName(name: string): GasTextInput;
  setTitle(title: string): GasTextInput;
  setValue(value: string): GasTextInput;
  setHint(hint: string): GasTextInput;
  setMultiline(multiline: boolean): GasTextInput;
}
interface GasSelectionInput extends GasWidget {
  setFieldName(name: string): GasSelectionInput;
  setTitle(title: string): GasSelectionInput;
  setType(type: GasSelectionInputType): GasSelectionInput;
  addItem(text: string, value: string, selected: boolean): GasSelectionInput;
  setOnChangeAction(action: GasAction): GasSelectionInput;
}
interface GasButtonSet extends GasWidget {
  addButton(button: GasTextButton): GasButtonSet;
}
interface GasTextButton {
  setText(text: string): GasTextButton;
  setOnClickAction(action: GasAction): GasTextButton;
  setOpenLink(link: GasOpenLink): GasTextButton;
  setTextButtonStyle(style: GasTextButtonStyle): GasTextButton;
}
interface GasFixedFooter {
  setPrimaryButton(button: GasTextButton): GasFixedFooter;
  setSecondaryButton(button: GasTextButton): GasFixedFooter;
}
interface GasAction {
  setFunctionName(name: string): GasAction;
  setParameters(parameters: Record<string, string>): GasAction;
}
interface GasOpenLink {
  setUrl(url: string): GasOpenLink;
  setOpenAs(openAs: GasOpenAs): GasOpenLink;
}
interface GasNavigation {
  pushCard(card: GasCard): GasNavigation;
  updateCard(card: GasCard): GasNavigation;
  popToRoot(): GasNavigation;
  popCard(): GasNavigation;
}
interface GasNotification {
  setText(text: string): GasNotification;
}
interface GasActionResponse {
  readonly __actionResponse: true;
}
interface GasActionResponseBuilder {
  setNavigation(navigation: GasNavigation): GasActionResponseBuilder;
  setNotification(notification: GasNotification): GasActionResponseBuilder;
  setStateChanged(changed: boolean): GasActionResponseBuilder;
  build(): GasActionResponse;
}
interface GasUpdateDraftActionResponse {
  readonly __updateDraftActionResponse: true;
}
interface GasUpdateDraftBodyAction {
  addUpdateContent(content: string, contentType: GasContentType): GasUpdateDraftBodyAction;
  setUpdateType(type: GasUpdateDraftBodyType): GasUpdateDraftBodyAction;
}
interface GasUpdateDraftActionResponseBuilder {
  setUpdateDraftBodyAction(action: GasUpdateDraftBodyAction): GasUpdateDraftActionResponseBuilder;
  build(): GasUpdateDraftActionResponse;
}
interface GasUniversalActionResponse {
  readonly __universalActionResponse: true;
}
interface GasUniversalActionResponseBuilder {
  displayAddOnCards(cards: GasCard[]): GasUniversalActionResponseBuilder;
  build(): GasUniversalActionResponse;
}

type GasSelectionInputType = { readonly __selectionInputType: true };
type GasTextButtonStyle = { readonly __textButtonStyle: true };
type GasImageStyle = { readonly __imageStyle: true };
type GasOpenAs = { readonly __openAs: true };
type GasContentType = { readonly __contentType: true };
type GasUpdateDraftBodyType = { readonly __updateDraftBodyType: true };

declare const CardService: {
  newCardBuilder(): GasCardBuilder;
  newCardHeader(): GasCardHeader;
  newCardSection(): GasCardSection;
  newTextParagraph(): GasTextParagraph;
  newDecoratedText(): GasDecoratedText;
  newTextInput(): GasTextInput;
  newSelectionInput(): GasSelectionInput;
  newButtonSet(): GasButtonSet;
  newTextButton(): GasTextButton;
  newFixedFooter(): GasFixedFooter;
  newAction(): GasAction;
  newOpenLink(): GasOpenLink;
  newNavigation(): GasNavigation;
  newNotification(): GasNotification;
  newActionResponseBuilder(): GasActionResponseBuilder;
  newUniversalActionResponseBuilder(): GasUniversalActionResponseBuilder;
  newUpdateDraftActionResponseBuilder(): GasUpdateDraftActionResponseBuilder;
  newUpdateDraftBodyAction(): GasUpdateDraftBodyAction;
  readonly ContentType: {
    readonly TEXT: GasContentType;
    readonly MUTABLE_HTML: GasContentType;
    readonly IMMUTABLE_HTML: GasContentType;
  };
  readonly UpdateDraftBodyType: {
    readonly IN_PLACE_INSERT: GasUpdateDraftBodyType;
    readonly INSERT_AT_START: GasUpdateDraftBodyType;
    readonly INSERT_AT_END: GasUpdateDraftBodyType;
  };
  readonly SelectionInputType: {
    readonly CHECK_BOX: GasSelectionInputType;
    readonly RADIO_BUTTON: GasSelectionInputType;
    readonly DROPDOWN: GasSelectionInputType;
  };
  readonly TextButtonStyle: { readonly FILLED: GasTextButtonStyle; readonly TEXT: GasTextButtonStyle };
  readonly ImageStyle: { readonly CIRCLE: GasImageStyle; readonly SQUARE: GasImageStyle };
  readonly OpenAs: { readonly FULL_SIZE: GasOpenAs; readonly OVERLAY: GasOpenAs };
};

interface GasBlob {
  getName(): string | null;
  getContentType(): string | null;
  getBytes(): number[];
}
interface GasHttpResponse {
  getResponseCode(): number;
  getContentText(): string;
  getHeaders(): Record<string, string | string[]>;
}
interface GasFetchRequest {
  url: string;
  method?: 'get' | 'post' | 'put' | 'patch' | 'delete';
  headers?: Record<string, string>;
  contentType?: string;
  /** A JSON string, or an object whose blob values make a multipart/form-data body. */
  payload?: string | Record<string, string | GasBlob>;
  muteHttpExceptions?: boolean;
  followRedirects?: boolean;
}
declare const UrlFetchApp: {
  fetch(url: string, params?: Omit<GasFetchRequest, 'url'>): GasHttpResponse;
  fetchAll(requests: GasFetchRequest[]): GasHttpResponse[];
};

declare const ScriptApp: {
  getIdentityToken(): string;
};

interface GasGmailAttachment extends GasBlob {
  getSize(): number;
}
interface GasGmailMessage {
  getId(): string;
  getSubject(): string;
  getFrom(): string;
  getCc(): string;
  getDate(): Date;
  getPlainBody(): string;
  getHeader(name: string): string;
  getAttachments(options?: { includeInlineImages?: boolean }): GasGmailAttachment[];
}
declare const GmailApp: {
  setCurrentMessageAccessToken(token: string): void;
  getMessageById(id: string): GasGmailMessage | null;
};

interface GasCache {
  get(key: string): string | null;
  put(key: string, value: string, expirationInSeconds: number): void;
  remove(key: string): void;
}
declare const CacheService: {
  getUserCache(): GasCache | null;
};

interface GasProperties {
  getProperty(key: string): string | null;
  setProperty(key: string, value: string): GasProperties;
}
declare const PropertiesService: {
  getScriptProperties(): GasProperties;
};

declare const console: {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
};
