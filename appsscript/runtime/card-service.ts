// A recording fake of Apps Script's CardService. The builders keep the real method names and
// chaining; `build()` produces the card JSON of Google's add-on runtime (the `Card` / `RenderActions`
// messages of the Workspace add-ons card reference), so tests assert on the same shape Google renders.
// A method the real CardService lacks (or this fake does not know yet) is a TypeError, as in Apps
// Script. `build()` checks what the real one rejects (no sections, a section without widgets, an input
// without a field name, a button without text or action, non-string action parameters).
import { hostRealm, type Realm } from './realm.ts';

// ---------------------------------------------------------------------------------------------------
// The JSON

export interface ActionParameterJson {
  key: string;
  value: string;
}
export interface ActionJson {
  function: string;
  parameters?: ActionParameterJson[];
  loadIndicator?: string;
  persistValues?: boolean;
}
export interface OpenLinkJson {
  url: string;
  openAs?: string;
  onClose?: string;
}
export interface OnClickJson {
  action?: ActionJson;
  openLink?: OpenLinkJson;
  openDynamicLinkAction?: ActionJson;
}
export interface IconJson {
  knownIcon?: string;
  iconUrl?: string;
  materialIcon?: { name: string; fill?: boolean; weight?: number; grade?: number };
  altText?: string;
  imageType?: string;
}
export interface ButtonJson {
  text?: string;
  icon?: IconJson;
  onClick?: OnClickJson;
  type?: string;
  disabled?: boolean;
  altText?: string;
}
export interface SwitchControlJson {
  name: string;
  value?: string;
  selected?: boolean;
  onChangeAction?: ActionJson;
  controlType?: string;
}
export interface DecoratedTextJson {
  topLabel?: string;
  text: string;
  bottomLabel?: string;
  startIcon?: IconJson;
  endIcon?: IconJson;
  wrapText?: boolean;
  button?: ButtonJson;
  switchControl?: SwitchControlJson;
  onClick?: OnClickJson;
}
export interface TextInputJson {
  name: string;
  label?: string;
  value?: string;
  hintText?: string;
  /** `SINGLE_LINE` or `MULTIPLE_LINE` (set by `setMultiline`). */
  type?: string;
  onChangeAction?: ActionJson;
}
export interface SelectionItemJson {
  text: string;
  value: string;
  selected: boolean;
}
export interface SelectionInputJson {
  name: string;
  label?: string;
  type: string;
  items: SelectionItemJson[];
  onChangeAction?: ActionJson;
}
export interface DateTimePickerJson {
  name: string;
  label?: string;
  /** `DATE_ONLY` (newDatePicker) or `DATE_AND_TIME` (newDateTimePicker). */
  type: string;
  /** int64 as a decimal string, as in the runtime's JSON. */
  valueMsEpoch?: string;
  timezoneOffsetDate?: number;
  onChangeAction?: ActionJson;
}
export interface ImageJson {
  imageUrl: string;
  altText?: string;
  onClick?: OnClickJson;
}
/** Exactly one key is set. */
export interface WidgetJson {
  decoratedText?: DecoratedTextJson;
  textParagraph?: { text: string };
  textInput?: TextInputJson;
  selectionInput?: SelectionInputJson;
  dateTimePicker?: DateTimePickerJson;
  buttonList?: { buttons: ButtonJson[] };
  image?: ImageJson;
  divider?: Record<string, never>;
}
export interface SectionJson {
  header?: string;
  collapsible?: boolean;
  uncollapsibleWidgetsCount?: number;
  widgets: WidgetJson[];
}
export interface CardHeaderJson {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  /** `SQUARE` or `CIRCLE`. */
  imageType?: string;
  imageAltText?: string;
}
export interface CardJson {
  header?: CardHeaderJson;
  sections: SectionJson[];
  fixedFooter?: { primaryButton?: ButtonJson; secondaryButton?: ButtonJson };
  cardActions?: Array<{ actionLabel: string; onClick: OnClickJson }>;
  name?: string;
  displayStyle?: string;
  peekCardHeader?: CardHeaderJson;
}
/** Exactly one key is set. `popCard()` is `{ pop: true }` in the runtime's JSON. */
export interface NavigationJson {
  pushCard?: CardJson;
  updateCard?: CardJson;
  popToRoot?: boolean;
  pop?: boolean;
  popToCard?: string;
}
export interface ActionResponseJson {
  renderActions: {
    action: {
      navigations?: NavigationJson[];
      notification?: { text: string };
      link?: OpenLinkJson;
    };
  };
  /** Set by `setStateChanged(true)`. */
  stateChanged?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Enums (Apps Script's enum values print as their names; strings serve the same purpose here)

function enumOf<const K extends string>(...names: K[]): Readonly<Record<K, K>> {
  return Object.freeze(Object.fromEntries(names.map((n) => [n, n])) as Record<K, K>);
}

export const SelectionInputType = enumOf('CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT');
export const TextButtonStyle = enumOf('OUTLINED', 'TEXT', 'FILLED', 'FILLED_TONAL', 'BORDERLESS');
export const ImageStyle = enumOf('SQUARE', 'CIRCLE');
export const ImageCropType = enumOf('SQUARE', 'CIRCLE', 'RECTANGLE_CUSTOM', 'RECTANGLE_4_3');
export const LoadIndicator = enumOf('SPINNER', 'NONE');
export const OpenAs = enumOf('FULL_SIZE', 'OVERLAY');
export const OnClose = enumOf('NOTHING', 'RELOAD');
export const SwitchControlType = enumOf('SWITCH', 'CHECK_BOX');
export const DisplayStyle = enumOf('PEEK', 'REPLACE');
export const ContentType = enumOf('TEXT', 'MUTABLE_HTML', 'IMMUTABLE_HTML');
export const UpdateDraftBodyType = enumOf('IN_PLACE_INSERT', 'INSERT_AT_START', 'INSERT_AT_END');
export const Icon = enumOf(
  'NONE',
  'AIRPLANE',
  'BOOKMARK',
  'BUS',
  'CAR',
  'CLOCK',
  'CONFIRMATION_NUMBER_ICON',
  'DOLLAR',
  'DESCRIPTION',
  'EMAIL',
  'EVENT_PERFORMER',
  'EVENT_SEAT',
  'FLIGHT_ARRIVAL',
  'FLIGHT_DEPARTURE',
  'HOTEL',
  'HOTEL_ROOM_TYPE',
  'INVITE',
  'MAP_PIN',
  'MEMBERSHIP',
  'MULTIPLE_PEOPLE',
  'OFFER',
  'PERSON',
  'PHONE',
  'RESTAURANT_ICON',
  'SHOPPING_CART',
  'STAR',
  'STORE',
  'TICKET',
  'TRAIN',
  'VIDEO_CAMERA',
  'VIDEO_PLAY',
);

// ---------------------------------------------------------------------------------------------------
// Builders

/** What every builder shares: the service that made it (for errors in the add-on's realm). */
class Builder {
  protected readonly service: CardServiceFake;
  constructor(service: CardServiceFake) {
    this.service = service;
  }
  protected fail(message: string): never {
    throw this.service.realm.error(message);
  }
  protected str(value: unknown, what: string): string {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.fail(`Invalid argument: ${what}`);
  }
  protected bool(value: unknown, what: string): boolean {
    if (typeof value === 'boolean') return value;
    return this.fail(`Invalid argument: ${what}`);
  }
  protected num(value: unknown, what: string): number {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
      return Number(value);
    return this.fail(`Invalid argument: ${what}`);
  }
  protected instance<T>(value: unknown, ctor: abstract new (...args: never[]) => T, what: string): T {
    if (value instanceof ctor) return value;
    return this.fail(`Invalid argument: ${what}`);
  }
}

/** A builder that can be added to a section. */
abstract class Widget extends Builder {
  abstract widgetJson(): WidgetJson;
}

/** Drops keys whose value is undefined, so the JSON holds exactly what was set. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export class ActionFake extends Builder {
  private functionName: string | undefined;
  private parameters: ActionParameterJson[] | undefined;
  private loadIndicator: string | undefined;
  private persistValues: boolean | undefined;
  setFunctionName(name: unknown): this {
    this.functionName = this.str(name, 'functionName');
    this.service.recordFunctionName(this.functionName);
    return this;
  }
  setParameters(parameters: unknown): this {
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
      return this.fail('Invalid argument: parameters');
    }
    this.parameters = Object.entries(parameters).map(([key, value]) => {
      // The real service accepts only string values ("Invalid argument: parameters").
      if (typeof value !== 'string')
        return this.fail(`Invalid argument: parameters (${key} is not a string)`);
      return { key, value };
    });
    return this;
  }
  setLoadIndicator(indicator: unknown): this {
    this.loadIndicator = this.str(indicator, 'loadIndicator');
    return this;
  }
  setPersistValues(persist: unknown): this {
    this.persistValues = this.bool(persist, 'persistValues');
    return this;
  }
  json(): ActionJson {
    if (this.functionName === undefined) return this.fail('Action must have a function name.');
    return compact({
      function: this.functionName,
      parameters: this.parameters,
      loadIndicator: this.loadIndicator,
      persistValues: this.persistValues,
    });
  }
}

export class OpenLinkFake extends Builder {
  private url: string | undefined;
  private openAs: string | undefined;
  private onClose: string | undefined;
  setUrl(url: unknown): this {
    this.url = this.str(url, 'url');
    return this;
  }
  setOpenAs(openAs: unknown): this {
    this.openAs = this.str(openAs, 'openAs');
    return this;
  }
  setOnClose(onClose: unknown): this {
    this.onClose = this.str(onClose, 'onClose');
    return this;
  }
  json(): OpenLinkJson {
    if (this.url === undefined) return this.fail('OpenLink must have a url.');
    return compact({ url: this.url, openAs: this.openAs, onClose: this.onClose });
  }
}

/** Builders with setOnClickAction / setOpenLink / setOnClickOpenLinkAction. */
abstract class Clickable extends Widget {
  protected onClick: (() => OnClickJson) | undefined;
  setOnClickAction(action: unknown): this {
    const a = this.instance(action, ActionFake, 'action');
    this.onClick = () => ({ action: a.json() });
    return this;
  }
  setOpenLink(openLink: unknown): this {
    const l = this.instance(openLink, OpenLinkFake, 'openLink');
    this.onClick = () => ({ openLink: l.json() });
    return this;
  }
  setOnClickOpenLinkAction(action: unknown): this {
    const a = this.instance(action, ActionFake, 'action');
    this.onClick = () => ({ openDynamicLinkAction: a.json() });
    return this;
  }
}

export class MaterialIconFake extends Builder {
  private name: string | undefined;
  private fill: boolean | undefined;
  private weight: number | undefined;
  private grade: number | undefined;
  setName(name: unknown): this {
    this.name = this.str(name, 'name');
    return this;
  }
  setFill(fill: unknown): this {
    this.fill = this.bool(fill, 'fill');
    return this;
  }
  setWeight(weight: unknown): this {
    this.weight = this.num(weight, 'weight');
    return this;
  }
  setGrade(grade: unknown): this {
    this.grade = this.num(grade, 'grade');
    return this;
  }
  json(): NonNullable<IconJson['materialIcon']> {
    if (this.name === undefined) return this.fail('MaterialIcon must have a name.');
    return compact({ name: this.name, fill: this.fill, weight: this.weight, grade: this.grade });
  }
}

export class IconImageFake extends Builder {
  private icon: IconJson = {};
  setIcon(icon: unknown): this {
    this.icon = compact({ ...this.icon, knownIcon: this.str(icon, 'icon'), iconUrl: undefined });
    return this;
  }
  setIconUrl(url: unknown): this {
    this.icon = compact({ ...this.icon, iconUrl: this.str(url, 'url'), knownIcon: undefined });
    return this;
  }
  setMaterialIcon(icon: unknown): this {
    this.icon = { ...this.icon, materialIcon: this.instance(icon, MaterialIconFake, 'icon').json() };
    return this;
  }
  setAltText(text: unknown): this {
    this.icon = { ...this.icon, altText: this.str(text, 'altText') };
    return this;
  }
  setImageCropType(type: unknown): this {
    this.icon = { ...this.icon, imageType: this.str(type, 'imageCropType') };
    return this;
  }
  json(): IconJson {
    if (!this.icon.knownIcon && !this.icon.iconUrl && !this.icon.materialIcon) {
      return this.fail('IconImage must have an icon, an icon url or a material icon.');
    }
    return { ...this.icon };
  }
}

/** TextButton and ImageButton. */
abstract class ButtonBase extends Clickable {
  abstract buttonJson(): ButtonJson;
  widgetJson(): WidgetJson {
    // A lone button is not a widget in the real service; ButtonSet wraps buttons.
    return this.fail('Invalid argument: widget (add buttons through a ButtonSet)');
  }
}

export class TextButtonFake extends ButtonBase {
  private text: string | undefined;
  private style: string | undefined;
  private disabled: boolean | undefined;
  private altText: string | undefined;
  private icon: IconJson | undefined;
  setText(text: unknown): this {
    this.text = this.str(text, 'text');
    return this;
  }
  setTextButtonStyle(style: unknown): this {
    const s = this.str(style, 'textButtonStyle');
    this.style = s === 'TEXT' ? 'BORDERLESS' : s;
    return this;
  }
  setDisabled(disabled: unknown): this {
    this.disabled = this.bool(disabled, 'disabled');
    return this;
  }
  setAltText(text: unknown): this {
    this.altText = this.str(text, 'altText');
    return this;
  }
  setIcon(icon: unknown): this {
    this.icon = this.instance(icon, IconImageFake, 'icon').json();
    return this;
  }
  setMaterialIcon(icon: unknown): this {
    this.icon = { materialIcon: this.instance(icon, MaterialIconFake, 'icon').json() };
    return this;
  }
  buttonJson(): ButtonJson {
    if (this.text === undefined || this.text === '') return this.fail('TextButton must have text.');
    if (this.onClick === undefined)
      return this.fail(`TextButton "${this.text}" must have an action or a link.`);
    return compact({
      text: this.text,
      icon: this.icon,
      onClick: this.onClick(),
      type: this.style,
      disabled: this.disabled,
      altText: this.altText,
    });
  }
}

export class ImageButtonFake extends ButtonBase {
  private icon: IconJson | undefined;
  private altText: string | undefined;
  setIcon(icon: unknown): this {
    this.icon = { knownIcon: this.str(icon, 'icon') };
    return this;
  }
  setIconUrl(url: unknown): this {
    this.icon = { iconUrl: this.str(url, 'url') };
    return this;
  }
  setMaterialIcon(icon: unknown): this {
    this.icon = { materialIcon: this.instance(icon, MaterialIconFake, 'icon').json() };
    return this;
  }
  setAltText(text: unknown): this {
    this.altText = this.str(text, 'altText');
    return this;
  }
  buttonJson(): ButtonJson {
    if (this.icon === undefined) return this.fail('ImageButton must have an icon.');
    if (this.onClick === undefined) return this.fail('ImageButton must have an action or a link.');
    return compact({ icon: this.icon, altText: this.altText, onClick: this.onClick() });
  }
}

export class SwitchFake extends Builder {
  private name: string | undefined;
  private value: string | undefined;
  private selected: boolean | undefined;
  private onChange: ActionFake | undefined;
  private controlType: string | undefined;
  setFieldName(name: unknown): this {
    this.name = this.str(name, 'fieldName');
    return this;
  }
  setValue(value: unknown): this {
    this.value = this.str(value, 'value');
    return this;
  }
  setSelected(selected: unknown): this {
    this.selected = this.bool(selected, 'selected');
    return this;
  }
  setOnChangeAction(action: unknown): this {
    this.onChange = this.instance(action, ActionFake, 'action');
    return this;
  }
  setControlType(type: unknown): this {
    this.controlType = this.str(type, 'controlType');
    return this;
  }
  json(): SwitchControlJson {
    if (this.name === undefined) return this.fail('Switch must have a field name.');
    return compact({
      name: this.name,
      value: this.value,
      selected: this.selected,
      onChangeAction: this.onChange?.json(),
      controlType: this.controlType,
    });
  }
}

export class DecoratedTextFake extends Clickable {
  private topLabel: string | undefined;
  private text: string | undefined;
  private bottomLabel: string | undefined;
  private wrapText: boolean | undefined;
  private startIcon: IconJson | undefined;
  private endIcon: IconJson | undefined;
  private button: ButtonBase | undefined;
  private switchControl: SwitchFake | undefined;
  setTopLabel(text: unknown): this {
    this.topLabel = this.str(text, 'topLabel');
    return this;
  }
  setText(text: unknown): this {
    this.text = this.str(text, 'text');
    return this;
  }
  setBottomLabel(text: unknown): this {
    this.bottomLabel = this.str(text, 'bottomLabel');
    return this;
  }
  setWrapText(wrap: unknown): this {
    this.wrapText = this.bool(wrap, 'wrapText');
    return this;
  }
  setStartIcon(icon: unknown): this {
    this.startIcon = this.instance(icon, IconImageFake, 'startIcon').json();
    return this;
  }
  setEndIcon(icon: unknown): this {
    this.endIcon = this.instance(icon, IconImageFake, 'endIcon').json();
    return this;
  }
  /** Deprecated in Apps Script (use setStartIcon); rendered as a known start icon. */
  setIcon(icon: unknown): this {
    this.startIcon = { knownIcon: this.str(icon, 'icon') };
    return this;
  }
  setIconUrl(url: unknown): this {
    this.startIcon = { iconUrl: this.str(url, 'url') };
    return this;
  }
  setButton(button: unknown): this {
    this.button = this.instance(button, ButtonBase, 'button');
    return this;
  }
  setSwitchControl(control: unknown): this {
    this.switchControl = this.instance(control, SwitchFake, 'switchControl');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.text === undefined) return this.fail('DecoratedText must have text.');
    return {
      decoratedText: compact({
        topLabel: this.topLabel,
        text: this.text,
        bottomLabel: this.bottomLabel,
        startIcon: this.startIcon,
        endIcon: this.endIcon,
        wrapText: this.wrapText,
        button: this.button?.buttonJson(),
        switchControl: this.switchControl?.json(),
        onClick: this.onClick?.(),
      }),
    };
  }
}

export class TextParagraphFake extends Widget {
  private text: string | undefined;
  setText(text: unknown): this {
    this.text = this.str(text, 'text');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.text === undefined) return this.fail('TextParagraph must have text.');
    return { textParagraph: { text: this.text } };
  }
}

