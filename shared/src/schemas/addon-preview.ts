import { z } from 'zod';

// The console's live add-on preview (/addon-preview): the server runs the built add-on with
// stand-ins for Google's services and answers with the card JSON of Google's add-on runtime (the
// `Card` and `RenderActions` messages of the Workspace add-ons card reference), which the console
// draws as Gmail's sidebar does. The card schemas below describe that JSON; unknown keys are kept
// out of the types but tolerated, as Google adds fields.

const actionSchema = z.object({
  function: z.string(),
  parameters: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  loadIndicator: z.string().optional(),
  persistValues: z.boolean().optional(),
});
export type AddonAction = z.infer<typeof actionSchema>;

const openLinkSchema = z.object({
  url: z.string(),
  openAs: z.string().optional(),
  onClose: z.string().optional(),
});

const onClickSchema = z.object({
  action: actionSchema.optional(),
  openLink: openLinkSchema.optional(),
  openDynamicLinkAction: actionSchema.optional(),
});
export type AddonOnClick = z.infer<typeof onClickSchema>;

const iconSchema = z.object({
  knownIcon: z.string().optional(),
  iconUrl: z.string().optional(),
  materialIcon: z.object({ name: z.string() }).optional(),
  altText: z.string().optional(),
  imageType: z.string().optional(),
});
export type AddonIcon = z.infer<typeof iconSchema>;

const buttonSchema = z.object({
  text: z.string().optional(),
  icon: iconSchema.optional(),
  onClick: onClickSchema.optional(),
  type: z.string().optional(),
  disabled: z.boolean().optional(),
  altText: z.string().optional(),
});
export type AddonButton = z.infer<typeof buttonSchema>;

const selectionItemSchema = z.object({ text: z.string(), value: z.string(), selected: z.boolean() });

const widgetSchema = z.object({
  decoratedText: z
    .object({
      topLabel: z.string().optional(),
      text: z.string(),
      bottomLabel: z.string().optional(),
      startIcon: iconSchema.optional(),
      endIcon: iconSchema.optional(),
      wrapText: z.boolean().optional(),
      button: buttonSchema.optional(),
      switchControl: z
        .object({
          name: z.string(),
          value: z.string().optional(),
          selected: z.boolean().optional(),
          onChangeAction: actionSchema.optional(),
          controlType: z.string().optional(),
        })
        .optional(),
      onClick: onClickSchema.optional(),
    })
    .optional(),
  textParagraph: z.object({ text: z.string() }).optional(),
  textInput: z
    .object({
      name: z.string(),
      label: z.string().optional(),
      value: z.string().optional(),
      hintText: z.string().optional(),
      type: z.string().optional(),
      onChangeAction: actionSchema.optional(),
    })
    .optional(),
  selectionInput: z
    .object({
      name: z.string(),
      label: z.string().optional(),
      type: z.string(),
      items: z.array(selectionItemSchema),
      onChangeAction: actionSchema.optional(),
    })
    .optional(),
  dateTimePicker: z
    .object({
      name: z.string(),
      label: z.string().optional(),
      type: z.string(),
      valueMsEpoch: z.string().optional(),
      timezoneOffsetDate: z.number().optional(),
      onChangeAction: actionSchema.optional(),
    })
    .optional(),
  buttonList: z.object({ buttons: z.array(buttonSchema) }).optional(),
  image: z
    .object({ imageUrl: z.string(), altText: z.string().optional(), onClick: onClickSchema.optional() })
    .optional(),
  divider: z.object({}).optional(),
  grid: z
    .object({
      title: z.string().optional(),
      columnCount: z.number().optional(),
      items: z.array(
        z.object({
          id: z.string().optional(),
          title: z.string().optional(),
          subtitle: z.string().optional(),
          image: z.object({ imageUri: z.string(), altText: z.string().optional() }).optional(),
        }),
      ),
      onClick: onClickSchema.optional(),
    })
    .optional(),
});
export type AddonWidget = z.infer<typeof widgetSchema>;

const sectionSchema = z.object({
  header: z.string().optional(),
  collapsible: z.boolean().optional(),
  uncollapsibleWidgetsCount: z.number().int().optional(),
  widgets: z.array(widgetSchema),
});
export type AddonSection = z.infer<typeof sectionSchema>;

const cardHeaderSchema = z.object({
  title: z.string(),
  subtitle: z.string().optional(),
  imageUrl: z.string().optional(),
  imageType: z.string().optional(),
  imageAltText: z.string().optional(),
});

