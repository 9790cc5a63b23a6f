import type {
  AddonAction,
  AddonButton,
  AddonCard,
  AddonOnClick,
  AddonSection,
  AddonWidget,
} from '@helios/shared';
import {
  ActionIcon,
  Avatar,
  Box,
  Button,
  Checkbox,
  Divider,
  Group,
  Image,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useRef, useState, type ReactNode } from 'react';
import { plainCardText } from './format.ts';
import { FormattedText } from './formatted-text.tsx';
import { sectionLayout } from './model.ts';

/** What the card's controls do: run the add-on's callback (with the card's form) or open a link. */
export interface CardHandlers {
  /** A call is running: controls wait (Gmail shows its spinner and ignores clicks). */
  busy: boolean;
  onAction(action: AddonAction, form: HTMLFormElement | null): void;
  onOpenLink(url: string): void;
}

interface Ctx extends CardHandlers {
  form: () => HTMLFormElement | null;
}

function click(ctx: Ctx, onClick: AddonOnClick | undefined): (() => void) | undefined {
  if (!onClick) return undefined;
  const action = onClick.action ?? onClick.openDynamicLinkAction;
  if (action) return () => ctx.onAction(action, ctx.form());
  const url = onClick.openLink?.url;
  if (url) return () => ctx.onOpenLink(url);
  return undefined;
}

function CardButton({ button, ctx, primary }: { button: AddonButton; ctx: Ctx; primary?: boolean }) {
  const onClick = click(ctx, button.onClick);
  const label = button.text ?? button.altText ?? button.icon?.altText ?? 'Button';
  const filled = primary || button.type === 'FILLED' || button.type === 'FILLED_TONAL';
  return (
    <Button
      type="button"
      size="compact-sm"
      variant={
        filled
          ? button.type === 'FILLED_TONAL'
            ? 'light'
            : 'filled'
          : button.type === 'OUTLINED'
            ? 'outline'
            : 'subtle'
      }
      disabled={button.disabled === true || !onClick || ctx.busy}
      onClick={onClick}
    >
      {label}
    </Button>
  );
}

function Icon({ icon }: { icon: NonNullable<AddonWidget['decoratedText']>['startIcon'] }) {
  if (!icon) return null;
  if (icon.iconUrl)
    return (
      <Avatar
        src={icon.iconUrl}
        alt={icon.altText ?? ''}
        size={24}
        radius={icon.imageType === 'CIRCLE' ? 'xl' : 'sm'}
      />
    );
  const name = icon.knownIcon ?? icon.materialIcon?.name;
  return name ? (
    <Text size="xs" c="dimmed" aria-label={icon.altText ?? name.toLowerCase().replace(/_/g, ' ')} role="img">
      •
    </Text>
  ) : null;
}