export class TextInputFake extends Widget {
  private name: string | undefined;
  private label: string | undefined;
  private value: string | undefined;
  private hint: string | undefined;
  private multiline: boolean | undefined;
  private onChange: ActionFake | undefined;
  setFieldName(name: unknown): this {
    this.name = this.str(name, 'fieldName');
    return this;
  }
  setTitle(title: unknown): this {
    this.label = this.str(title, 'title');
    return this;
  }
  setValue(value: unknown): this {
    this.value = this.str(value, 'value');
    return this;
  }
  setHint(hint: unknown): this {
    this.hint = this.str(hint, 'hint');
    return this;
  }
  setMultiline(multiline: unknown): this {
    this.multiline = this.bool(multiline, 'multiline');
    return this;
  }
  setOnChangeAction(action: unknown): this {
    this.onChange = this.instance(action, ActionFake, 'action');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.name === undefined || this.name === '') return this.fail('TextInput must have a field name.');
    return {
      textInput: compact({
        name: this.name,
        label: this.label,
        value: this.value,
        hintText: this.hint,
        type: this.multiline === undefined ? undefined : this.multiline ? 'MULTIPLE_LINE' : 'SINGLE_LINE',
        onChangeAction: this.onChange?.json(),
      }),
    };
  }
}

export class SelectionInputFake extends Widget {
  private name: string | undefined;
  private label: string | undefined;
  private type = 'CHECK_BOX';
  private readonly items: SelectionItemJson[] = [];
  private onChange: ActionFake | undefined;
  setType(type: unknown): this {
    this.type = this.str(type, 'type');
    return this;
  }
  setFieldName(name: unknown): this {
    this.name = this.str(name, 'fieldName');
    return this;
  }
  setTitle(title: unknown): this {
    this.label = this.str(title, 'title');
    return this;
  }
  addItem(text: unknown, value: unknown, selected: unknown): this {
    this.items.push({
      text: this.str(text, 'text'),
      value: this.str(value, 'value'),
      selected: this.bool(selected, 'selected'),
    });
    return this;
  }
  setOnChangeAction(action: unknown): this {
    this.onChange = this.instance(action, ActionFake, 'action');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.name === undefined || this.name === '')
      return this.fail('SelectionInput must have a field name.');
    return {
      selectionInput: compact({
        name: this.name,
        label: this.label,
        type: this.type,
        items: this.items.map((i) => ({ ...i })),
        onChangeAction: this.onChange?.json(),
      }),
    };
  }
}