export const addonCardSchema = z
  .object({
    header: cardHeaderSchema.optional(),
    sections: z.array(sectionSchema),
    fixedFooter: z
      .object({ primaryButton: buttonSchema.optional(), secondaryButton: buttonSchema.optional() })
      .optional(),
    cardActions: z.array(z.object({ actionLabel: z.string(), onClick: onClickSchema })).optional(),
    name: z.string().optional(),
    displayStyle: z.string().optional(),
    peekCardHeader: cardHeaderSchema.optional(),
  })
  .meta({ id: 'AddonCard' });
export type AddonCard = z.infer<typeof addonCardSchema>;

const navigationSchema = z.object({
  pushCard: addonCardSchema.optional(),
  updateCard: addonCardSchema.optional(),
  popToRoot: z.boolean().optional(),
  pop: z.boolean().optional(),
  popToCard: z.string().optional(),
});
export type AddonNavigation = z.infer<typeof navigationSchema>;

export const addonActionResponseSchema = z
  .object({
    renderActions: z.object({
      action: z.object({
        navigations: z.array(navigationSchema).optional(),
        notification: z.object({ text: z.string() }).optional(),
        link: openLinkSchema.optional(),
      }),
    }),
    stateChanged: z.boolean().optional(),
  })
  .meta({ id: 'AddonActionResponse' });
export type AddonActionResponse = z.infer<typeof addonActionResponseSchema>;

/** A sample email the preview's Gmail stand-in holds (from a demo person, to the IT inbox). */
export const addonSampleEmailSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  subject: z.string(),
  fromName: z.string(),
  fromEmail: z.string(),
  to: z.string(),
  date: z.iso.datetime(),
  snippet: z.string(),
  body: z.string(),
});
export type AddonSampleEmail = z.infer<typeof addonSampleEmailSchema>;

export const addonPreviewSchema = z
  .object({
    /** False where the server cannot act as the caller towards itself (see `unavailableReason`). */
    available: z.boolean(),
    unavailableReason: z.string().nullable(),
    /** Who the add-on runs as: always the signed-in person. */
    runsAs: z.string(),
    addonName: z.string(),
    /** The manifest's homepage trigger and Gmail contextual trigger (function names). */
    homepageTrigger: z.string(),
    gmailTrigger: z.string(),
    universalActions: z.array(z.object({ label: z.string(), runFunction: z.string() })),
    samples: z.array(addonSampleEmailSchema),
    /** Apps Script's limit for one call, which the preview enforces. */
    callLimitMs: z.number().int(),
  })
  .meta({ id: 'AddonPreview' });
export type AddonPreview = z.infer<typeof addonPreviewSchema>;

/** A form value as Google sends it: text(s), or a date / date-time picker's milliseconds. */
export const addonFormValueSchema = z.union([
  z.string().max(20_000),
  z.array(z.string().max(20_000)).max(200),
  z.object({ date: z.number() }).strict(),
  z.object({ dateTime: z.number() }).strict(),
]);
export type AddonFormValue = z.infer<typeof addonFormValueSchema>;

/** One call of the add-on: a trigger, a universal action, or the callback a card's action names. */
export const addonPreviewCallSchema = z
  .object({
    function: z.string().regex(/^[A-Za-z_$][\w$]{0,99}$/, 'a global function name of the add-on'),
    /** The open sample email (a Gmail event); absent → a homepage event. */
    messageId: z.string().max(200).optional(),
    parameters: z.record(z.string().max(200), z.string().max(20_000)).optional(),
    formInputs: z.record(z.string().max(200), addonFormValueSchema).optional(),
  })
  .strict()
  .meta({ id: 'AddonPreviewCall' });
export type AddonPreviewCall = z.infer<typeof addonPreviewCallSchema>;

export const addonPreviewResultSchema = z
  .object({
    /** A trigger's or universal action's cards (Card or Card[]) … */
    cards: z.array(addonCardSchema).nullable(),
    /** … or a callback's action response … */
    actionResponse: addonActionResponseSchema.nullable(),
    /** … or the add-on threw (Gmail shows its error bar with this message). */
    error: z.string().nullable(),
    /** Milliseconds the call took, and how many requests it made to the backend. */
    ms: z.number(),
    fetches: z.number().int(),
  })
  .meta({ id: 'AddonPreviewResult' });
export type AddonPreviewResult = z.infer<typeof addonPreviewResultSchema>;