function Widget({ widget, ctx }: { widget: AddonWidget; ctx: Ctx }): ReactNode {
  if (widget.textParagraph)
    return (
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        <FormattedText text={widget.textParagraph.text} />
      </Text>
    );
  if (widget.decoratedText) {
    const d = widget.decoratedText;
    const onClick = click(ctx, d.onClick);
    const body = (
      <Group gap="sm" wrap="nowrap" align="center">
        <Icon icon={d.startIcon} />
        <Box style={{ flex: 1, minWidth: 0 }}>
          {d.topLabel ? (
            <Text size="xs" c="dimmed">
              <FormattedText text={d.topLabel} />
            </Text>
          ) : null}
          <Text size="sm" lineClamp={d.wrapText ? undefined : 1} style={{ overflowWrap: 'anywhere' }}>
            <FormattedText text={d.text} />
          </Text>
          {d.bottomLabel ? (
            <Text size="xs" c="dimmed">
              <FormattedText text={d.bottomLabel} />
            </Text>
          ) : null}
        </Box>
        <Icon icon={d.endIcon} />
      </Group>
    );
    return (
      <Group gap="xs" wrap="nowrap" align="center">
        <Box style={{ flex: 1, minWidth: 0 }}>
          {onClick ? (
            <UnstyledButton
              type="button"
              onClick={onClick}
              disabled={ctx.busy}
              w="100%"
              className="addon-clickable"
            >
              {body}
            </UnstyledButton>
          ) : (
            body
          )}
        </Box>
        {d.button ? <CardButton button={d.button} ctx={ctx} /> : null}
        {d.switchControl ? (
          d.switchControl.controlType === 'CHECK_BOX' ? (
            <Checkbox
              name={d.switchControl.name}
              value={d.switchControl.value ?? 'on'}
              defaultChecked={d.switchControl.selected === true}
              aria-label={plainCardText(d.text)}
            />
          ) : (
            <Switch
              name={d.switchControl.name}
              value={d.switchControl.value ?? 'on'}
              defaultChecked={d.switchControl.selected === true}
              aria-label={plainCardText(d.text)}
            />
          )
        ) : null}
      </Group>
    );
  }
  if (widget.buttonList)
    return (
      <Group gap="xs">
        {widget.buttonList.buttons.map((b, i) => (
          <CardButton key={i} button={b} ctx={ctx} />
        ))}
      </Group>
    );
  if (widget.textInput) {
    const t = widget.textInput;
    const common = {
      name: t.name,
      label: t.label ?? t.name,
      defaultValue: t.value ?? '',
      description: t.hintText,
      size: 'sm' as const,
    };
    return t.type === 'MULTIPLE_LINE' ? (
      <Textarea {...common} autosize minRows={3} maxRows={10} />
    ) : (
      <TextInput {...common} />
    );
  }
  if (widget.selectionInput) {
    const s = widget.selectionInput;
    const onChange = s.onChangeAction
      ? () => {
          if (s.onChangeAction) ctx.onAction(s.onChangeAction, ctx.form());
        }
      : undefined;
    if (s.type === 'DROPDOWN')
      return (
        <NativeSelect
          name={s.name}
          label={s.label ?? s.name}
          size="sm"
          defaultValue={s.items.find((i) => i.selected)?.value ?? s.items[0]?.value}
          data={s.items.map((i) => ({ label: i.text, value: i.value }))}
          onChange={onChange}
        />
      );
    if (s.type === 'RADIO_BUTTON')
      return (
        <Radio.Group
          name={s.name}
          label={s.label ?? s.name}
          defaultValue={s.items.find((i) => i.selected)?.value}
          size="sm"
        >
          <Stack gap={6} mt={4}>
            {s.items.map((i) => (
              <Radio key={i.value} name={s.name} value={i.value} label={i.text} onChange={onChange} />
            ))}
          </Stack>
        </Radio.Group>
      );
    // CHECK_BOX, SWITCH and MULTI_SELECT send every chosen value.
    return (
      <Checkbox.Group
        label={s.label ?? s.name}
        defaultValue={s.items.filter((i) => i.selected).map((i) => i.value)}
        size="sm"
      >
        <Stack gap={6} mt={4}>
          {s.items.map((i) =>
            s.type === 'SWITCH' ? (
              <Switch
                key={i.value}
                name={s.name}
                value={i.value}
                label={i.text}
                defaultChecked={i.selected}
                onChange={onChange}
              />
            ) : (
              <Checkbox key={i.value} name={s.name} value={i.value} label={i.text} onChange={onChange} />
            ),
          )}
        </Stack>
      </Checkbox.Group>
    );
  }
  if (widget.dateTimePicker) {
    const p = widget.dateTimePicker;
    const ms = p.valueMsEpoch ? Number(p.valueMsEpoch) : undefined;
    const iso = ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : '';
    const type = p.type === 'DATE_ONLY' ? 'date' : p.type === 'TIME_ONLY' ? 'time' : 'datetime-local';
    const value = type === 'date' ? iso.slice(0, 10) : type === 'time' ? iso.slice(11, 16) : iso.slice(0, 16);
    return <TextInput type={type} name={p.name} label={p.label ?? p.name} defaultValue={value} size="sm" />;
  }
  if (widget.image) {
    const onClick = click(ctx, widget.image.onClick);
    const image = <Image src={widget.image.imageUrl} alt={widget.image.altText ?? ''} radius="sm" />;
    return onClick ? (
      <UnstyledButton type="button" onClick={onClick} aria-label={widget.image.altText ?? 'Image'}>
        {image}
      </UnstyledButton>
    ) : (
      image
    );
  }
  if (widget.divider) return <Divider />;
  if (widget.grid) {
    const g = widget.grid;
    const onClick = click(ctx, g.onClick);
    return (
      <Stack gap={4}>
        {g.title ? (
          <Text size="sm" fw={500}>
            {g.title}
          </Text>
        ) : null}
        <SimpleGrid cols={g.columnCount ?? 2} spacing="xs">
          {g.items.map((item, i) => {
            const content = (
              <Stack gap={2}>
                {item.image ? (
                  <Image src={item.image.imageUri} alt={item.image.altText ?? ''} radius="sm" />
                ) : null}
                {item.title ? <Text size="xs">{item.title}</Text> : null}
                {item.subtitle ? (
                  <Text size="xs" c="dimmed">
                    {item.subtitle}
                  </Text>
                ) : null}
              </Stack>
            );
            return onClick ? (
              <UnstyledButton key={i} type="button" onClick={onClick}>
                {content}
              </UnstyledButton>
            ) : (
              <Box key={i}>{content}</Box>
            );
          })}
        </SimpleGrid>
      </Stack>
    );
  }
  return null;
}