export class DateTimePickerFake extends Widget {
  private readonly kind: string;
  private name: string | undefined;
  private label: string | undefined;
  private value: number | undefined;
  private offset: number | undefined;
  private onChange: ActionFake | undefined;
  constructor(service: CardServiceFake, kind: 'DATE_ONLY' | 'DATE_AND_TIME') {
    super(service);
    this.kind = kind;
  }
  setFieldName(name: unknown): this {
    this.name = this.str(name, 'fieldName');
    return this;
  }
  setTitle(title: unknown): this {
    this.label = this.str(title, 'title');
    return this;
  }
  setValueInMsSinceEpoch(ms: unknown): this {
    this.value = this.num(ms, 'valueInMsSinceEpoch');
    return this;
  }
  setTimeZoneOffsetInMins(minutes: unknown): this {
    this.offset = this.num(minutes, 'timeZoneOffsetInMins');
    return this;
  }
  setOnChangeAction(action: unknown): this {
    this.onChange = this.instance(action, ActionFake, 'action');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.name === undefined || this.name === '') return this.fail('DatePicker must have a field name.');
    return {
      dateTimePicker: compact({
        name: this.name,
        label: this.label,
        type: this.kind,
        valueMsEpoch: this.value === undefined ? undefined : String(Math.trunc(this.value)),
        timezoneOffsetDate: this.offset,
        onChangeAction: this.onChange?.json(),
      }),
    };
  }
}

export class ButtonSetFake extends Widget {
  private readonly buttons: ButtonBase[] = [];
  addButton(button: unknown): this {
    this.buttons.push(this.instance(button, ButtonBase, 'button'));
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.buttons.length === 0) return this.fail('ButtonSet must have at least one button.');
    return { buttonList: { buttons: this.buttons.map((b) => b.buttonJson()) } };
  }
}

export class ImageFake extends Clickable {
  private url: string | undefined;
  private altText: string | undefined;
  setImageUrl(url: unknown): this {
    this.url = this.str(url, 'url');
    return this;
  }
  setAltText(text: unknown): this {
    this.altText = this.str(text, 'altText');
    return this;
  }
  widgetJson(): WidgetJson {
    if (this.url === undefined) return this.fail('Image must have an image url.');
    return { image: compact({ imageUrl: this.url, altText: this.altText, onClick: this.onClick?.() }) };
  }
}

export class DividerFake extends Widget {
  widgetJson(): WidgetJson {
    return { divider: {} };
  }
}

export class CardHeaderFake extends Builder {
  private title: string | undefined;
  private subtitle: string | undefined;
  private imageUrl: string | undefined;
  private imageType: string | undefined;
  private imageAltText: string | undefined;
  setTitle(title: unknown): this {
    this.title = this.str(title, 'title');
    return this;
  }
  setSubtitle(subtitle: unknown): this {
    this.subtitle = this.str(subtitle, 'subtitle');
    return this;
  }
  setImageUrl(url: unknown): this {
    this.imageUrl = this.str(url, 'imageUrl');
    return this;
  }
  setImageStyle(style: unknown): this {
    this.imageType = this.str(style, 'imageStyle');
    return this;
  }
  setImageAltText(text: unknown): this {
    this.imageAltText = this.str(text, 'imageAltText');
    return this;
  }
  json(): CardHeaderJson {
    if (this.title === undefined) return this.fail('CardHeader must have a title.');
    return compact({
      title: this.title,
      subtitle: this.subtitle,
      imageUrl: this.imageUrl,
      imageType: this.imageType,
      imageAltText: this.imageAltText,
    });
  }
}