function Section({ section, ctx, index }: { section: AddonSection; ctx: Ctx; index: number }) {
  const [expanded, setExpanded] = useState(false);
  const { shown, collapsible } = sectionLayout(section);
  const title = section.header ? plainCardText(section.header) : undefined;
  const id = `addon-section-${index}`;
  return (
    <Box component="section" aria-label={title ?? `Section ${index + 1}`} px="md" py="sm" data-section>
      {section.header ? (
        <Text size="sm" fw={600} c="dimmed" mb={6}>
          <FormattedText text={section.header} />
        </Text>
      ) : null}
      <Stack gap="sm" id={id}>
        {section.widgets.map((w, i) => (
          // Collapsed widgets stay in the form (hidden), so an action still sends their values.
          <Box key={i} hidden={collapsible && !expanded && i >= shown}>
            <Widget widget={w} ctx={ctx} />
          </Box>
        ))}
      </Stack>
      {collapsible ? (
        <Button
          type="button"
          variant="subtle"
          size="compact-xs"
          mt={6}
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((e) => !e)}
        >
          {expanded ? 'Show less' : `Show ${section.widgets.length - shown} more`}
        </Button>
      ) : null}
    </Box>
  );
}

/**
 * One add-on card as Gmail's sidebar draws it: header (with the back arrow once a card was pushed),
 * sections with their widgets, collapsible sections, and the fixed footer. The card is one form:
 * an action sends every input's value, as Google's event does.
 */
export function AddonCardView({
  card,
  handlers,
  onBack,
}: {
  card: AddonCard;
  handlers: CardHandlers;
  /** Present when a card lies below this one (Gmail's back arrow pops without calling the add-on). */
  onBack?: (() => void) | undefined;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const ctx: Ctx = { ...handlers, form: () => formRef.current };
  const title = card.header?.title;
  return (
    <form
      ref={formRef}
      aria-label={title ? `Card: ${title}` : 'Add-on card'}
      onSubmit={(e) => e.preventDefault()}
      style={{ display: 'flex', flexDirection: 'column', minHeight: '100%' }}
    >
      {card.header || onBack ? (
        <Group
          gap="sm"
          px="md"
          py="sm"
          wrap="nowrap"
          style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
        >
          {onBack ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label="Back"
              onClick={onBack}
              disabled={handlers.busy}
            >
              <IconArrowLeft size={18} aria-hidden />
            </ActionIcon>
          ) : null}
          {card.header?.imageUrl ? (
            <Avatar
              src={card.header.imageUrl}
              alt={card.header.imageAltText ?? ''}
              radius={card.header.imageType === 'SQUARE' ? 'sm' : 'xl'}
              size={36}
            />
          ) : null}
          {card.header ? (
            <Box style={{ minWidth: 0 }}>
              <Text fw={600} size="md" component="h2" m={0} style={{ overflowWrap: 'anywhere' }}>
                {card.header.title}
              </Text>
              {card.header.subtitle ? (
                <Text size="xs" c="dimmed">
                  {card.header.subtitle}
                </Text>
              ) : null}
            </Box>
          ) : null}
        </Group>
      ) : null}
      <Box style={{ flex: 1 }}>
        {card.sections.map((section, i) => (
          <Box key={i}>
            {i > 0 ? <Divider /> : null}
            <Section section={section} ctx={ctx} index={i} />
          </Box>
        ))}
      </Box>
      {card.fixedFooter ? (
        <Group
          gap="xs"
          px="md"
          py="sm"
          justify="flex-end"
          style={{
            position: 'sticky',
            bottom: 0,
            background: 'var(--mantine-color-body)',
            borderTop: '1px solid var(--mantine-color-gray-3)',
          }}
          data-fixed-footer
        >
          {card.fixedFooter.secondaryButton ? (
            <CardButton button={card.fixedFooter.secondaryButton} ctx={ctx} />
          ) : null}
          {card.fixedFooter.primaryButton ? (
            <CardButton button={card.fixedFooter.primaryButton} ctx={ctx} primary />
          ) : null}
        </Group>
      ) : null}
    </form>
  );
}