export class CardSectionFake extends Builder {
  private header: string | undefined;
  private collapsible: boolean | undefined;
  private uncollapsible: number | undefined;
  private readonly widgets: Widget[] = [];
  setHeader(header: unknown): this {
    this.header = this.str(header, 'header');
    return this;
  }
  addWidget(widget: unknown): this {
    this.widgets.push(this.instance(widget, Widget, 'widget'));
    return this;
  }
  setCollapsible(collapsible: unknown): this {
    this.collapsible = this.bool(collapsible, 'collapsible');
    return this;
  }
  setNumUncollapsibleWidgets(count: unknown): this {
    this.uncollapsible = this.num(count, 'numUncollapsibleWidgets');
    return this;
  }
  json(): SectionJson {
    if (this.widgets.length === 0) return this.fail('CardSection must have at least one widget.');
    return compact({
      header: this.header,
      collapsible: this.collapsible,
      uncollapsibleWidgetsCount: this.uncollapsible,
      widgets: this.widgets.map((w) => w.widgetJson()),
    });
  }
}

export class FixedFooterFake extends Builder {
  private primary: ButtonBase | undefined;
  private secondary: ButtonBase | undefined;
  setPrimaryButton(button: unknown): this {
    this.primary = this.instance(button, TextButtonFake, 'primaryButton');
    return this;
  }
  setSecondaryButton(button: unknown): this {
    this.secondary = this.instance(button, TextButtonFake, 'secondaryButton');
    return this;
  }
  json(): NonNullable<CardJson['fixedFooter']> {
    if (this.primary === undefined) return this.fail('FixedFooter must have a primary button.');
    return compact({
      primaryButton: this.primary.buttonJson(),
      secondaryButton: this.secondary?.buttonJson(),
    });
  }
}

export class CardActionFake extends Clickable {
  private text: string | undefined;
  setText(text: unknown): this {
    this.text = this.str(text, 'text');
    return this;
  }
  widgetJson(): WidgetJson {
    return this.fail('Invalid argument: widget (a CardAction belongs to CardBuilder.addCardAction)');
  }
  json(): { actionLabel: string; onClick: OnClickJson } {
    if (this.text === undefined) return this.fail('CardAction must have text.');
    if (this.onClick === undefined) return this.fail('CardAction must have an action or a link.');
    return { actionLabel: this.text, onClick: this.onClick() };
  }
}

/** What `CardBuilder.build()` returns: immutable, printable. */
export class CardFake {
  readonly json: CardJson;
  constructor(json: CardJson) {
    this.json = json;
  }
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
  toJSON(): CardJson {
    return this.json;
  }
}

export class CardBuilderFake extends Builder {
  private header: CardHeaderFake | undefined;
  private peekHeader: CardHeaderFake | undefined;
  private readonly sections: CardSectionFake[] = [];
  private readonly actions: CardActionFake[] = [];
  private footer: FixedFooterFake | undefined;
  private name: string | undefined;
  private displayStyle: string | undefined;
  setHeader(header: unknown): this {
    this.header = this.instance(header, CardHeaderFake, 'header');
    return this;
  }
  setPeekCardHeader(header: unknown): this {
    this.peekHeader = this.instance(header, CardHeaderFake, 'peekCardHeader');
    return this;
  }
  addSection(section: unknown): this {
    this.sections.push(this.instance(section, CardSectionFake, 'section'));
    return this;
  }
  addCardAction(action: unknown): this {
    this.actions.push(this.instance(action, CardActionFake, 'cardAction'));
    return this;
  }
  setFixedFooter(footer: unknown): this {
    this.footer = this.instance(footer, FixedFooterFake, 'fixedFooter');
    return this;
  }
  setName(name: unknown): this {
    this.name = this.str(name, 'name');
    return this;
  }
  setDisplayStyle(style: unknown): this {
    this.displayStyle = this.str(style, 'displayStyle');
    return this;
  }
  build(): CardFake {
    if (this.sections.length === 0) return this.fail('Card must have at least one section.');
    const json = compact<CardJson>({
      header: this.header?.json(),
      sections: this.sections.map((s) => s.json()),
      fixedFooter: this.footer?.json(),
      cardActions: this.actions.length ? this.actions.map((a) => a.json()) : undefined,
      name: this.name,
      displayStyle: this.displayStyle,
      peekCardHeader: this.peekHeader?.json(),
    });
    this.service.cards.push(json);
    return new CardFake(json);
  }
}

export class NavigationFake extends Builder {
  private readonly steps: NavigationJson[] = [];
  pushCard(card: unknown): this {
    this.steps.push({ pushCard: this.instance(card, CardFake, 'card').json });
    return this;
  }
  updateCard(card: unknown): this {
    this.steps.push({ updateCard: this.instance(card, CardFake, 'card').json });
    return this;
  }
  popToRoot(): this {
    this.steps.push({ popToRoot: true });
    return this;
  }
  popCard(): this {
    this.steps.push({ pop: true });
    return this;
  }
  popToNamedCard(name: unknown): this {
    this.steps.push({ popToCard: this.str(name, 'cardName') });
    return this;
  }
  json(): NavigationJson[] {
    return this.steps.map((s) => ({ ...s }));
  }
  printJson(): string {
    return JSON.stringify(this.json(), null, 2);
  }
}

export class NotificationFake extends Builder {
  private text: string | undefined;
  setText(text: unknown): this {
    this.text = this.str(text, 'text');
    return this;
  }
  json(): { text: string } {
    if (this.text === undefined || this.text === '') return this.fail('Notification must have text.');
    return { text: this.text };
  }
}

/** What `ActionResponseBuilder.build()` and `UniversalActionResponseBuilder.build()` return. */
export class ActionResponseFake {
  readonly json: ActionResponseJson;
  constructor(json: ActionResponseJson) {
    this.json = json;
  }
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
  toJSON(): ActionResponseJson {
    return this.json;
  }
}

export class ActionResponseBuilderFake extends Builder {
  private navigation: NavigationFake | undefined;
  private notification: NotificationFake | undefined;
  private link: OpenLinkFake | undefined;
  private stateChanged: boolean | undefined;
  setNavigation(navigation: unknown): this {
    this.navigation = this.instance(navigation, NavigationFake, 'navigation');
    return this;
  }
  setNotification(notification: unknown): this {
    this.notification = this.instance(notification, NotificationFake, 'notification');
    return this;
  }
  setOpenLink(link: unknown): this {
    this.link = this.instance(link, OpenLinkFake, 'openLink');
    return this;
  }
  setStateChanged(changed: unknown): this {
    this.stateChanged = this.bool(changed, 'stateChanged');
    return this;
  }
  build(): ActionResponseFake {
    if (!this.navigation && !this.notification && !this.link && this.stateChanged === undefined) {
      return this.fail('ActionResponse must have a navigation, a notification, a link or a state change.');
    }
    const json: ActionResponseJson = {
      renderActions: {
        action: compact({
          navigations: this.navigation?.json(),
          notification: this.notification?.json(),
          link: this.link?.json(),
        }),
      },
    };
    if (this.stateChanged !== undefined) json.stateChanged = this.stateChanged;
    this.service.responses.push(json);
    return new ActionResponseFake(json);
  }
}

export class UniversalActionResponseBuilderFake extends Builder {
  private cards: CardJson[] | undefined;
  private link: OpenLinkFake | undefined;
  displayAddOnCards(cards: unknown): this {
    if (!Array.isArray(cards) || cards.length === 0) return this.fail('Invalid argument: cards');
    this.cards = cards.map((c: unknown) => this.instance(c, CardFake, 'cards').json);
    return this;
  }
  setOpenLink(link: unknown): this {
    this.link = this.instance(link, OpenLinkFake, 'openLink');
    return this;
  }
  build(): ActionResponseFake {
    if (!this.cards && !this.link)
      return this.fail('UniversalActionResponse must display cards or open a link.');
    const json: ActionResponseJson = {
      renderActions: {
        action: compact({
          navigations: this.cards?.map((card) => ({ pushCard: card })),
          link: this.link?.json(),
        }),
      },
    };
    this.service.responses.push(json);
    return new ActionResponseFake(json);
  }
}

/**
 * A compose action's answer (Gmail's `UpdateDraftActionResponse`): what to insert into the draft,
 * as the runtime's JSON `{ renderActions: { hostAppAction: { gmailAction: { updateDraftActionMarkup:
 * { updateBody: { insertContents: [{ content, contentType }], type } } } } } }`.
 */
export interface UpdateDraftJson {
  renderActions: {
    hostAppAction: {
      gmailAction: {
        updateDraftActionMarkup: {
          updateBody: { insertContents: Array<{ content: string; contentType: string }>; type: string };
        };
      };
    };
  };
}

export class UpdateDraftBodyActionFake extends Builder {
  private readonly contents: Array<{ content: string; contentType: string }> = [];
  private type: string | undefined;
  addUpdateContent(content: unknown, contentType: unknown): this {
    this.contents.push({
      content: this.str(content, 'content'),
      contentType: this.str(contentType, 'contentType'),
    });
    return this;
  }
  setUpdateType(type: unknown): this {
    this.type = this.str(type, 'updateType');
    return this;
  }
  json(): UpdateDraftJson['renderActions']['hostAppAction']['gmailAction']['updateDraftActionMarkup']['updateBody'] {
    if (this.contents.length === 0) return this.fail('UpdateDraftBodyAction must have content.');
    if (this.type === undefined) return this.fail('UpdateDraftBodyAction must have an update type.');
    return { insertContents: this.contents.map((c) => ({ ...c })), type: this.type };
  }
}

export class UpdateDraftActionResponseFake {
  readonly json: UpdateDraftJson;
  constructor(json: UpdateDraftJson) {
    this.json = json;
  }
  printJson(): string {
    return JSON.stringify(this.json, null, 2);
  }
  toJSON(): UpdateDraftJson {
    return this.json;
  }
}

export class UpdateDraftActionResponseBuilderFake extends Builder {
  private body: UpdateDraftBodyActionFake | undefined;
  setUpdateDraftBodyAction(action: unknown): this {
    this.body = this.instance(action, UpdateDraftBodyActionFake, 'updateDraftBodyAction');
    return this;
  }
  build(): UpdateDraftActionResponseFake {
    if (!this.body) return this.fail('UpdateDraftActionResponse must have an update action.');
    return new UpdateDraftActionResponseFake({
      renderActions: {
        hostAppAction: { gmailAction: { updateDraftActionMarkup: { updateBody: this.body.json() } } },
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------------
// The service

export class CardServiceFake {
  readonly realm: Realm;
  /** Every name passed to `setFunctionName`, in first-use order. */
  readonly functionNames: string[] = [];
  /** Every card built, in order. */
  readonly cards: CardJson[] = [];
  /** Every action response (plain and universal) built, in order. */
  readonly responses: ActionResponseJson[] = [];

  readonly SelectionInputType = SelectionInputType;
  readonly TextButtonStyle = TextButtonStyle;
  readonly ImageStyle = ImageStyle;
  readonly ImageCropType = ImageCropType;
  readonly LoadIndicator = LoadIndicator;
  readonly OpenAs = OpenAs;
  readonly OnClose = OnClose;
  readonly SwitchControlType = SwitchControlType;
  readonly DisplayStyle = DisplayStyle;
  readonly Icon = Icon;
  readonly ContentType = ContentType;
  readonly UpdateDraftBodyType = UpdateDraftBodyType;

  constructor(realm: Realm = hostRealm) {
    this.realm = realm;
  }

  recordFunctionName(name: string): void {
    if (!this.functionNames.includes(name)) this.functionNames.push(name);
  }

  newCardBuilder = (): CardBuilderFake => new CardBuilderFake(this);
  newCardHeader = (): CardHeaderFake => new CardHeaderFake(this);
  newCardSection = (): CardSectionFake => new CardSectionFake(this);
  newCardAction = (): CardActionFake => new CardActionFake(this);
  newFixedFooter = (): FixedFooterFake => new FixedFooterFake(this);
  newDecoratedText = (): DecoratedTextFake => new DecoratedTextFake(this);
  newTextParagraph = (): TextParagraphFake => new TextParagraphFake(this);
  newTextInput = (): TextInputFake => new TextInputFake(this);
  newSelectionInput = (): SelectionInputFake => new SelectionInputFake(this);
  newDatePicker = (): DateTimePickerFake => new DateTimePickerFake(this, 'DATE_ONLY');
  newDateTimePicker = (): DateTimePickerFake => new DateTimePickerFake(this, 'DATE_AND_TIME');
  newButtonSet = (): ButtonSetFake => new ButtonSetFake(this);
  newTextButton = (): TextButtonFake => new TextButtonFake(this);
  newImageButton = (): ImageButtonFake => new ImageButtonFake(this);
  newSwitch = (): SwitchFake => new SwitchFake(this);
  newIconImage = (): IconImageFake => new IconImageFake(this);
  newMaterialIcon = (): MaterialIconFake => new MaterialIconFake(this);
  newImage = (): ImageFake => new ImageFake(this);
  newDivider = (): DividerFake => new DividerFake(this);
  newAction = (): ActionFake => new ActionFake(this);
  newOpenLink = (): OpenLinkFake => new OpenLinkFake(this);
  newNavigation = (): NavigationFake => new NavigationFake(this);
  newNotification = (): NotificationFake => new NotificationFake(this);
  newActionResponseBuilder = (): ActionResponseBuilderFake => new ActionResponseBuilderFake(this);
  newUniversalActionResponseBuilder = (): UniversalActionResponseBuilderFake =>
    new UniversalActionResponseBuilderFake(this);
  newUpdateDraftActionResponseBuilder = (): UpdateDraftActionResponseBuilderFake =>
    new UpdateDraftActionResponseBuilderFake(this);
  newUpdateDraftBodyAction = (): UpdateDraftBodyActionFake => new UpdateDraftBodyActionFake(this);
}

/**
 * The runtime JSON of whatever a trigger or callback returned: a Card → CardJson, a Card[] →
 * CardJson[], an ActionResponse → ActionResponseJson; anything else is JSON-copied as is.
 */
export function toRuntimeJson(value: unknown): unknown {
  if (value instanceof CardFake) return structuredClone(value.json);
  if (value instanceof ActionResponseFake) return structuredClone(value.json);
  if (value instanceof UpdateDraftActionResponseFake) return structuredClone(value.json);
  if (Array.isArray(value)) return value.map((v: unknown) => toRuntimeJson(v));
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
